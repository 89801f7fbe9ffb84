// Liveness and readiness probes for process managers and load balancers.
// Their access logs are at debug: a probe every few seconds would otherwise bury everything else at info.
import type { FastifyInstance, FastifyRequest } from 'fastify'

const probePaths = new Set(['/healthz', '/readyz'])

/** For Fastify's `disableRequestLogging`: the probes' access lines are written at debug by the routes below. */
export function isHealthProbe(request: FastifyRequest): boolean {
  return probePaths.has(request.url.split('?')[0])
}

export async function healthRoutes(app: FastifyInstance) {
  const probe = {
    config: { public: true },
    schema: { hide: true },
    onResponse: async (request: FastifyRequest, reply: { statusCode: number }) => {
      request.log.debug({ url: request.url, statusCode: reply.statusCode }, 'health probe')
    },
  }
  app.get('/healthz', probe, async () => ({ status: 'ok' }))
  app.get('/readyz', probe, async (_request, reply) => {
    if (!app.deps.state.ready) return reply.status(503).send({ status: 'shutting_down' })
    try {
      await app.deps.database.query('SELECT 1')
      return { status: 'ready' }
    } catch {
      return reply.status(503).send({ status: 'database_unavailable' })
    }
  })
}
