// HTTP shell of lists (/api/v1/lists) and their items (/api/v1/lists/:id/items).
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { errorResponses } from '../../http/response-schemas.js'
import { listItemBodySchema } from './item-fields.js'
import { listInputSchema, listItemFiltersSchema, listItemViewSchema, listPatchSchema, listViewSchema } from './list-schema.js'
import {
  addListItem,
  createList,
  deleteList,
  deleteListItem,
  getList,
  listListItems,
  listLists,
  updateList,
  updateListItem,
} from './lists-service.js'
import { listKinds } from './schema.js'

const idParams = z.object({ id: z.uuid() })
const itemParams = z.object({ id: z.uuid(), itemId: z.uuid() })
const tags = ['lists']

export const listRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/lists',
    {
      schema: {
        tags,
        querystring: z.object({ kind: z.enum(listKinds).optional() }),
        response: { 200: z.object({ items: z.array(listViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listLists(request.ctx, request.query) }
    },
  )
  app.post(
    '/lists',
    { schema: { tags, body: listInputSchema, response: { 201: listViewSchema, ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      reply.code(201)
      return createList(request.ctx, request.body)
    },
  )
  app.get('/lists/:id', { schema: { tags, params: idParams, response: { 200: listViewSchema, ...errorResponses } } }, async (request) => {
    requireScope(request, 'read')
    return getList(request.ctx, request.params.id)
  })
  app.patch(
    '/lists/:id',
    { schema: { tags, params: idParams, body: listPatchSchema, response: { 200: listViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      return updateList(request.ctx, request.params.id, request.body)
    },
  )
  app.delete(
    '/lists/:id',
    { schema: { tags, params: idParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      await deleteList(request.ctx, request.params.id)
      reply.code(204)
      return null
    },
  )
  app.get(
    '/lists/:id/items',
    {
      schema: {
        tags,
        params: idParams,
        querystring: listItemFiltersSchema,
        response: { 200: z.object({ items: z.array(listItemViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listListItems(request.ctx, request.params.id, request.query) }
    },
  )
  app.post(
    '/lists/:id/items',
    { schema: { tags, params: idParams, body: listItemBodySchema, response: { 201: listItemViewSchema, ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      reply.code(201)
      return addListItem(request.ctx, request.params.id, request.body)
    },
  )
  app.patch(
    '/lists/:id/items/:itemId',
    { schema: { tags, params: itemParams, body: listItemBodySchema, response: { 200: listItemViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      return updateListItem(request.ctx, request.params.id, request.params.itemId, request.body)
    },
  )
  app.delete(
    '/lists/:id/items/:itemId',
    { schema: { tags, params: itemParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      await deleteListItem(request.ctx, request.params.id, request.params.itemId)
      reply.code(204)
      return null
    },
  )
}
