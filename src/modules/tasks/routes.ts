// HTTP shell of tasks: CRUD, filters and the change history under /api/v1/tasks.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { taskFiltersSchema, taskInputSchema, taskPatchSchema } from './task-schema.js'
import { errorResponses } from '../../http/response-schemas.js'
import {
  createTask,
  deleteTask,
  getTask,
  getTaskHistory,
  listTasks,
  taskDetailSchema,
  taskHistoryEntrySchema,
  taskViewSchema,
  updateTask,
} from './service.js'

const taskPageSchema = z.object({ items: z.array(taskViewSchema), nextCursor: z.string().nullable() })

const idParams = z.object({ id: z.uuid() })

export const taskRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/tasks',
    { schema: { tags: ['tasks'], querystring: taskFiltersSchema, response: { 200: taskPageSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return listTasks(request.ctx, request.query)
    },
  )
  app.post(
    '/tasks',
    { schema: { tags: ['tasks'], body: taskInputSchema, response: { 201: taskViewSchema, ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      reply.code(201)
      return createTask(request.ctx, request.body)
    },
  )
  app.get(
    '/tasks/:id',
    { schema: { tags: ['tasks'], params: idParams, response: { 200: taskDetailSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return getTask(request.ctx, request.params.id)
    },
  )
  app.patch(
    '/tasks/:id',
    { schema: { tags: ['tasks'], params: idParams, body: taskPatchSchema, response: { 200: taskViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      return updateTask(request.ctx, request.params.id, request.body)
    },
  )
  app.delete(
    '/tasks/:id',
    { schema: { tags: ['tasks'], params: idParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      await deleteTask(request.ctx, request.params.id)
      reply.code(204)
      return null
    },
  )
  app.get(
    '/tasks/:id/history',
    {
      schema: {
        tags: ['tasks'],
        params: idParams,
        response: { 200: z.object({ items: z.array(taskHistoryEntrySchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await getTaskHistory(request.ctx, request.params.id) }
    },
  )
}
