// Liveness and readiness probes for process managers and load balancers.
import type { FastifyInstance } from 'fastify'

export async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    if (!app.deps.state.ready) return reply.status(503).send({ status: 'shutting_down' })
    try {
      await app.deps.database.query('SELECT 1')
      return { status: 'ready' }
    } catch {
      return reply.status(503).send({ status: 'database_unavailable' })
    }
  })
}
