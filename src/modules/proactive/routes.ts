// HTTP shell of proactive messages: the caller's reminders and messages with their deliveries, cancelling, and
// the caller's notification preferences (channels, time zone, quiet hours, digest, due reminders).
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { cancelMyMessage, createReminder, getMyMessage, listMyMessages, messageFiltersSchema, reminderInputSchema } from './messages.js'
import { getMyPreferences, preferencesInputSchema, updateMyPreferences } from './preferences.js'
import { errorResponses } from '../../http/response-schemas.js'
import { messageSchema, messageView, preferencesSchema, preferencesView } from './views.js'

const tags = ['proactive']
const idParams = z.object({ id: z.uuid() })

export const proactiveRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/proactive-messages',
    {
      schema: {
        tags,
        summary: 'My scheduled and sent proactive messages, with each channel’s delivery',
        querystring: messageFiltersSchema,
        response: { 200: z.object({ items: z.array(messageSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: (await listMyMessages(request.ctx, request.query)).map(messageView) }
    },
  )
  app.post(
    '/proactive-messages',
    {
      schema: {
        tags,
        summary: 'Set a reminder: `when` in plain words ("Friday", "tomorrow at 17:00") or `scheduledFor`',
        body: reminderInputSchema,
        response: { 201: messageSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireScope(request, 'write')
      return reply.code(201).send(messageView(await createReminder(request.ctx, request.body)))
    },
  )
  app.get(
    '/proactive-messages/:id',
    { schema: { tags, params: idParams, response: { 200: messageSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return messageView(await getMyMessage(request.ctx, request.params.id))
    },
  )
  app.post(
    '/proactive-messages/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Withdraw a message that has not gone out',
        params: idParams,
        response: { 200: messageSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return messageView(await cancelMyMessage(request.ctx, request.params.id))
    },
  )
  app.get(
    '/me/notification-preferences',
    { schema: { tags, response: { 200: preferencesSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return preferencesView(await getMyPreferences(request.ctx))
    },
  )
  app.patch(
    '/me/notification-preferences',
    { schema: { tags, body: preferencesInputSchema, response: { 200: preferencesSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      return preferencesView(await updateMyPreferences(request.ctx, request.body))
    },
  )
}
