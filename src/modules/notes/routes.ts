// HTTP shell of notes (/api/v1/notes) and goals (/api/v1/goals).
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { errorResponses } from '../../http/response-schemas.js'
import {
  goalFiltersSchema,
  goalInputSchema,
  goalPatchSchema,
  goalViewSchema,
  noteFiltersSchema,
  noteInputSchema,
  notePatchSchema,
  noteViewSchema,
} from './note-schema.js'
import { createNote, deleteNote, getNote, listNotes, updateNote } from './notes-service.js'
import { createGoal, deleteGoal, getGoal, listGoals, updateGoal } from './goals-service.js'

const idParams = z.object({ id: z.uuid() })

export const noteRoutes: FastifyPluginAsyncZod = async (app) => {
  const notes = { tags: ['notes'] }
  app.get(
    '/notes',
    {
      schema: {
        ...notes,
        querystring: noteFiltersSchema,
        response: { 200: z.object({ items: z.array(noteViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listNotes(request.ctx, request.query) }
    },
  )
  app.post(
    '/notes',
    { schema: { ...notes, body: noteInputSchema, response: { 201: noteViewSchema, ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      reply.code(201)
      return createNote(request.ctx, request.body)
    },
  )
  app.get(
    '/notes/:id',
    { schema: { ...notes, params: idParams, response: { 200: noteViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return getNote(request.ctx, request.params.id)
    },
  )
  app.patch(
    '/notes/:id',
    { schema: { ...notes, params: idParams, body: notePatchSchema, response: { 200: noteViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      return updateNote(request.ctx, request.params.id, request.body)
    },
  )
  app.delete(
    '/notes/:id',
    { schema: { ...notes, params: idParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      await deleteNote(request.ctx, request.params.id)
      reply.code(204)
      return null
    },
  )

  const goals = { tags: ['goals'] }
  app.get(
    '/goals',
    {
      schema: {
        ...goals,
        querystring: goalFiltersSchema,
        response: { 200: z.object({ items: z.array(goalViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listGoals(request.ctx, request.query) }
    },
  )
  app.post(
    '/goals',
    { schema: { ...goals, body: goalInputSchema, response: { 201: goalViewSchema, ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      reply.code(201)
      return createGoal(request.ctx, request.body)
    },
  )
  app.get(
    '/goals/:id',
    { schema: { ...goals, params: idParams, response: { 200: goalViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return getGoal(request.ctx, request.params.id)
    },
  )
  app.patch(
    '/goals/:id',
    { schema: { ...goals, params: idParams, body: goalPatchSchema, response: { 200: goalViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'write')
      return updateGoal(request.ctx, request.params.id, request.body)
    },
  )
  app.delete(
    '/goals/:id',
    { schema: { ...goals, params: idParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      await deleteGoal(request.ctx, request.params.id)
      reply.code(204)
      return null
    },
  )
}
