// HTTP shell of agent memory: list (optionally by relevance to q), store or replace, forget.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { forgetFact, recallFacts, rememberFact, type AgentMemory } from './agent-memory.js'
import { errorSchema } from './views.js'
import { errorResponses } from '../../http/response-schemas.js'

const memorySchema = z.object({
  id: z.string(),
  agentId: z.string().nullable(),
  projectId: z.string().nullable(),
  category: z.string(),
  key: z.string(),
  content: z.string(),
  importance: z.number().int(),
  expiresAt: z.string().nullable(),
  updatedAt: z.string(),
  relevance: z.number().nullable(),
})

function memoryView(m: AgentMemory & { relevance?: number | null }) {
  return {
    id: m.id,
    agentId: m.agentId,
    projectId: m.projectId,
    category: m.category,
    key: m.key,
    content: m.content,
    importance: m.importance,
    expiresAt: m.expiresAt?.toISOString() ?? null,
    updatedAt: m.updatedAt.toISOString(),
    relevance: m.relevance ?? null,
  }
}

export const memoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/assistant/memory',
    {
      schema: {
        tags: ['assistant'],
        summary: 'Facts agents keep (unexpired); with q, the most relevant first',
        querystring: z.object({
          q: z.string().trim().max(1000).optional(),
          projectId: z.uuid().optional(),
          agentId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(memorySchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: (await recallFacts(request.ctx, request.query)).map(memoryView) }
    },
  )

  app.put(
    '/assistant/memory',
    {
      schema: {
        tags: ['assistant'],
        summary: 'Store a fact, replacing the one with the same agent, project, category and key',
        body: z.object({
          agentId: z.uuid().nullable().optional(),
          projectId: z.uuid().nullable().optional(),
          category: z.string().trim().min(1).max(50),
          key: z.string().trim().min(1).max(200),
          content: z.string().trim().min(1).max(4000),
          importance: z.number().int().min(1).max(10).optional(),
          expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
        }),
        response: { 200: memorySchema, 400: errorSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      const { expiresAt, ...rest } = request.body
      return memoryView(await rememberFact(request.ctx, { ...rest, expiresAt: expiresAt ? new Date(expiresAt) : null }))
    },
  )

  app.delete(
    '/assistant/memory/:id',
    {
      schema: { tags: ['assistant'], params: z.object({ id: z.uuid() }), response: { 204: z.null(), 404: errorSchema, ...errorResponses } },
    },
    async (request, reply) => {
      requireScope(request, 'write')
      await forgetFact(request.ctx, request.params.id)
      return reply.code(204).send(null)
    },
  )
}
