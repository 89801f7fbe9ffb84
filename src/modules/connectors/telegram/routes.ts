// HTTP shell of Telegram account linking: a one-time deep link for the signed-in user (or, for an admin, the
// owner chat), and the user's current links.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../../http/guards.js'
import { createLinkToken, listMyConnections } from './linking.js'
import { linkPurposes } from './schema.js'

export const telegramRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/telegram/link',
    {
      schema: {
        tags: ['telegram'],
        summary: 'A one-time link (t.me/<bot>?start=<token>) that binds the Telegram account that opens it',
        body: z.object({ sourceId: z.uuid().optional(), purpose: z.enum(linkPurposes).default('link'), userId: z.uuid().optional() }),
        response: { 201: z.object({ token: z.string(), deepLink: z.string(), expiresAt: z.string(), sourceId: z.uuid() }) },
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
        response: { 200: z.object({ items: z.array(z.object({ sourceId: z.uuid(), telegramUsername: z.string().nullable(), linkedAt: z.string() })) }) },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listMyConnections(request.ctx) }
    },
  )
}
