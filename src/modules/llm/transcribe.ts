// Speech to text through an OpenAI-compatible `/audio/transcriptions` endpoint, for voice questions (Telegram voice
// notes, the voice API). The endpoint is the provider of the workspace's first active agent with the role
// 'transcriber' (its model name, e.g. whisper-1, is sent as `model`); there is no local fallback because the
// no-key default has no speech model.
import { toFile } from 'openai'
import type { ServiceContext } from '../../lib/context.js'
import { AppError, BudgetExceededError } from '../../lib/errors.js'
import { firstActiveAgent } from './chat-stream.js'
import { providerEndpoint } from './providers.js'
import { defaultRetryOptions, openAiClient, toProviderError, withRetries } from './provider-client.js'
import { recordCall, type CallLinks } from './call-log.js'
import { checkBudgets } from './budgets.js'
import { estimateTokens } from './tokens.js'

export class NoTranscriberError extends AppError {
  constructor() {
    super(
      'no_transcriber',
      'Voice needs a speech-to-text model: add an agent with the role "transcriber" whose provider serves /audio/transcriptions (e.g. model whisper-1)',
      409,
    )
  }
}

export type TranscribeInput = {
  audio: Buffer
  /** The file name sent to the endpoint; its extension tells most servers the format (voice.ogg, note.mp3). */
  filename: string
  mimeType?: string
  language?: string
  links?: CallLinks
  signal?: AbortSignal
}

/** The spoken text. Throws NoTranscriberError when no transcriber is configured, BudgetExceededError when blocked. */
export async function transcribeAudio(ctx: ServiceContext, input: TranscribeInput): Promise<{ text: string; model: string }> {
  const agent = await firstActiveAgent(ctx, 'transcriber')
  const endpoint = agent?.providerId ? await providerEndpoint(ctx, agent.providerId) : null
  if (!agent || !endpoint || !endpoint.isActive || endpoint.type === 'local') throw new NoTranscriberError()
  const base = {
    providerId: endpoint.id,
    provider: endpoint.name,
    model: agent.modelName,
    agentId: agent.id,
    agentRole: agent.role,
    taskName: null,
    purpose: 'transcription',
    links: input.links,
    cached: false,
  }
  try {
    // Transcription is priced per minute, which the model catalogue does not hold: the budget sees the call at no
    // estimated cost, so a budget already spent still blocks it.
    await checkBudgets(ctx, { agentId: agent.id, agentRole: agent.role }, 0)
  } catch (error) {
    if (error instanceof BudgetExceededError) {
      await recordCall(ctx, {
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
    }
    throw error
  }
  const client = openAiClient(endpoint, defaultRetryOptions.timeoutMs)
  const started = performance.now()
  let attempts = 0
  try {
    const result = await withRetries(endpoint, defaultRetryOptions, input.signal, async () =>
      client.audio.transcriptions.create(
        {
          file: await toFile(input.audio, input.filename, input.mimeType ? { type: input.mimeType } : undefined),
          model: agent.modelName,
          ...(input.language ? { language: input.language } : {}),
        },
        { signal: input.signal },
      ),
    )
    attempts = result.attempts
    const text = result.value.text.trim()
    await recordCall(ctx, {
      ...base,
      tokensIn: 0,
      tokensOut: estimateTokens(text),
      tokensCounted: true,
      costUsd: 0,
      latencyMs: Math.round(performance.now() - started),
      attempts,
      status: 'ok',
      error: null,
    })
    return { text, model: agent.modelName }
  } catch (error) {
    const typed = error instanceof AppError ? error : toProviderError(error, endpoint, attempts || 1)
    await recordCall(ctx, {
      ...base,
      tokensIn: 0,
      tokensOut: 0,
      tokensCounted: false,
      costUsd: 0,
      latencyMs: Math.round(performance.now() - started),
      attempts: Math.max(attempts, 1),
      status: 'error',
      error: (typed as Error).message,
    })
    throw typed
  }
}
