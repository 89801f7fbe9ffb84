// HTTP shell of sources: the connectors on offer, and list/create/update/pause/resume/delete/"sync now".
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { enabledConnectors } from '../connectors/index.js'
import {
  connectorViewSchema,
  createSourceSchema,
  deleteSourceQuerySchema,
  sourceViewSchema,
  sourceWithNoticesSchema,
  syncResponseSchema,
  updateSourceSchema,
} from './source-schemas.js'
import { createConnectedSource, deleteSource, getSource, listSources, setSourcePaused, updateConnectedSource } from './service.js'
import { requestSourceSync } from './sync.js'
import { errorResponses } from '../../http/response-schemas.js'

const idParams = z.object({ id: z.uuid() })
const tags = ['sources']

export const sourceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/connectors',
    { schema: { tags, response: { 200: z.object({ items: z.array(connectorViewSchema) }), ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      const items = enabledConnectors(request.ctx.config).map((c) => ({
        id: c.id,
        sourceType: c.sourceType,
        title: c.title,
        capabilities: c.capabilities,
        settingsSchema: z.toJSONSchema(c.setupSchema, { io: 'input' }) as Record<string, unknown>,
      }))
      return { items }
    },
  )
  app.get(
    '/sources',
    { schema: { tags, response: { 200: z.object({ items: z.array(sourceViewSchema) }), ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listSources(request.ctx) }
    },
  )
  app.get(
    '/sources/:id',
    { schema: { tags, params: idParams, response: { 200: sourceViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return getSource(request.ctx, request.params.id)
    },
  )
  app.post(
    '/sources',
    { schema: { tags, body: createSourceSchema, response: { 201: sourceWithNoticesSchema, ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'admin')
      const created = await createConnectedSource(request.ctx, request.body)
      reply.code(201)
      return created
    },
  )
  app.patch(
    '/sources/:id',
    { schema: { tags, params: idParams, body: updateSourceSchema, response: { 200: sourceWithNoticesSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'admin')
      return updateConnectedSource(request.ctx, request.params.id, request.body)
    },
  )
  app.post(
    '/sources/:id/pause',
    { schema: { tags, params: idParams, response: { 200: sourceViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'admin')
      return setSourcePaused(request.ctx, request.params.id, true)
    },
  )
  app.post(
    '/sources/:id/resume',
    { schema: { tags, params: idParams, response: { 200: sourceViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'admin')
      return setSourcePaused(request.ctx, request.params.id, false)
    },
  )
  app.post(
    '/sources/:id/sync',
    { schema: { tags, params: idParams, response: { 200: syncResponseSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      return requestSourceSync(request.ctx, request.params.id)
    },
  )
  app.delete(
    '/sources/:id',
    {
      schema: {
        tags,
        summary: 'Delete a source: keepMessages=true keeps its messages (the connection goes), false deletes them too',
        params: idParams,
        querystring: deleteSourceQuerySchema,
        response: { 200: z.object({ deletedMessages: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'admin')
      return deleteSource(request.ctx, request.params.id, { keepMessages: request.query.keepMessages })
    },
  )
}
