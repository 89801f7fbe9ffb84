// HTTP shell of email triage: triaged mail by category / sender / needs-review, a person's correction, the learned
// rules, sender statistics, action items awaiting review, and a triage pass on demand.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { errorResponses } from '../../http/response-schemas.js'
import {
  correctionSchema,
  emailListQuerySchema,
  emailTriageViewSchema,
  pendingEmailTaskViewSchema,
  ruleUpdateSchema,
  ruleViewSchema,
  senderStatsViewSchema,
  sinceToDate,
  triageRequestSchema,
  triageSummarySchema,
} from './email-schemas.js'
import { correctEmailCategory, getTriagedEmail, listTriagedEmails } from './service.js'
import { listPendingEmailTasks } from './email-tasks.js'
import { deleteRule, listRules, updateRule } from './rules.js'
import { listSenderStats } from './sender-stats.js'
import { triageEmails } from './triage.js'

const tags = ['email']
const messageParams = z.object({ messageId: z.uuid() })
const ruleParams = z.object({ id: z.uuid() })

export const emailRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/email',
    {
      schema: {
        tags,
        summary: 'Triaged emails, newest first, by category, status (needs_review) or sender',
        querystring: emailListQuerySchema,
        response: { 200: z.object({ items: z.array(emailTriageViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listTriagedEmails(request.ctx, request.query) }
    },
  )

  app.post(
    '/email/triage',
    {
      schema: {
        tags,
        summary: 'Triage the emails of a window ending now that have no triage yet (force: again, keeping corrections)',
        body: triageRequestSchema,
        response: { 200: triageSummarySchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return triageEmails(request.ctx, { since: sinceToDate(request.body.since), force: request.body.force })
    },
  )

  app.get(
    '/email/rules',
    {
      schema: {
        tags,
        summary: 'Labelling rules learned from corrections',
        querystring: z.object({ sender: z.string().max(320).optional() }),
        response: { 200: z.object({ items: z.array(ruleViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listRules(request.ctx, request.query) }
    },
  )

  app.patch(
    '/email/rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a rule’s category or confidence',
        params: ruleParams,
        body: ruleUpdateSchema,
        response: { 200: ruleViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return updateRule(request.ctx, request.params.id, request.body)
    },
  )

  app.delete(
    '/email/rules/:id',
    { schema: { tags, summary: 'Delete a rule', params: ruleParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      await deleteRule(request.ctx, request.params.id)
      reply.code(204)
      return null
    },
  )

  app.get(
    '/email/senders',
    {
      schema: {
        tags,
        summary: 'Sender statistics: counts per category, last email, suggested action',
        querystring: z.object({ domain: z.string().max(255).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(senderStatsViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listSenderStats(request.ctx, request.query) }
    },
  )

  app.get(
    '/email/:messageId',
    { schema: { tags, summary: 'One email’s triage', params: messageParams, response: { 200: emailTriageViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return getTriagedEmail(request.ctx, request.params.messageId)
    },
  )

  app.patch(
    '/email/:messageId',
    {
      schema: {
        tags,
        summary: 'Correct an email’s category; creates or strengthens the sender’s rule',
        params: messageParams,
        body: correctionSchema,
        response: { 200: emailTriageViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return correctEmailCategory(request.ctx, request.params.messageId, request.body.category)
    },
  )

  app.get(
    '/email/:messageId/tasks',
    {
      schema: {
        tags,
        summary: 'The email’s action items awaiting review',
        params: messageParams,
        response: { 200: z.object({ items: z.array(pendingEmailTaskViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listPendingEmailTasks(request.ctx, request.params.messageId) }
    },
  )
}
