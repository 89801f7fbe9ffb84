// Server-Sent Events from a POST (EventSource only does GET): reads the response body as it arrives and hands
// each `event:`/`data:` block to the caller. Errors before the stream starts become ApiError like any request.
import type { PathsWithMethod } from 'openapi-typescript-helpers'
import { ApiError, authHeaders, type ApiErrorBody, type paths } from './client'

export type StreamEvent = { event: string; data: any }

export async function postEventStream(
  path: PathsWithMethod<paths, 'post'>,
  body: unknown,
  onEvent: (event: StreamEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  let response: Response
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', ...authHeaders('POST') },
      credentials: 'same-origin',
      body: JSON.stringify(body),
      signal,
    })
  } catch {
    throw new ApiError(0, 'network_error', 'Cannot reach the Signalbox server')
  }
  if (!response.ok || !response.body) {
    const error = ((await response.json().catch(() => null)) as ApiErrorBody | null)?.error
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`, error?.details)
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    buffer += value
    let end: number
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message'
      const data = /^data: (.*)$/m.exec(block)?.[1]
      if (data !== undefined) onEvent({ event, data: JSON.parse(data) })
    }
  }
}
