// HTTP shell of Telegram account linking: a one-time deep link for the signed-in user (or, for an admin, the
// owner chat), and the user's current links.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../../http/guards.js'
import { createLinkToken, listMyConnections, setMyConnectionPreferences } from './linking.js'
import { linkPurposes } from './schema.js'
import { errorResponses } from '../../../http/response-schemas.js'

const connectionSchema = z.object({
  sourceId: z.uuid(),
  telegramUsername: z.string().nullable(),
  linkedAt: z.string(),
  notify: z.boolean(),
  reviews: z.boolean(),
})

export const telegramRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/telegram/link',
    {
      schema: {
        tags: ['telegram'],
        summary: 'A one-time link (t.me/<bot>?start=<token>) that binds the Telegram account that opens it',
        body: z.object({ sourceId: z.uuid().optional(), purpose: z.enum(linkPurposes).default('link'), userId: z.uuid().optional() }),
        response: {
          201: z.object({ token: z.string(), deepLink: z.string(), expiresAt: z.string(), sourceId: z.uuid() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      requireScope(request, 'read')
      const link = await createLinkToken(request.ctx, request.body)
      reply.code(201)
      return link
    },
  )
  app.get(
    '/telegram/links',
    {
      schema: {
        tags: ['telegram'],
        response: { 200: z.object({ items: z.array(connectionSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listMyConnections(request.ctx) }
    },
  )
  app.patch(
    '/telegram/links/:sourceId',
    {
      schema: {
        tags: ['telegram'],
        summary: 'Opt your linked Telegram account in or out of notifications and review prompts',
        params: z.object({ sourceId: z.uuid() }),
        body: z.object({ notify: z.boolean().optional(), reviews: z.boolean().optional() }),
        response: { 200: connectionSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return setMyConnectionPreferences(request.ctx, { sourceId: request.params.sourceId, ...request.body })
    },
  )
}
