// HTTP shell of people as contacts under /api/v1/people: list, create, edit, the person page and merge.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { errorResponses } from '../../http/response-schemas.js'
import {
  mergePeopleSchema,
  mergeResultSchema,
  peopleFiltersSchema,
  personInputSchema,
  personPageSchema,
  personPatchSchema,
  personViewSchema,
} from './person-schema.js'
import { createPerson, getPersonPage, listPeople, mergePeople, updatePerson } from './service.js'

const idParams = z.object({ id: z.uuid() })

export const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/people',
    {
      schema: {
        tags: ['people'],
        querystring: peopleFiltersSchema,
        response: { 200: z.object({ items: z.array(personViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listPeople(request.ctx, request.query) }
    },
  )
  app.post(
    '/people',
    { schema: { tags: ['people'], body: personInputSchema, response: { 201: personViewSchema, ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      reply.code(201)
      return createPerson(request.ctx, request.body)
    },
  )
  app.get(
    '/people/:id',
    { schema: { tags: ['people'], params: idParams, response: { 200: personPageSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return getPersonPage(request.ctx, request.params.id)
    },
  )
  app.patch(
    '/people/:id',
    { schema: { tags: ['people'], params: idParams, body: personPatchSchema, response: { 200: personViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      return updatePerson(request.ctx, request.params.id, request.body)
    },
  )
  app.post(
    '/people/merge',
    { schema: { tags: ['people'], body: mergePeopleSchema, response: { 200: mergeResultSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      return mergePeople(request.ctx, request.body)
    },
  )
}
