// JSON over HTTP for the connectors' REST backfills, with the rate-limit answers of the services honoured in one
// place: a 429 (or GitHub's 403 with x-ratelimit-remaining: 0) waits for Retry-After / x-ratelimit-reset and
// tries again, up to a limit; a longer wait fails the pass, which the source's backoff retries later.
export type RestResponse<T> = { status: number; headers: Headers; body: T }

export class RestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}

export type RestOptions = {
  headers?: Record<string, string>
  method?: string
  body?: unknown
  /** The longest single wait for a rate limit before giving up (default 60 s). */
  maxWaitSeconds?: number
  maxAttempts?: number
  /** Answers that are not errors for the caller (e.g. 304 Not Modified). */
  accept?: number[]
  /** Tests and benchmarks pass a shorter sleep. */
  sleep?: (ms: number) => Promise<void>
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Seconds to wait before retrying a rate-limited answer, or null when it is not one. */
export function rateLimitWait(status: number, headers: Headers, now = Date.now()): number | null {
  const retryAfter = headers.get('retry-after')
  const exhausted = status === 403 && headers.get('x-ratelimit-remaining') === '0'
  if (status !== 429 && !exhausted && !(status === 403 && retryAfter)) return null
  if (retryAfter && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter)
  if (retryAfter && Number.isFinite(Date.parse(retryAfter))) return Math.max(0, Math.ceil((Date.parse(retryAfter) - now) / 1000))
  const reset = headers.get('x-ratelimit-reset')
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) - Math.floor(now / 1000))
  return 1
}

export async function requestJson<T>(url: string, options: RestOptions = {}): Promise<RestResponse<T>> {
  const maxAttempts = options.maxAttempts ?? 5
  const sleep = options.sleep ?? sleepFor
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, {
      method: options.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    })
    const wait = rateLimitWait(response.status, response.headers)
    if (wait !== null) {
      await response.body?.cancel()
      if (attempt >= maxAttempts || wait > (options.maxWaitSeconds ?? 60)) {
        throw new RestError(`rate limited by ${new URL(url).host}: retry after ${wait} s`, response.status)
      }
      await sleep(wait * 1000)
      continue
    }
    const text = await response.text()
    if (!response.ok && !options.accept?.includes(response.status)) {
      throw new RestError(
        `${options.method ?? 'GET'} ${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 200)}`,
        response.status,
      )
    }
    let body: unknown = null
    if (text) {
      try {
        body = JSON.parse(text)
      } catch {
        throw new RestError(`${new URL(url).pathname} did not answer JSON`, response.status)
      }
    }
    return { status: response.status, headers: response.headers, body: body as T }
  }
}
