// HTTP shell of classification experiments.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { errorResponses } from '../../http/response-schemas.js'
import { createExperiment, experimentViewSchema, getExperiment, listExperiments, maxExperimentMessages } from './service.js'

export const createExperimentSchema = z.object({
  classifier: z.enum(['local', 'model']).default('local'),
  agentId: z.uuid().optional(),
  providerId: z.uuid().optional(),
  modelName: z.string().min(1).max(100).optional(),
  messageCount: z.number().int().min(1).max(maxExperimentMessages).optional(),
  messageIds: z.array(z.uuid()).min(1).max(maxExperimentMessages).optional(),
})

export const experimentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/experiments',
    {
      schema: {
        tags: ['experiments'],
        summary: 'Run a topic classifier over messages with ground-truth topics',
        description:
          'Small local experiments (<= 200 messages) complete in the request (201); larger ones and model experiments run as a job (202, poll GET /experiments/:id).',
        body: createExperimentSchema,
        response: { 201: experimentViewSchema, 202: experimentViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireScope(request, 'write')
      const experiment = await createExperiment(request.ctx, request.body)
      reply.code(experiment.status === 'completed' || experiment.status === 'failed' ? 201 : 202)
      return experiment
    },
  )

  app.get(
    '/experiments',
    {
      schema: {
        tags: ['experiments'],
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ items: z.array(experimentViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listExperiments(request.ctx, request.query) }
    },
  )

  app.get(
    '/experiments/:id',
    {
      schema: {
        tags: ['experiments'],
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ results: z.enum(['true', 'false']).default('true') }),
        response: { 200: experimentViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return getExperiment(request.ctx, request.params.id, { withResults: request.query.results === 'true' })
    },
  )
}
