// HTTP shell of the notifications inbox.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { errorResponses } from '../../http/response-schemas.js'
import { listNotifications, markNotificationRead, notificationSchema } from './service.js'

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        querystring: z.object({
          unread: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(notificationSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      const items = await listNotifications(request.ctx, { unreadOnly: request.query.unread === 'true', limit: request.query.limit })
      return { items }
    },
  )

  app.post(
    '/notifications/:id/read',
    { schema: { tags: ['notifications'], params: z.object({ id: z.uuid() }), response: { 200: notificationSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      return markNotificationRead(request.ctx, request.params.id)
    },
  )
}
