// The one call path for structured LLM work: resolve the task's agent and provider (or the local analyser),
// render the prompt, check budgets, call with JSON-schema output where the model supports it, validate with ajv,
// repair once, log the call with tokens, cost and latency.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { BudgetExceededError, ConflictError, NotFoundError, ValidationError, zodIssuesToDetails } from '../../lib/errors.js'
import { localAnalyser } from './local-provider.js'
import { builtinTasks, type BuiltinTaskKey, type BuiltinTaskOutput } from './builtin-tasks.js'
import { findTaskConfigByName, isBuiltinTaskKey } from './builtin-task-configs.js'
import { assignedAgent, getAgent, type Agent } from './agents.js'
import { providerEndpoint } from './providers.js'
import { callCostUsd, findOrAddModel, type CatalogModel } from './model-catalog.js'
import { buildTaskMessages } from './prompt.js'
import { parseModelReply, withoutMetaSchema } from './json-output.js'
import { completeChat, defaultRetryOptions, type ChatMessage, type ProviderEndpoint, type RetryOptions } from './provider-client.js'
import { recordCall, type CallLinks, type CallRecord } from './call-log.js'
import { checkBudgets } from './budgets.js'
import { estimateChatTokens, estimateTokens } from './tokens.js'
import { LlmCancelledError, LlmInvalidOutputError } from './llm-errors.js'
import type { TaskConfig } from './task-configs.js'

export type RunTaskInput = {
  /** A built-in task key or the name of a task config. */
  task: BuiltinTaskKey | string
  input: object
  /** What the call is for, as reported by GET /llm/usage?groupBy=purpose (e.g. 'noise', 'analysis-run'). */
  purpose: string
  /** Overrides the agent assigned to the task config. */
  agentId?: string
  links?: CallLinks
  signal?: AbortSignal
  /** Retry and timeout tuning (defaults: 3 retries, 0.5 s base backoff, 60 s per attempt). */
  retry?: Partial<RetryOptions>
}

export const runTaskResultSchema = z.object({
  /** The task's validated output (its response schema's shape). */
  output: z.unknown(),
  callId: z.string(),
  provider: z.string(),
  model: z.string(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  costUsd: z.number(),
  latencyMs: z.number(),
})
export type RunTaskResult<T = unknown> = Omit<z.infer<typeof runTaskResultSchema>, 'output'> & { output: T }

export const localModelName = 'local-analyser'
/** Output tokens assumed for the pre-call budget estimate when the agent sets no max_tokens. */
const assumedOutputTokens = 1000

export async function runTask<K extends BuiltinTaskKey>(
  ctx: ServiceContext,
  input: RunTaskInput & { task: K },
): Promise<RunTaskResult<BuiltinTaskOutput<K>>>
export async function runTask(ctx: ServiceContext, input: RunTaskInput): Promise<RunTaskResult<unknown>>
export async function runTask(ctx: ServiceContext, input: RunTaskInput): Promise<RunTaskResult<unknown>> {
  const config = await findTaskConfigByName(ctx, input.task)
  if (!config) throw new NotFoundError(`Task config ${input.task}`)
  const builtinKey = config.builtinKey && isBuiltinTaskKey(config.builtinKey) ? config.builtinKey : null
  const taskInput = parseTaskInput(builtinKey, input.input)

  const agent = input.agentId ? await getAgent(ctx, input.agentId) : config.isActive ? await assignedAgent(ctx, config.id) : null
  const endpoint = agent?.isActive && agent.providerId ? await providerEndpoint(ctx, agent.providerId) : null
  if (!agent || !endpoint || !endpoint.isActive || endpoint.type === 'local') {
    if (!builtinKey) {
      throw new ConflictError(`Task ${config.name} has no active agent with a provider, and only built-in tasks run locally`)
    }
    return runLocally(ctx, input, builtinKey, taskInput, agent)
  }
  return runRemotely(ctx, input, config, builtinKey, taskInput, agent, endpoint)
}

function parseTaskInput(builtinKey: BuiltinTaskKey | null, raw: object): Record<string, unknown> {
  if (!builtinKey) return raw as Record<string, unknown>
  const parsed = builtinTasks[builtinKey].input.safeParse(raw)
  if (!parsed.success) {
    throw new ValidationError(
      `Invalid input for task ${builtinKey}`,
      zodIssuesToDetails(parsed.error.issues).map((d) => ({ ...d, path: `input.${d.path}` })),
    )
  }
  return parsed.data as Record<string, unknown>
}

function baseRecord(input: RunTaskInput, agent: Agent | null, taskName: string) {
  return { agentId: agent?.id ?? null, agentRole: agent?.role ?? null, taskName, purpose: input.purpose, links: input.links }
}

async function runLocally(
  ctx: ServiceContext,
  input: RunTaskInput,
  key: BuiltinTaskKey,
  taskInput: Record<string, unknown>,
  agent: Agent | null,
): Promise<RunTaskResult> {
  const started = performance.now()
  const record = {
    ...baseRecord(input, agent, key),
    providerId: null,
    provider: 'local',
    model: localModelName,
    tokensIn: estimateTokens(JSON.stringify(taskInput)),
    tokensCounted: true,
    costUsd: 0,
    attempts: 1,
    cached: false,
  }
  try {
    const output = await localAnalyser()(key, taskInput as never)
    const tokensOut = estimateTokens(JSON.stringify(output))
    const latencyMs = Math.round(performance.now() - started)
    const callId = await recordCall(ctx, { ...record, tokensOut, latencyMs, status: 'ok', error: null })
    return { output, callId, provider: 'local', model: localModelName, tokensIn: record.tokensIn, tokensOut, costUsd: 0, latencyMs }
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started)
    await recordCall(ctx, { ...record, tokensOut: 0, latencyMs, status: 'error', error: (error as Error).message })
    throw error
  }
}

