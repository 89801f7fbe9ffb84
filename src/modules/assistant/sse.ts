// Server-Sent Events over a hijacked Fastify reply: the first event is awaited before the headers go out, so a
// request that fails at once (unknown thread, bad filters) still gets the normal JSON error and status.
import type { FastifyReply, FastifyRequest } from 'fastify'

export type SseEvent = { event?: string; data: unknown }

/** Streams `events`; aborts `controller` when the client goes away so the model call stops too. */
export async function sendServerSentEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  events: AsyncIterator<SseEvent>,
  controller: AbortController,
): Promise<void> {
  const first = await events.next()
  reply.hijack()
  const raw = reply.raw
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
  })
  raw.on('close', () => {
    if (!raw.writableFinished) controller.abort()
  })
  const write = (item: SseEvent) => {
    if (raw.destroyed) return
    raw.write(
      `${item.event ? `event: ${item.event}\n` : ''}data: ${typeof item.data === 'string' ? item.data : JSON.stringify(item.data)}\n\n`,
    )
  }
  try {
    if (!first.done) write(first.value)
    // Keep consuming after a disconnect: the answer's bookkeeping (partial text, analytics) runs to its end.
    for (let next = await events.next(); !next.done; next = await events.next()) write(next.value)
  } catch (error) {
    request.log.error({ err: error }, 'event stream failed')
    write({ event: 'error', data: { code: 'internal_error', message: 'The stream failed' } })
  } finally {
    raw.end()
  }
}
