// The one mapping from errors to HTTP: typed AppErrors keep their status; bad input is a 400, never a 500.
import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { AppError } from '../lib/errors.js'

export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request'
      const details = error.validation.map((v) => ({
        path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }))
      return reply.status(400).send({ error: { code: 'validation_error', message: 'Invalid request', details } })
    }
    if (error instanceof AppError) {
      if (error.code === 'rate_limited') {
        const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds
        if (retry) reply.header('retry-after', String(retry))
      }
      return reply.status(error.httpStatus).send({ error: { code: error.code, message: error.message, details: error.details ?? null } })
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status === 500) request.log.error({ err: error }, 'unhandled error')
    const code = status === 500 ? 'internal_error' : (error.code ?? 'bad_request').toLowerCase()
    const message = status === 500 ? 'Internal server error' : error.message
    return reply.status(status).send({ error: { code, message, details: null } })
  })
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `Route ${request.method} ${request.url} not found`, details: null } }),
  )
}
