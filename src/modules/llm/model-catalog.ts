// The model catalog: prices and capabilities per workspace, seeded lazily from model-catalog-seed.ts, editable.
import { z } from 'zod'
import { createSelectSchema } from 'drizzle-zod'
import { and, asc, eq, sql } from 'drizzle-orm'
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import { llmModels } from './schema.js'
import { modelCatalogSeed } from './model-catalog-seed.js'

export const catalogModelSchema = createSelectSchema(llmModels)
export type CatalogModel = z.infer<typeof catalogModelSchema>
export type ModelUpdate = Partial<
  Pick<
    CatalogModel,
    | 'vendor'
    | 'name'
    | 'contextWindow'
    | 'maxOutputTokens'
    | 'inputCostPerM'
    | 'outputCostPerM'
    | 'supportsTools'
    | 'supportsVision'
    | 'supportsJsonSchema'
  >
>

const seeded = new WeakMap<object, Set<string>>()

/** Inserts the shipped rows a workspace lacks; rows already there (edited or not) are left alone. */
export async function ensureModelCatalog(ctx: ServiceContext): Promise<void> {
  const done = seeded.get(ctx.database) ?? new Set<string>()
  seeded.set(ctx.database, done)
  if (done.has(ctx.workspaceId)) return
  await ctx.database.db
    .insert(llmModels)
    .values(modelCatalogSeed.map((row) => ({ ...row, workspaceId: ctx.workspaceId })))
    .onConflictDoNothing()
  done.add(ctx.workspaceId)
}

export async function listModels(ctx: ServiceContext): Promise<CatalogModel[]> {
  await ensureModelCatalog(ctx)
  return ctx.database.db
    .select()
    .from(llmModels)
    .where(eq(llmModels.workspaceId, ctx.workspaceId))
    .orderBy(asc(llmModels.vendor), asc(llmModels.modelId))
}

/** The catalog row of a model; an unknown model is added with zero price and flagged, so calls still work. */
export async function findOrAddModel(ctx: ServiceContext, modelId: string): Promise<CatalogModel> {
  await ensureModelCatalog(ctx)
  const where = and(eq(llmModels.workspaceId, ctx.workspaceId), eq(llmModels.modelId, modelId))
  const [found] = await ctx.database.db.select().from(llmModels).where(where)
  if (found) return found
  await ctx.database.db
    .insert(llmModels)
    .values({ workspaceId: ctx.workspaceId, modelId, vendor: 'unknown', name: modelId, isUnknown: true })
    .onConflictDoNothing()
  ctx.log.warn({ model: modelId }, 'Model not in the catalog: added with zero price; set its price with PUT /api/v1/llm/models/<modelId>')
  const [added] = await ctx.database.db.select().from(llmModels).where(where)
  return added
}

/** Creates or replaces a catalog row by model id; an edited row is no longer flagged unknown. */
export async function upsertModel(ctx: ServiceContext, modelId: string, input: ModelUpdate): Promise<CatalogModel> {
  await ensureModelCatalog(ctx)
  const [row] = await ctx.database.db
    .insert(llmModels)
    .values({ workspaceId: ctx.workspaceId, modelId, vendor: input.vendor ?? 'custom', name: input.name ?? modelId, ...input })
    .onConflictDoUpdate({
      target: [llmModels.workspaceId, llmModels.modelId],
      set: { ...input, isUnknown: false, updatedAt: sql`now()` },
    })
    .returning()
  return row
}

export async function deleteModel(ctx: ServiceContext, modelId: string): Promise<void> {
  const deleted = await ctx.database.db
    .delete(llmModels)
    .where(and(eq(llmModels.workspaceId, ctx.workspaceId), eq(llmModels.modelId, modelId)))
    .returning({ id: llmModels.id })
  if (deleted.length === 0) throw new NotFoundError(`Model ${modelId}`)
}

/** USD for a call: prices are per 1M tokens. Rounded to 1e-9 so sums do not accumulate float noise. */
export function callCostUsd(model: Pick<CatalogModel, 'inputCostPerM' | 'outputCostPerM'>, tokensIn: number, tokensOut: number) {
  const cost = (tokensIn * model.inputCostPerM + tokensOut * model.outputCostPerM) / 1_000_000
  return Math.round(cost * 1e9) / 1e9
}
