// HTTP shells of the webhook inbox: the one public endpoint every connector's webhooks enter by, and the
// authenticated API to list, inspect and replay deliveries.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { receiveDelivery } from './receive.js'
import {
  deliveryDetailSchema,
  deliveryFiltersSchema,
  deliveryViewSchema,
  getDelivery,
  listDeliveries,
  replayDeliveries,
} from './deliveries.js'
import { errorResponses } from '../../http/response-schemas.js'

export const webhookEndpointRoutes: FastifyPluginAsyncZod = async (app) => {
  // The raw text is kept beside the parsed body: HMAC signatures are computed over the exact bytes sent. This
  // plugin's own parser replaces the app's strict one inside this encapsulated context only.
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (request, body, done) => {
    ;(request as { rawBody?: string }).rawBody = body as string
    try {
      done(null, body === '' ? {} : JSON.parse(body as string))
    } catch {
      const error = Object.assign(new Error('The body is not valid JSON'), { statusCode: 400 })
      done(error, undefined)
    }
  })
  app.post(
    '/webhooks/:connector/:sourceId',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Receives a delivery from a connected service: verified, stored, answered at once, processed later',
        params: z.object({ connector: z.string().min(1).max(64), sourceId: z.uuid() }),
        body: z.unknown(),
        response: {
          200: z.union([z.object({ ok: z.literal(true), duplicate: z.boolean() }), z.object({ challenge: z.string() })]),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const result = await receiveDelivery(request.server.deps, {
        connector: request.params.connector,
        sourceId: request.params.sourceId,
        request: { headers: request.headers, body: request.body, rawBody: (request as { rawBody?: string }).rawBody },
      })
      if (result.handshake) return result.handshake
      return { ok: true as const, duplicate: !result.stored }
    },
  )
}

const tags = ['webhooks']

export const webhookInboxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/webhooks/deliveries',
    {
      schema: {
        tags,
        querystring: deliveryFiltersSchema,
        response: { 200: z.object({ items: z.array(deliveryViewSchema), counts: z.record(z.string(), z.number()) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return listDeliveries(request.ctx, request.query)
    },
  )
  app.get(
    '/webhooks/deliveries/:id',
    {
      schema: {
        tags,
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: deliveryDetailSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'admin')
      return getDelivery(request.ctx, request.params.id)
    },
  )
  app.post(
    '/webhooks/deliveries/replay',
    {
      schema: {
        tags,
        body: z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000) }),
        response: { 200: z.object({ replayed: z.array(z.number().int()) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'admin')
      return replayDeliveries(request.ctx, request.body.ids)
    },
  )
}
