// HTTP shell of the message store: batch ingest and the read API.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ingestMessages } from './ingest.js'
import { maxIngestBatch, sourceRefSchema } from './ingest-schema.js'
import { getMessage, listConversationMessages, listConversations } from './queries.js'
import { requireScope } from '../../http/guards.js'
import { getConversation, listConversationParticipants, listMessagesAround } from './conversation-window.js'
import {
  conversationPageSchema,
  conversationViewSchema,
  conversationWindowSchema,
  ingestReplySchema,
  messagePageSchema,
  messageViewSchema,
  participantsSchema,
} from './view-schemas.js'
import { errorResponses } from '../../http/response-schemas.js'

const limitSchema = z.coerce.number().int().min(1).max(500).default(50)

export const messageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/ingest/messages',
    {
      // Bad strings, dates and raw payloads are reported per item (validateIngestItems); the good items are stored.
      config: { checksItemsItself: true },
      schema: {
        tags: ['messages'],
        summary: 'Store a batch of messages (idempotent by source + externalId)',
        description:
          'Each item: { externalId, conversation: { externalId, title?, kind? }, author?: { externalId, username?, displayName?, isBot? }, sentAt (ISO 8601), content, replyToExternalId?, threadExternalId?, edited?, editedAt?, attachments?, raw? }. Invalid items are reported with their field path; valid ones are stored.',
        body: z.object({
          source: sourceRefSchema,
          messages: z.array(z.unknown()).min(1).max(maxIngestBatch),
        }),
        response: { 200: ingestReplySchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'ingest')
      const result = await ingestMessages(request.ctx, request.body)
      return {
        created: result.created,
        updated: result.updated,
        skipped: result.skipped,
        failed: result.failed,
        errors: result.errors,
      }
    },
  )

  app.get(
    '/conversations',
    {
      schema: {
        tags: ['messages'],
        querystring: z.object({ limit: limitSchema, cursor: z.string().optional(), sourceId: z.uuid().optional() }),
        response: { 200: conversationPageSchema, ...errorResponses },
      },
    },
    async (request) => listConversations(request.ctx, request.query),
  )

  app.get(
    '/conversations/:id/messages',
    {
      schema: {
        tags: ['messages'],
        params: z.object({ id: z.uuid() }),
        querystring: z.object({
          limit: limitSchema,
          cursor: z.string().optional(),
          order: z.enum(['asc', 'desc']).default('asc'),
        }),
        response: { 200: messagePageSchema, ...errorResponses },
      },
    },
    async (request) => listConversationMessages(request.ctx, { conversationId: request.params.id, ...request.query }),
  )

  app.get(
    '/conversations/:id',
    { schema: { tags: ['messages'], params: z.object({ id: z.uuid() }), response: { 200: conversationViewSchema, ...errorResponses } } },
    async (request) => getConversation(request.ctx, request.params.id),
  )

  app.get(
    '/conversations/:id/messages/around/:messageId',
    {
      schema: {
        tags: ['messages'],
        summary: 'The messages before and after one message, in time order',
        description:
          'nextCursor continues with later messages (GET /conversations/:id/messages?order=asc&cursor=), previousCursor with earlier ones (order=desc).',
        params: z.object({ id: z.uuid(), messageId: z.uuid() }),
        querystring: z.object({ limit: z.coerce.number().int().min(3).max(500).default(100) }),
        response: { 200: conversationWindowSchema, ...errorResponses },
      },
    },
    async (request) =>
      listMessagesAround(request.ctx, {
        conversationId: request.params.id,
        messageId: request.params.messageId,
        limit: request.query.limit,
      }),
  )

  app.get(
    '/conversations/:id/participants',
    {
      schema: {
        tags: ['messages'],
        summary: 'Who wrote in the conversation, most messages first; total = number of distinct authors',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(5000).default(20) }),
        response: { 200: participantsSchema, ...errorResponses },
      },
    },
    async (request) => listConversationParticipants(request.ctx, { conversationId: request.params.id, limit: request.query.limit }),
  )

  app.get(
    '/messages/:id',
    { schema: { tags: ['messages'], params: z.object({ id: z.uuid() }), response: { 200: messageViewSchema, ...errorResponses } } },
    async (request) => getMessage(request.ctx, request.params.id),
  )
}
