// HTTP shell of topics: CRUD, classification on demand, and a message's predicted vs ground-truth topic.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { errorResponses } from '../../http/response-schemas.js'
import { createTopic, deleteTopic, getTopic, listTopics, topicViewSchema, updateTopic } from './service.js'
import { classifyMessages, classifyMessagesResultSchema } from './classify.js'
import { getMessageTopic, messageTopicViewSchema, setMessageTopicLabel } from './labels.js'
import { createTopicSchema, selectionSchema, updateTopicSchema } from './topic-schema.js'

const idParams = z.object({ id: z.uuid() })

export const topicRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/topics',
    {
      schema: {
        tags: ['topics'],
        summary: 'All topics of the workspace',
        response: { 200: z.object({ items: z.array(topicViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listTopics(request.ctx) }
    },
  )

  app.post(
    '/topics',
    {
      schema: {
        tags: ['topics'],
        summary: 'Create a topic (409 when the name exists)',
        body: createTopicSchema,
        response: { 201: topicViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireScope(request, 'write')
      reply.code(201)
      return createTopic(request.ctx, request.body)
    },
  )

  app.get(
    '/topics/:id',
    { schema: { tags: ['topics'], params: idParams, response: { 200: topicViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return getTopic(request.ctx, request.params.id)
    },
  )

  app.patch(
    '/topics/:id',
    { schema: { tags: ['topics'], params: idParams, body: updateTopicSchema, response: { 200: topicViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      return updateTopic(request.ctx, request.params.id, request.body)
    },
  )

  app.delete(
    '/topics/:id',
    { schema: { tags: ['topics'], params: idParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      await deleteTopic(request.ctx, request.params.id)
      reply.code(204)
    },
  )

  app.post(
    '/topics/classify',
    {
      schema: {
        tags: ['topics'],
        summary: 'Classify messages into topics now (spam and noise are skipped unless includeNoise)',
        body: selectionSchema.and(z.object({ includeNoise: z.boolean().optional() })),
        response: { 200: classifyMessagesResultSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return classifyMessages(request.ctx, request.body)
    },
  )

  app.get(
    '/messages/:id/topic',
    {
      schema: {
        tags: ['topics'],
        summary: "A message's predicted and ground-truth topic",
        params: idParams,
        response: { 200: messageTopicViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return getMessageTopic(request.ctx, request.params.id)
    },
  )

  app.put(
    '/messages/:id/topic',
    {
      schema: {
        tags: ['topics'],
        summary: 'Set (or with null, clear) the ground-truth topic of a message',
        params: idParams,
        body: z.object({ topicId: z.uuid().nullable() }),
        response: { 200: messageTopicViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return setMessageTopicLabel(request.ctx, { messageId: request.params.id, topicId: request.body.topicId })
    },
  )
}
