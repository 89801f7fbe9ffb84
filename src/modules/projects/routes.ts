// HTTP shell of projects: CRUD under /api/v1/projects.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { projectInputSchema, projectPatchSchema } from './project-schema.js'
import { errorResponses } from '../../http/response-schemas.js'
import { createProject, deleteProject, getProject, listProjects, projectViewSchema, updateProject } from './service.js'
import { projectStatuses } from './schema.js'

const idParams = z.object({ id: z.uuid() })

export const projectRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/projects',
    {
      schema: {
        tags: ['projects'],
        querystring: z.object({
          status: z.enum(projectStatuses).optional(),
          q: z.string().max(200).optional(),
          /** A tag name: only projects carrying it. */
          tag: z.string().max(100).optional(),
        }),
        response: { 200: z.object({ items: z.array(projectViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listProjects(request.ctx, request.query) }
    },
  )
  app.post(
    '/projects',
    { schema: { tags: ['projects'], body: projectInputSchema, response: { 201: projectViewSchema, ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      reply.code(201)
      return createProject(request.ctx, request.body)
    },
  )
  app.get(
    '/projects/:id',
    { schema: { tags: ['projects'], params: idParams, response: { 200: projectViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return getProject(request.ctx, request.params.id)
    },
  )
  app.patch(
    '/projects/:id',
    { schema: { tags: ['projects'], params: idParams, body: projectPatchSchema, response: { 200: projectViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      return updateProject(request.ctx, request.params.id, request.body)
    },
  )
  app.delete(
    '/projects/:id',
    { schema: { tags: ['projects'], params: idParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      await deleteProject(request.ctx, request.params.id)
      reply.code(204)
      return null
    },
  )
}
