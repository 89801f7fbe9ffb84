// Liveness and readiness probes for process managers and load balancers.
// Their access logs are at debug: a probe every few seconds would otherwise bury everything else at info.
import { z } from 'zod'
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'

const probePaths = new Set(['/healthz', '/readyz'])

function isHealthProbe(request: FastifyRequest): boolean {
  return probePaths.has(request.url.split('?')[0])
}

/** Fastify's access log lines, at debug for the health probes (errors stay at their level). */
export class ProbesAtDebugLogController extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply) {
    if (isHealthProbe(request)) request.log.debug({ req: request }, 'incoming request')
    else super.incomingRequest(request, reply)
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (!error && isHealthProbe(request)) reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed')
    else super.requestCompleted(error, request, reply)
  }
}

const probeStatusSchema = z.object({ status: z.enum(['ok', 'ready', 'shutting_down', 'database_unavailable']) })

export async function healthRoutes(app: FastifyInstance) {
  // Out of the API document (they sit outside /api/v1), but their replies have schemas like every route.
  const probe = { config: { public: true }, schema: { hide: true, response: { 200: probeStatusSchema, 503: probeStatusSchema } } }
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
