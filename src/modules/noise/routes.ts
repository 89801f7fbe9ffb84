// HTTP shell of noise scoring: (re)score messages on demand.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { errorResponses } from '../../http/response-schemas.js'
import { scoreMessages, scoreMessagesResultSchema } from './service.js'

export const noiseRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/messages/score-noise',
    {
      schema: {
        tags: ['noise'],
        summary: 'Score messages for noise and importance now (by ids or a whole conversation)',
        body: z
          .object({
            messageIds: z.array(z.uuid()).min(1).max(10_000).optional(),
            conversationId: z.uuid().optional(),
          })
          .refine((b) => b.messageIds || b.conversationId, {
            message: 'Give messageIds or conversationId',
            path: ['messageIds'],
          }),
        response: { 200: scoreMessagesResultSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return scoreMessages(request.ctx, request.body)
    },
  )
}