type Usage = { tokensIn: number; tokensOut: number; counted: boolean; cached: boolean; attempts: number }

async function runRemotely(
  ctx: ServiceContext,
  input: RunTaskInput,
  config: TaskConfig,
  builtinKey: BuiltinTaskKey | null,
  taskInput: Record<string, unknown>,
  agent: Agent,
  endpoint: ProviderEndpoint,
): Promise<RunTaskResult> {
  const model = await findOrAddModel(ctx, agent.modelName)
  const schema = config.responseSchema
  const messages = buildTaskMessages({
    systemPrompt: agent.systemPrompt,
    template: config.promptTemplate,
    input: taskInput,
    responseSchema: schema,
    instructSchema: !model.supportsJsonSchema,
  })
  const usage: Usage = { tokensIn: 0, tokensOut: 0, counted: false, cached: false, attempts: 0 }
  const record = (status: CallRecord['status'], error: string | null, latencyMs: number) =>
    recordCall(ctx, {
      ...baseRecord(input, agent, config.name),
      providerId: endpoint.id,
      provider: endpoint.name,
      model: agent.modelName,
      tokensIn: usage.tokensIn,
      tokensOut: usage.tokensOut,
      tokensCounted: usage.counted,
      costUsd: callCostUsd(model, usage.tokensIn, usage.tokensOut),
      latencyMs,
      attempts: usage.attempts,
      cached: usage.cached,
      status,
      error,
    })

  const expectedOut = Math.min(agent.maxTokens ?? assumedOutputTokens, model.maxOutputTokens || Infinity)
  try {
    await checkBudgets(ctx, { agentId: agent.id, agentRole: agent.role }, callCostUsd(model, estimateChatTokens(messages), expectedOut))
  } catch (error) {
    if (error instanceof BudgetExceededError) await record('blocked', error.message, 0)
    throw error
  }

  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  try {
    const output = await completeValidated(ctx, {
      input,
      agent,
      endpoint,
      model,
      schema,
      builtinKey,
      messages,
      usage,
      configName: config.name,
    })
    const latencyMs = elapsed()
    const callId = await record('ok', null, latencyMs)
    return {
      output,
      callId,
      provider: endpoint.name,
      model: agent.modelName,
      tokensIn: usage.tokensIn,
      tokensOut: usage.tokensOut,
      costUsd: callCostUsd(model, usage.tokensIn, usage.tokensOut),
      latencyMs,
    }
  } catch (error) {
    const status = error instanceof LlmInvalidOutputError ? 'invalid_output' : error instanceof LlmCancelledError ? 'cancelled' : 'error'
    await record(status, (error as Error).message, elapsed())
    throw error
  }
}

