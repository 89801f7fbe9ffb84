// LLM providers (seed 0 llm_providers): CRUD with the API key encrypted at rest, and validation against the endpoint.
// The key leaves this file only decrypted into an in-memory ProviderEndpoint; views carry `hasApiKey` instead.
import { and, asc, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { createSelectSchema } from 'drizzle-zod'
import type { ServiceContext } from '../../lib/context.js'
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js'
import { agentConfigs, llmProviders } from './schema.js'
import { decryptWithKeyRing, encryptWithKeyRing } from '../../lib/key-ring.js'
import { causeSuffix, openAiClient, redactKey, resolveBaseUrl, type ProviderEndpoint, type ProviderType } from './provider-client.js'
import { isUniqueViolation } from '../../db/unique-violation.js'

type ProviderRow = typeof llmProviders.$inferSelect

export const providerViewSchema = createSelectSchema(llmProviders).omit({ apiKeyEncrypted: true }).extend({ hasApiKey: z.boolean() })
export type ProviderView = z.infer<typeof providerViewSchema>
/** After validation: the models the endpoint listed, when it lists them. */
export const validatedProviderSchema = providerViewSchema.extend({ models: z.array(z.string()).optional() })

export type ProviderInput = {
  name: string
  type: ProviderType
  baseUrl?: string | null
  apiKey?: string | null
  isActive?: boolean
}

export function toProviderView(row: ProviderRow): ProviderView {
  const { apiKeyEncrypted, ...rest } = row
  return { ...rest, hasApiKey: Boolean(apiKeyEncrypted) }
}

function checkProviderInput(input: Pick<ProviderInput, 'type' | 'baseUrl'>) {
  if (input.type === 'openai_compatible' && !input.baseUrl) {
    throw new ValidationError('An openai_compatible provider needs a base URL', [
      { path: 'baseUrl', message: 'Required for openai_compatible' },
    ])
  }
}

export async function createProvider(ctx: ServiceContext, input: ProviderInput): Promise<ProviderView> {
  checkProviderInput(input)
  try {
    const [row] = await ctx.database.db
      .insert(llmProviders)
      .values({
        workspaceId: ctx.workspaceId,
        name: input.name,
        type: input.type,
        baseUrl: input.baseUrl ?? null,
        apiKeyEncrypted: input.apiKey ? encryptWithKeyRing(ctx.config, input.apiKey) : null,
        isActive: input.isActive ?? true,
        // The local provider needs no network, so there is nothing to validate.
        validationStatus: input.type === 'local' ? 'connected' : 'pending',
      })
      .returning()
    return toProviderView(row)
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`A provider named ${input.name} already exists`)
    throw error
  }
}

async function providerRow(ctx: ServiceContext, id: string): Promise<ProviderRow> {
  const [row] = await ctx.database.db
    .select()
    .from(llmProviders)
    .where(and(eq(llmProviders.workspaceId, ctx.workspaceId), eq(llmProviders.id, id)))
  if (!row) throw new NotFoundError('Provider')
  return row
}

export async function getProvider(ctx: ServiceContext, id: string): Promise<ProviderView> {
  return toProviderView(await providerRow(ctx, id))
}

export async function listProviders(ctx: ServiceContext): Promise<ProviderView[]> {
  const rows = await ctx.database.db
    .select()
    .from(llmProviders)
    .where(eq(llmProviders.workspaceId, ctx.workspaceId))
    .orderBy(asc(llmProviders.name))
  return rows.map(toProviderView)
}

