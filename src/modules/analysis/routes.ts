// HTTP shell of analysis: runs (create/list/detail/cancel/close), proposals (list/detail/review/bulk) and the schedule.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import {
  bulkReviewSchema,
  createRunSchema,
  proposalFiltersSchema,
  proposalGroupsSchema,
  rejectSimilarSchema,
  reviewSchema,
  runFiltersSchema,
} from './run-schema.js'
import { cancelRun, closeRun, createRun, getRun, listRuns, runViewSchema } from './runs.js'
import { getProposal, listProposalGroups, listProposals, proposalViewSchema } from './proposals.js'
import { reviewProposal } from './review.js'
import { rejectSimilarProposals, reviewProposalsInBulk } from './bulk-review.js'
import { analysisScheduleRoutes } from './schedule-routes.js'
import { errorResponses } from '../../http/response-schemas.js'

const idParams = z.object({ id: z.uuid() })

const bulkOutcomeSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      ok: z.boolean(),
      status: z.string().optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
  succeeded: z.number().int(),
  failed: z.number().int(),
})
const groupsResponseSchema = z.object({
  total: z.number().int(),
  groups: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      count: z.number().int(),
      tasks: z.number().int(),
      atoms: z.number().int(),
      maxConfidence: z.number(),
      firstAt: z.string(),
    }),
  ),
})

export const analysisRoutes: FastifyPluginAsyncZod = async (app, options) => {
  await analysisScheduleRoutes(app, options)
  app.post(
    '/analysis/runs',
    {
      schema: {
        tags: ['analysis'],
        summary: 'Start an analysis run over a time window (enqueued; poll GET /analysis/runs/:id)',
        body: createRunSchema,
        response: { 202: runViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireScope(request, 'write')
      reply.code(202)
      return createRun(request.ctx, request.body, request.body.triggerType ?? 'api')
    },
  )
  app.get(
    '/analysis/runs',
    {
      schema: {
        tags: ['analysis'],
        querystring: runFiltersSchema,
        response: { 200: z.object({ items: z.array(runViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listRuns(request.ctx, request.query) }
    },
  )
  app.get(
    '/analysis/runs/:id',
    { schema: { tags: ['analysis'], params: idParams, response: { 200: runViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return getRun(request.ctx, request.params.id)
    },
  )
  app.post(
    '/analysis/runs/:id/cancel',
    { schema: { tags: ['analysis'], params: idParams, response: { 200: runViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      return cancelRun(request.ctx, request.params.id)
    },
  )
  app.post(
    '/analysis/runs/:id/close',
    { schema: { tags: ['analysis'], params: idParams, response: { 200: runViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      return closeRun(request.ctx, request.params.id)
    },
  )

  app.get(
    '/proposals',
    {
      schema: {
        tags: ['analysis'],
        querystring: proposalFiltersSchema,
        response: { 200: z.object({ items: z.array(proposalViewSchema), total: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return listProposals(request.ctx, request.query)
    },
  )
  app.get(
    '/proposals/groups',
    {
      schema: {
        tags: ['analysis'],
        summary: 'Proposals counted per run or per conversation, with the total of the selection (the inbox header and groups)',
        querystring: proposalGroupsSchema,
        response: { 200: groupsResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return listProposalGroups(request.ctx, request.query)
    },
  )
  app.get(
    '/proposals/:id',
    { schema: { tags: ['analysis'], params: idParams, response: { 200: proposalViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return getProposal(request.ctx, request.params.id)
    },
  )
  app.post(
    '/proposals/:id/review',
    {
      schema: {
        tags: ['analysis'],
        summary: 'Approve (optionally with edits), reject (with a reason) or merge into a task',
        params: idParams,
        body: reviewSchema,
        response: { 200: proposalViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return reviewProposal(request.ctx, request.params.id, request.body)
    },
  )
  app.post(
    '/proposals/bulk',
    {
      schema: {
        tags: ['analysis'],
        summary: 'Approve or reject a selection (proposalIds) or every pending proposal a filter selects, with one reason',
        body: bulkReviewSchema,
        response: { 200: bulkOutcomeSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return reviewProposalsInBulk(request.ctx, request.body)
    },
  )
  app.post(
    '/proposals/:id/reject-similar',
    {
      schema: {
        tags: ['analysis'],
        summary: 'Reject this proposal and every pending one with a similar title; later runs suppress look-alikes',
        params: idParams,
        body: rejectSimilarSchema,
        response: { 200: bulkOutcomeSchema.extend({ similar: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return rejectSimilarProposals(request.ctx, request.params.id, request.body)
    },
  )
}