/** Calls the model, and once more with the validation errors if the first reply is not valid. */
async function completeValidated(
  ctx: ServiceContext,
  call: {
    input: RunTaskInput
    agent: Agent
    endpoint: ProviderEndpoint
    model: CatalogModel
    schema: Record<string, unknown>
    builtinKey: BuiltinTaskKey | null
    messages: ChatMessage[]
    usage: Usage
    configName: string
  },
): Promise<unknown> {
  const retry = { ...defaultRetryOptions, ...call.input.retry }
  const responseFormat = call.model.supportsJsonSchema
    ? ({
        type: 'json_schema',
        json_schema: {
          name: call.configName.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64),
          schema: withoutMetaSchema(call.schema),
          strict: false,
        },
      } as const)
    : undefined
  const messages = [...call.messages]
  let errors: string[] = []
  for (let round = 0; round < 2; round++) {
    const reply = await completeChat(
      call.endpoint,
      { model: call.agent.modelName, messages, temperature: call.agent.temperature, maxTokens: call.agent.maxTokens, responseFormat },
      { retry, signal: call.input.signal },
    )
    call.usage.attempts += reply.attempts
    call.usage.tokensIn += reply.tokensIn ?? estimateChatTokens(messages)
    call.usage.tokensOut += reply.tokensOut ?? estimateTokens(reply.text)
    call.usage.counted ||= reply.tokensIn === null || reply.tokensOut === null
    call.usage.cached ||= reply.cachedTokens > 0
    const parsed = parseModelReply(call.schema, reply.text)
    errors = parsed.errors
    if (errors.length === 0 && call.builtinKey) {
      // The stored schema is editable; the built-in contract is what callers rely on, so it is checked too.
      const contract = builtinTasks[call.builtinKey].output.safeParse(parsed.value)
      if (contract.success) return contract.data
      errors = zodIssuesToDetails(contract.error.issues).map((d) => `/${d.path} ${d.message}`)
    } else if (errors.length === 0) return parsed.value
    ctx.log.info({ task: call.configName, round, errors }, 'LLM reply failed validation')
    messages.push(
      { role: 'assistant', content: reply.text },
      {
        role: 'user',
        content: `That reply is not valid: ${errors.join('; ')}. Reply again with only the corrected JSON object.`,
      },
    )
  }
  throw new LlmInvalidOutputError(`The model's reply for task ${call.configName} was invalid after one repair attempt`, errors)
}

/**
 * Whether runTask would call a remote model for this task config (an active assignment to an active agent with an
 * active, non-local provider). Per-message paths ask first and call the local rules directly when it would not,
 * instead of logging a local call for every message.
 */
export async function taskHasRemoteAgent(ctx: ServiceContext, task: string): Promise<boolean> {
  const rows = await ctx.database.query(
    `SELECT 1 FROM task_configs tc
     JOIN agent_task_assignments a ON a.task_id = tc.id AND a.is_active
     JOIN agent_configs ag ON ag.id = a.agent_id AND ag.is_active
     JOIN llm_providers p ON p.id = ag.provider_id AND p.is_active AND p.type <> 'local'
     WHERE tc.workspace_id = $1 AND tc.name = $2 AND tc.is_active
     LIMIT 1`,
    [ctx.workspaceId, task],
  )
  return rows.length > 0
}
