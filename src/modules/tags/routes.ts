// HTTP shell of tags under /api/v1/tags: CRUD, an entity's tags, and the entities carrying a tag.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { errorResponses } from '../../http/response-schemas.js'
import { tagTypes } from './schema.js'
import {
  entityTagSchema,
  setEntityTagsSchema,
  taggableKindSchema,
  taggedEntitySchema,
  tagInputSchema,
  tagPatchSchema,
  tagViewSchema,
} from './tag-schema.js'
import { createTag, deleteTag, getTag, listEntitiesByTag, listTags, tagsOfEntities, updateTag } from './service.js'
import { setEntityTags } from './entity-tags.js'

const idParams = z.object({ id: z.uuid() })
const entityParams = z.object({ kind: taggableKindSchema, entityId: z.uuid() })
const entityTagsSchema = z.object({ items: z.array(entityTagSchema) })

export const tagRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/tags',
    {
      schema: {
        tags: ['tags'],
        querystring: z.object({ type: z.enum(tagTypes).optional(), q: z.string().max(200).optional() }),
        response: { 200: z.object({ items: z.array(tagViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listTags(request.ctx, request.query) }
    },
  )
  app.post(
    '/tags',
    { schema: { tags: ['tags'], body: tagInputSchema, response: { 201: tagViewSchema, ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      reply.code(201)
      return createTag(request.ctx, request.body)
    },
  )
  app.get(
    '/tags/:id',
    { schema: { tags: ['tags'], params: idParams, response: { 200: tagViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return getTag(request.ctx, request.params.id)
    },
  )
  app.patch(
    '/tags/:id',
    { schema: { tags: ['tags'], params: idParams, body: tagPatchSchema, response: { 200: tagViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      return updateTag(request.ctx, request.params.id, request.body)
    },
  )
  app.delete(
    '/tags/:id',
    { schema: { tags: ['tags'], params: idParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      await deleteTag(request.ctx, request.params.id)
      reply.code(204)
      return null
    },
  )
  app.get(
    '/tags/:id/entities',
    {
      schema: {
        tags: ['tags'],
        params: idParams,
        querystring: z.object({ kind: taggableKindSchema.optional() }),
        response: { 200: z.object({ tag: tagViewSchema, items: z.array(taggedEntitySchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return listEntitiesByTag(request.ctx, request.params.id, request.query.kind)
    },
  )
  app.get(
    '/tagged/:kind/:entityId',
    { schema: { tags: ['tags'], params: entityParams, response: { 200: entityTagsSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      const { kind, entityId } = request.params
      return { items: (await tagsOfEntities(request.ctx, kind, [entityId])).get(entityId) ?? [] }
    },
  )
  app.put(
    '/tagged/:kind/:entityId',
    { schema: { tags: ['tags'], params: entityParams, body: setEntityTagsSchema, response: { 200: entityTagsSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      const { kind, entityId } = request.params
      return { items: await setEntityTags(request.ctx, kind, entityId, request.body.tags) }
    },
  )
}
