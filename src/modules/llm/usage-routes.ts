// HTTP shell of the call log aggregates, budgets and the master key rotation.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { budgetActions, budgetPeriods, budgetScopes, agentRoles } from './schema.js'
import { errorResponses } from '../../http/response-schemas.js'
import { usageGroupings, usageSummary, usageSummarySchema } from './call-log.js'
import { budgetSchema, budgetStatusSchema, createBudget, deleteBudget, listBudgets, updateBudget } from './budgets.js'
import { rotateSecretsOnThisMachine, rotationResultSchema } from './secrets/rotate-secrets.js'

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')

const budgetBody = z.object({
  name: z.string().min(1).max(100),
  scopeType: z.enum(budgetScopes),
  scopeAgentId: z.uuid().nullable().optional(),
  scopeAgentRole: z.enum(agentRoles).nullable().optional(),
  amountUsd: z.number().positive().max(1_000_000),
  period: z.enum(budgetPeriods),
  alertThreshold: z.number().gt(0).max(1).optional(),
  actionOnExceed: z.enum(budgetActions).optional(),
  isActive: z.boolean().optional(),
})

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)

export const usageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/llm/usage',
    {
      schema: {
        tags: ['llm'],
        summary: 'Calls, tokens, cost and latency between two UTC dates (inclusive; default the last 30 days)',
        querystring: z.object({ from: day.optional(), to: day.optional(), groupBy: z.enum(usageGroupings).default('day') }),
        response: { 200: usageSummarySchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      const { from = daysAgo(29), to = daysAgo(0), groupBy } = request.query
      return usageSummary(request.ctx, { from, to, groupBy })
    },
  )

  app.get(
    '/llm/budgets',
    { schema: { tags: ['llm'], response: { 200: z.object({ items: z.array(budgetStatusSchema) }), ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listBudgets(request.ctx) }
    },
  )
  app.post(
    '/llm/budgets',
    { schema: { tags: ['llm'], body: budgetBody, response: { 201: budgetSchema, ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'admin')
      reply.code(201)
      return createBudget(request.ctx, request.body)
    },
  )
  app.patch(
    '/llm/budgets/:id',
    {
      schema: {
        tags: ['llm'],
        params: z.object({ id: z.uuid() }),
        body: budgetBody.partial(),
        response: { 200: budgetSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'admin')
      return updateBudget(request.ctx, request.params.id, request.body)
    },
  )
  app.delete(
    '/llm/budgets/:id',
    { schema: { tags: ['llm'], params: z.object({ id: z.uuid() }), response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'admin')
      await deleteBudget(request.ctx, request.params.id)
      reply.code(204)
    },
  )

  app.post(
    '/secrets/rotate',
    {
      schema: {
        tags: ['admin'],
        summary: 'Re-encrypts every stored secret under a new master key (CLI on this machine only)',
        response: { 200: rotationResultSchema, ...errorResponses },
      },
    },
    async (request) => rotateSecretsOnThisMachine(request.ctx),
  )
}
