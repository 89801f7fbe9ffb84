// `/v1/embeddings` of OpenAI, Ollama, vLLM, TEI, LM Studio...: batches, bounded concurrency, a request rate
// limit, and retries with exponential backoff on 429, 5xx and timeouts (Retry-After is honoured).
import type { Embedder } from './embedder.js'

export type OpenAiCompatibleOptions = {
  baseUrl: string
  model: string
  apiKey?: string
  /** Sent as `dimensions` when set (OpenAI text-embedding-3 can shorten vectors); others ignore it. */
  dimensions?: number
  batchSize: number
  concurrency: number
  /** 0 = unlimited. */
  requestsPerMinute: number
  maxRetries: number
  timeoutMs: number
  /** Base of the exponential backoff between retries. */
  retryDelayMs: number
}

export const defaultOpenAiCompatibleOptions = {
  batchSize: 64,
  concurrency: 2,
  requestsPerMinute: 0,
  maxRetries: 3,
  timeoutMs: 30_000,
  retryDelayMs: 500,
}

export class EmbeddingProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** From the endpoint's Retry-After header, when it sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message)
    this.name = 'EmbeddingProviderError'
  }
}

export function createOpenAiCompatibleEmbedder(
  input: Partial<OpenAiCompatibleOptions> & Pick<OpenAiCompatibleOptions, 'baseUrl' | 'model'>,
): Embedder {
  const options: OpenAiCompatibleOptions = { ...defaultOpenAiCompatibleOptions, ...input }
  const url = `${options.baseUrl.replace(/\/+$/, '')}/embeddings`
  let dimension = options.dimensions
  const nextSlot = rateLimiter(options.requestsPerMinute)

  async function requestOnce(texts: string[]): Promise<number[][]> {
    await nextSlot()
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), options.timeoutMs)
    let response: Response
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: options.model,
          input: texts,
          ...(options.dimensions ? { dimensions: options.dimensions } : {}),
        }),
        signal: controller.signal,
      })
    } catch (error) {
      const reason = controller.signal.aborted ? `timed out after ${options.timeoutMs} ms` : (error as Error).message
      throw new EmbeddingProviderError(`embeddings request failed: ${reason}`, true)
    } finally {
      clearTimeout(timer)
    }
    if (!response.ok) {
      const retryable = response.status === 429 || response.status >= 500
      const body = (await response.text().catch(() => '')).slice(0, 200)
      const retryAfterMs = Number(response.headers.get('retry-after')) * 1000 || undefined
      throw new EmbeddingProviderError(`embeddings endpoint answered HTTP ${response.status}: ${body}`, retryable, retryAfterMs)
    }
    const json = (await response.json()) as { data?: Array<{ index: number; embedding: number[] }> }
    if (!Array.isArray(json.data) || json.data.length !== texts.length) {
      throw new EmbeddingProviderError('embeddings endpoint returned a malformed body', false)
    }
    const vectors = [...json.data].sort((a, b) => a.index - b.index).map((d) => d.embedding)
    dimension ??= vectors[0]?.length
    return vectors
  }

  async function requestWithRetries(texts: string[]): Promise<number[][]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await requestOnce(texts)
      } catch (error) {
        if (!(error instanceof EmbeddingProviderError) || !error.retryable || attempt >= options.maxRetries) throw error
        const backoff = options.retryDelayMs * 2 ** attempt
        await sleep(Math.min(60_000, error.retryAfterMs ?? backoff))
      }
    }
  }

  return {
    model: `openai-compatible:${options.model}${options.dimensions ? `:d${options.dimensions}` : ''}`,
    get dimension() {
      return dimension
    },
    async embed(texts) {
      const batches: string[][] = []
      for (let i = 0; i < texts.length; i += options.batchSize) batches.push(texts.slice(i, i + options.batchSize))
      const results = new Array<number[][]>(batches.length)
      let next = 0
      const workers = Array.from({ length: Math.min(options.concurrency, batches.length) }, async () => {
        while (next < batches.length) {
          const mine = next++
          results[mine] = await requestWithRetries(batches[mine])
        }
      })
      await Promise.all(workers)
      return results.flat()
    },
  }
}

/** Spaces requests evenly: at most `perMinute` starts per minute across this embedder's callers. */
function rateLimiter(perMinute: number): () => Promise<void> {
  if (!perMinute) return async () => {}
  const interval = 60_000 / perMinute
  let nextAt = 0
  return async () => {
    const now = Date.now()
    const at = Math.max(now, nextAt)
    nextAt = at + interval
    if (at > now) await sleep(at - now)
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
