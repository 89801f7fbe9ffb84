// Streaming chat for the assistant: yields text deltas as they arrive and logs the call when the stream ends.
import type { ServiceContext } from '../../lib/context.js'
import { and, asc, eq } from 'drizzle-orm'
import { BudgetExceededError } from '../../lib/errors.js'
import { agentConfigs, type AgentRole } from './schema.js'
import { getAgent, type Agent } from './agents.js'
import { providerEndpoint } from './providers.js'
import { callCostUsd, findOrAddModel } from './model-catalog.js'
import { defaultRetryOptions, openAiClient, withRetries, toProviderError, type ChatMessage, type RetryOptions } from './provider-client.js'
import { recordCall, type CallLinks } from './call-log.js'
import { checkBudgets } from './budgets.js'
import { estimateChatTokens, estimateTokens } from './tokens.js'
import { dataGuard } from './prompt.js'
import { LlmCancelledError, NoChatProviderError } from './llm-errors.js'

export type ChatStreamInput = {
  /** Defaults to the first active agent with the role 'assistant'. */
  agentId?: string
  messages: ChatMessage[]
  signal?: AbortSignal
  purpose?: string
  links?: CallLinks
  retry?: Partial<RetryOptions>
  /** Told what the call cost once it is logged (the assistant keeps per-answer analytics). */
  onCallRecorded?: (call: RecordedChatCall) => void
}

export type RecordedChatCall = {
  callId: string
  provider: string
  model: string
  temperature: number | null
  tokensIn: number
  tokensOut: number
  costUsd: number
  latencyMs: number
  status: 'ok' | 'error' | 'cancelled' | 'blocked'
}

/** The workspace's first active agent with this role (the oldest), or null. */
export async function firstActiveAgent(ctx: ServiceContext, role: AgentRole): Promise<Agent | null> {
  const [agent] = await ctx.database.db
    .select()
    .from(agentConfigs)
    .where(and(eq(agentConfigs.workspaceId, ctx.workspaceId), eq(agentConfigs.role, role), eq(agentConfigs.isActive, true)))
    .orderBy(asc(agentConfigs.createdAt))
    .limit(1)
  return agent ?? null
}

/** The agent a chat goes to: `agentId`, or the workspace's first active assistant agent. */
export async function chatAgent(ctx: ServiceContext, agentId?: string): Promise<Agent | null> {
  return agentId ? getAgent(ctx, agentId) : firstActiveAgent(ctx, 'assistant')
}

/** Throws NoChatProviderError before yielding anything when no remote model is configured. */
export async function* chatStream(ctx: ServiceContext, input: ChatStreamInput): AsyncIterable<string> {
  const agent = await chatAgent(ctx, input.agentId)
  const endpoint = agent?.isActive && agent.providerId ? await providerEndpoint(ctx, agent.providerId) : null
  if (!agent || !endpoint || !endpoint.isActive || endpoint.type === 'local') throw new NoChatProviderError()
  const model = await findOrAddModel(ctx, agent.modelName)
  const system = [agent.systemPrompt.trim(), dataGuard].filter(Boolean).join('\n\n')
  const messages: ChatMessage[] = [{ role: 'system', content: system }, ...input.messages]
  const estimatedIn = estimateChatTokens(messages)
  const base = {
    providerId: endpoint.id,
    provider: endpoint.name,
    model: agent.modelName,
    agentId: agent.id,
    agentRole: agent.role,
    taskName: null,
    purpose: input.purpose ?? 'chat',
    links: input.links,
    cached: false,
  }
  try {
    await checkBudgets(ctx, { agentId: agent.id, agentRole: agent.role }, callCostUsd(model, estimatedIn, agent.maxTokens ?? 1000))
  } catch (error) {
    if (error instanceof BudgetExceededError) {
      const callId = await recordCall(ctx, {
        ...base,
        tokensIn: 0,
        tokensOut: 0,
        tokensCounted: false,
        costUsd: 0,
        latencyMs: 0,
        attempts: 0,
        status: 'blocked',
        error: error.message,
      })
      input.onCallRecorded?.({
        callId,
        provider: base.provider,
        model: base.model,
        temperature: agent.temperature,
        tokensIn: 0,
        tokensOut: 0,
        costUsd: 0,
        latencyMs: 0,
        status: 'blocked',
      })
    }
    throw error
  }

  const retry = { ...defaultRetryOptions, ...input.retry }
  const client = openAiClient(endpoint, retry.timeoutMs)
  const started = performance.now()
  let text = ''
  let reported: { in: number; out: number } | null = null
  let attempts = 0
  let status: 'ok' | 'error' | 'cancelled' = 'ok'
  let errorMessage: string | null = null
  try {
    // Only opening the stream is retried: once text has been yielded, a retry would repeat it.
    const opened = await withRetries(endpoint, retry, input.signal, () =>
      client.chat.completions.create(
        {
          model: agent.modelName,
          messages,
          temperature: agent.temperature,
          ...(agent.maxTokens ? { max_tokens: agent.maxTokens } : {}),
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal: input.signal },
      ),
    )
    attempts = opened.attempts
    for await (const chunk of opened.value) {
      if (chunk.usage) reported = { in: chunk.usage.prompt_tokens, out: chunk.usage.completion_tokens }
      const delta = chunk.choices[0]?.delta?.content
      if (delta) {
        text += delta
        yield delta
      }
    }
  } catch (error) {
    const typed =
      error instanceof LlmCancelledError || input.signal?.aborted
        ? new LlmCancelledError()
        : toProviderError(error, endpoint, attempts || 1)
    status = typed instanceof LlmCancelledError ? 'cancelled' : 'error'
    errorMessage = typed.message
    throw typed
  } finally {
    const tokensIn = reported?.in ?? estimatedIn
    const tokensOut = reported?.out ?? estimateTokens(text)
    const costUsd = callCostUsd(model, tokensIn, tokensOut)
    const latencyMs = Math.round(performance.now() - started)
    const callId = await recordCall(ctx, {
      ...base,
      tokensIn,
      tokensOut,
      tokensCounted: reported === null,
      costUsd,
      latencyMs,
      attempts: Math.max(attempts, 1),
      status,
      error: errorMessage,
    })
    input.onCallRecorded?.({
      callId,
      provider: base.provider,
      model: base.model,
      temperature: agent.temperature,
      tokensIn,
      tokensOut,
      costUsd,
      latencyMs,
      status,
    })
  }
}