/** `apiKey: null` removes the key; an absent apiKey keeps it. Changing the endpoint resets validation. */
export async function updateProvider(ctx: ServiceContext, id: string, input: Partial<ProviderInput>): Promise<ProviderView> {
  const current = await providerRow(ctx, id)
  checkProviderInput({ type: input.type ?? current.type, baseUrl: input.baseUrl === undefined ? current.baseUrl : input.baseUrl })
  const endpointChanged = input.type !== undefined || input.baseUrl !== undefined || input.apiKey !== undefined
  const [row] = await ctx.database.db
    .update(llmProviders)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.type !== undefined ? { type: input.type } : {}),
      ...(input.baseUrl !== undefined ? { baseUrl: input.baseUrl } : {}),
      ...(input.isActive !== undefined ? { isActive: input.isActive } : {}),
      ...(input.apiKey !== undefined ? { apiKeyEncrypted: input.apiKey ? encryptWithKeyRing(ctx.config, input.apiKey) : null } : {}),
      ...(endpointChanged ? { validationStatus: 'pending' as const, validationError: null, validatedAt: null } : {}),
      updatedAt: sql`now()`,
    })
    .where(and(eq(llmProviders.workspaceId, ctx.workspaceId), eq(llmProviders.id, id)))
    .returning()
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new ConflictError(`A provider named ${input.name} already exists`)
      throw error
    })
  return toProviderView(row)
}

export async function deleteProvider(ctx: ServiceContext, id: string): Promise<void> {
  await providerRow(ctx, id)
  await ctx.database.db.delete(llmProviders).where(and(eq(llmProviders.workspaceId, ctx.workspaceId), eq(llmProviders.id, id)))
}

/** The decrypted endpoint for a call; stays in memory for the duration of the call. */
export async function providerEndpoint(ctx: ServiceContext, id: string): Promise<ProviderEndpoint & { isActive: boolean }> {
  const row = await providerRow(ctx, id)
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    baseUrl: row.baseUrl,
    apiKey: row.apiKeyEncrypted ? decryptWithKeyRing(ctx.config, row.apiKeyEncrypted) : null,
    isActive: row.isActive,
  }
}

async function setValidation(ctx: ServiceContext, id: string, status: ProviderRow['validationStatus'], error: string | null) {
  const [row] = await ctx.database.db
    .update(llmProviders)
    .set({
      validationStatus: status,
      validationError: error,
      validatedAt: status === 'validating' ? undefined : sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(llmProviders.workspaceId, ctx.workspaceId), eq(llmProviders.id, id)))
    .returning()
  return row
}

/** Lists the endpoint's models (cheap, no tokens spent) and records connected or the error. */
export async function validateProvider(
  ctx: ServiceContext,
  id: string,
  options: { timeoutMs?: number } = {},
): Promise<z.infer<typeof validatedProviderSchema>> {
  const endpoint = await providerEndpoint(ctx, id)
  if (endpoint.type === 'local') return toProviderView(await setValidation(ctx, id, 'connected', null))
  await setValidation(ctx, id, 'validating', null)
  try {
    resolveBaseUrl(endpoint)
    const client = openAiClient(endpoint, options.timeoutMs ?? 15_000)
    const models = await listEndpointModels(ctx, id, client)
    return { ...toProviderView(await setValidation(ctx, id, 'connected', null)), ...(models ? { models } : {}) }
  } catch (error) {
    const status = (error as { status?: number }).status
    const raw = (error instanceof Error ? error.message : String(error)) + causeSuffix(error)
    const message = redactKey(status ? `HTTP ${status}: ${raw}` : raw, endpoint.apiKey).slice(0, 500)
    ctx.log.warn({ providerId: id, provider: endpoint.name, error: message }, 'Provider validation failed')
    return toProviderView(await setValidation(ctx, id, 'error', message))
  }
}

/**
 * The models list costs nothing; some OpenAI-compatible servers do not serve it (404/405), and then a one-token
 * completion with the model of an agent using this provider proves the endpoint and key instead.
 */
async function listEndpointModels(ctx: ServiceContext, providerId: string, client: ReturnType<typeof openAiClient>) {
  try {
    const models: string[] = []
    for await (const model of client.models.list()) {
      models.push(model.id)
      if (models.length >= 500) break
    }
    return models
  } catch (error) {
    const status = (error as { status?: number }).status
    if (status !== 404 && status !== 405) throw error
    const [agent] = await ctx.database.db
      .select({ modelName: agentConfigs.modelName })
      .from(agentConfigs)
      .where(and(eq(agentConfigs.workspaceId, ctx.workspaceId), eq(agentConfigs.providerId, providerId)))
      .limit(1)
    if (!agent) throw error
    await client.chat.completions.create({ model: agent.modelName, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 })
    return null
  }
}
