// Talks to OpenAI-compatible endpoints through the openai SDK: one client per call, our own retry loop
// (429/5xx/timeouts, exponential backoff honouring Retry-After), cancellation, and key-free error messages.
import OpenAI from 'openai'
import type { providerTypes } from './schema.js'
import { LlmCancelledError, LlmProviderError } from './llm-errors.js'

export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string }
export type ProviderType = (typeof providerTypes)[number]

export type ProviderEndpoint = {
  id: string | null
  name: string
  type: ProviderType
  baseUrl: string | null
  apiKey: string | null
}

export type RetryOptions = {
  maxRetries: number
  baseDelayMs: number
  maxDelayMs: number
  /** Per attempt. */
  timeoutMs: number
  /** Injectable for tests: receives every backoff delay. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export const defaultRetryOptions: RetryOptions = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000, timeoutMs: 60_000 }

const defaultBaseUrls: Partial<Record<ProviderType, string>> = {
  openai: 'https://api.openai.com/v1',
  ollama: 'http://127.0.0.1:11434/v1',
}

export function resolveBaseUrl(endpoint: Pick<ProviderEndpoint, 'type' | 'baseUrl'>): string {
  const url = endpoint.baseUrl ?? defaultBaseUrls[endpoint.type]
  if (!url) throw new LlmProviderError(`A ${endpoint.type} provider needs a base URL`, { provider: endpoint.type })
  return url
}

export function openAiClient(endpoint: ProviderEndpoint, timeoutMs: number): OpenAI {
  return new OpenAI({
    // Ollama and most local servers ignore the key but the SDK requires one.
    apiKey: endpoint.apiKey ?? 'no-key',
    baseURL: resolveBaseUrl(endpoint),
    maxRetries: 0,
    timeout: timeoutMs,
  })
}

/** Removes the key from any text that may echo it (some servers repeat the Authorization header in errors). */
export function redactKey(text: string, apiKey: string | null): string {
  if (!apiKey || apiKey.length < 4) return text
  return text.split(apiKey).join('[redacted]')
}

function isRetryable(error: unknown): boolean {
  if (error instanceof OpenAI.APIUserAbortError) return false
  if (error instanceof OpenAI.APIConnectionTimeoutError || error instanceof OpenAI.APIConnectionError) return true
  if (error instanceof OpenAI.APIError) return error.status === 429 || (error.status ?? 0) >= 500
  return false
}

/** Retry-After in ms: `retry-after-ms`, or `retry-after` as seconds or an HTTP date. */
export function retryAfterMs(error: unknown, now = Date.now()): number | null {
  if (!(error instanceof OpenAI.APIError) || !error.headers) return null
  const headers = error.headers as Headers
  const ms = Number(headers.get('retry-after-ms'))
  if (headers.get('retry-after-ms') && Number.isFinite(ms)) return ms
  const value = headers.get('retry-after')
  if (!value) return null
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return seconds * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, date - now)
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmCancelledError())
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(new LlmCancelledError())
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** "Connection error." says little: the network cause (ECONNREFUSED, ENOTFOUND...) says what to fix. */
export function causeSuffix(error: unknown): string {
  let detail: string | undefined
  let cause = (error as { cause?: unknown })?.cause as { code?: string; message?: string; cause?: unknown } | undefined
  for (let depth = 0; cause && depth < 5; depth++) {
    detail = cause.code ?? cause.message ?? detail
    cause = cause.cause as typeof cause
  }
  return detail ? ` (${detail})` : ''
}

/** The provider's failure as a typed error whose message names the provider and status, never the key. */
export function toProviderError(error: unknown, endpoint: ProviderEndpoint, attempts: number): Error {
  if (error instanceof LlmCancelledError || error instanceof OpenAI.APIUserAbortError) return new LlmCancelledError()
  let message: string
  let status: number | undefined
  if (error instanceof OpenAI.APIConnectionTimeoutError) message = 'timed out'
  else if (error instanceof OpenAI.APIError) {
    status = error.status
    message = error.message
  } else message = error instanceof Error ? error.message : String(error)
  message += causeSuffix(error)
  const text = redactKey(`Provider ${endpoint.name} failed after ${attempts} attempt(s): ${message}`, endpoint.apiKey)
  return new LlmProviderError(text, { provider: endpoint.name, status, attempts })
}

/** Runs `work` until it succeeds, fails with a non-retryable error, or the retries are spent. */
export async function withRetries<T>(
  endpoint: ProviderEndpoint,
  options: RetryOptions,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
): Promise<{ value: T; attempts: number }> {
  const sleep = options.sleep ?? sleepFor
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await work(), attempts: attempt }
    } catch (error) {
      if (signal?.aborted) throw new LlmCancelledError()
      if (!isRetryable(error) || attempt > options.maxRetries) throw toProviderError(error, endpoint, attempt)
      const backoff = options.baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.2)
      const delay = Math.min(retryAfterMs(error) ?? backoff, options.maxDelayMs)
      await sleep(Math.round(delay), signal)
    }
  }
}

export type ChatCompletionResult = {
  text: string
  tokensIn: number | null
  tokensOut: number | null
  cachedTokens: number
  attempts: number
}

export async function completeChat(
  endpoint: ProviderEndpoint,
  request: {
    model: string
    messages: ChatMessage[]
    temperature?: number
    maxTokens?: number | null
    responseFormat?: OpenAI.Chat.Completions.ChatCompletionCreateParams['response_format']
  },
  options: { retry: RetryOptions; signal?: AbortSignal },
): Promise<ChatCompletionResult> {
  const client = openAiClient(endpoint, options.retry.timeoutMs)
  const { value, attempts } = await withRetries(endpoint, options.retry, options.signal, () =>
    client.chat.completions.create(
      {
        model: request.model,
        messages: request.messages,
        temperature: request.temperature,
        ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
        ...(request.responseFormat ? { response_format: request.responseFormat } : {}),
      },
      { signal: options.signal },
    ),
  )
  return {
    text: value.choices[0]?.message?.content ?? '',
    tokensIn: value.usage?.prompt_tokens ?? null,
    tokensOut: value.usage?.completion_tokens ?? null,
    cachedTokens: value.usage?.prompt_tokens_details?.cached_tokens ?? 0,
    attempts,
  }
}
