// HTTP shell of analysis: runs (create/list/detail/cancel/close), proposals (list/detail/review/bulk) and the schedule.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { bulkReviewSchema, createRunSchema, proposalFiltersSchema, reviewSchema, runFiltersSchema } from './run-schema.js'
import { cancelRun, closeRun, createRun, getRun, listRuns } from './runs.js'
import { getProposal, listProposals } from './proposals.js'
import { reviewProposal, reviewProposalsInBulk } from './review.js'
import { analysisScheduleRoutes } from './schedule-routes.js'

const idParams = z.object({ id: z.uuid() })

export const analysisRoutes: FastifyPluginAsyncZod = async (app, options) => {
  await analysisScheduleRoutes(app, options)
  app.post(
    '/analysis/runs',
    {
      schema: {
        tags: ['analysis'],
        summary: 'Start an analysis run over a time window (enqueued; poll GET /analysis/runs/:id)',
        body: createRunSchema,
      },
    },
    async (request, reply) => {
      requireScope(request, 'write')
      reply.code(202)
      return createRun(request.ctx, request.body, 'api')
    },
  )
  app.get('/analysis/runs', { schema: { tags: ['analysis'], querystring: runFiltersSchema } }, async (request) => {
    requireScope(request, 'read')
    return { items: await listRuns(request.ctx, request.query) }
  })
  app.get('/analysis/runs/:id', { schema: { tags: ['analysis'], params: idParams } }, async (request) => {
    requireScope(request, 'read')
    return getRun(request.ctx, request.params.id)
  })
  app.post('/analysis/runs/:id/cancel', { schema: { tags: ['analysis'], params: idParams } }, async (request) => {
    requireScope(request, 'write')
    return cancelRun(request.ctx, request.params.id)
  })
  app.post('/analysis/runs/:id/close', { schema: { tags: ['analysis'], params: idParams } }, async (request) => {
    requireScope(request, 'write')
    return closeRun(request.ctx, request.params.id)
  })

  app.get('/proposals', { schema: { tags: ['analysis'], querystring: proposalFiltersSchema } }, async (request) => {
    requireScope(request, 'read')
    return listProposals(request.ctx, request.query)
  })
  app.get('/proposals/:id', { schema: { tags: ['analysis'], params: idParams } }, async (request) => {
    requireScope(request, 'read')
    return getProposal(request.ctx, request.params.id)
  })
  app.post(
    '/proposals/:id/review',
    {
      schema: {
        tags: ['analysis'],
        summary: 'Approve (optionally with edits), reject (with a reason) or merge into a task',
        params: idParams,
        body: reviewSchema,
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return reviewProposal(request.ctx, request.params.id, request.body)
    },
  )
  app.post('/proposals/bulk', { schema: { tags: ['analysis'], body: bulkReviewSchema } }, async (request) => {
    requireScope(request, 'write')
    return reviewProposalsInBulk(request.ctx, request.body)
  })
}
