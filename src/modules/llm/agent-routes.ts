// HTTP shell of agents, task configs and their assignments, plus POST /llm/run to call a task directly.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { agentRoles } from './schema.js'
import { errorResponses } from '../../http/response-schemas.js'
import {
  agentSchema,
  assignAgentToTask,
  assignmentSchema,
  createAgent,
  deleteAgent,
  getAgent,
  listAgents,
  listAssignments,
  removeAssignment,
  updateAgent,
} from './agents.js'
import { createTaskConfig, deleteTaskConfig, getTaskConfig, listTaskConfigs, taskConfigSchema, updateTaskConfig } from './task-configs.js'
import { runTask, runTaskResultSchema } from './run-task.js'

const agentBody = z.object({
  name: z.string().min(1).max(100),
  role: z.enum(agentRoles).optional(),
  providerId: z.uuid().nullable().optional(),
  modelName: z.string().min(1).max(200),
  systemPrompt: z.string().max(100_000).optional(),
  description: z.string().max(2000).nullable().optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).max(1_000_000).nullable().optional(),
  isActive: z.boolean().optional(),
})

const taskConfigBody = z.object({
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  description: z.string().max(2000).nullable().optional(),
  promptTemplate: z.string().min(1).max(100_000),
  responseSchema: z.record(z.string(), z.unknown()),
  isActive: z.boolean().optional(),
})

const idParams = z.object({ id: z.uuid() })
const ok = <T extends z.ZodType>(schema: T) => ({ 200: schema, ...errorResponses })
const created = <T extends z.ZodType>(schema: T) => ({ 201: schema, ...errorResponses })
const noContent = { 204: z.null(), ...errorResponses }

export const agentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/llm/agents', { schema: { tags: ['llm'], response: ok(z.object({ items: z.array(agentSchema) })) } }, async (request) => {
    requireScope(request, 'read')
    return { items: await listAgents(request.ctx) }
  })
  app.post('/llm/agents', { schema: { tags: ['llm'], body: agentBody, response: created(agentSchema) } }, async (request, reply) => {
    requireScope(request, 'admin')
    reply.code(201)
    return createAgent(request.ctx, request.body)
  })
  app.get('/llm/agents/:id', { schema: { tags: ['llm'], params: idParams, response: ok(agentSchema) } }, async (request) => {
    requireScope(request, 'read')
    return getAgent(request.ctx, request.params.id)
  })
  app.patch(
    '/llm/agents/:id',
    { schema: { tags: ['llm'], params: idParams, body: agentBody.partial(), response: ok(agentSchema) } },
    async (request) => {
      requireScope(request, 'admin')
      return updateAgent(request.ctx, request.params.id, request.body)
    },
  )
  app.delete('/llm/agents/:id', { schema: { tags: ['llm'], params: idParams, response: noContent } }, async (request, reply) => {
    requireScope(request, 'admin')
    await deleteAgent(request.ctx, request.params.id)
    reply.code(204)
  })

  app.get(
    '/llm/task-configs',
    { schema: { tags: ['llm'], response: ok(z.object({ items: z.array(taskConfigSchema) })) } },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listTaskConfigs(request.ctx) }
    },
  )
  app.post(
    '/llm/task-configs',
    { schema: { tags: ['llm'], body: taskConfigBody, response: created(taskConfigSchema) } },
    async (request, reply) => {
      requireScope(request, 'admin')
      reply.code(201)
      return createTaskConfig(request.ctx, request.body)
    },
  )
  app.get('/llm/task-configs/:id', { schema: { tags: ['llm'], params: idParams, response: ok(taskConfigSchema) } }, async (request) => {
    requireScope(request, 'read')
    return getTaskConfig(request.ctx, request.params.id)
  })
  app.patch(
    '/llm/task-configs/:id',
    { schema: { tags: ['llm'], params: idParams, body: taskConfigBody.partial(), response: ok(taskConfigSchema) } },
    async (request) => {
      requireScope(request, 'admin')
      return updateTaskConfig(request.ctx, request.params.id, request.body)
    },
  )
  app.delete('/llm/task-configs/:id', { schema: { tags: ['llm'], params: idParams, response: noContent } }, async (request, reply) => {
    requireScope(request, 'admin')
    await deleteTaskConfig(request.ctx, request.params.id)
    reply.code(204)
  })

  app.get(
    '/llm/assignments',
    { schema: { tags: ['llm'], response: ok(z.object({ items: z.array(assignmentSchema) })) } },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listAssignments(request.ctx) }
    },
  )
  app.post(
    '/llm/assignments',
    {
      schema: {
        tags: ['llm'],
        body: z.object({ agentId: z.uuid(), taskId: z.uuid(), isActive: z.boolean().optional() }),
        response: ok(assignmentSchema),
      },
    },
    async (request) => {
      requireScope(request, 'admin')
      return assignAgentToTask(request.ctx, request.body)
    },
  )
  app.delete('/llm/assignments/:id', { schema: { tags: ['llm'], params: idParams, response: noContent } }, async (request, reply) => {
    requireScope(request, 'admin')
    await removeAssignment(request.ctx, request.params.id)
    reply.code(204)
  })

  app.post(
    '/llm/run',
    {
      schema: {
        tags: ['llm'],
        summary: 'Runs a task config on its assigned agent (or the local analyser) and returns the validated output',
        body: z.object({
          task: z.string().min(1).max(100),
          input: z.record(z.string(), z.unknown()),
          purpose: z.string().min(1).max(100).default('api'),
          agentId: z.uuid().optional(),
        }),
        response: ok(runTaskResultSchema),
      },
    },
    async (request, reply) => {
      requireScope(request, 'write')
      const controller = new AbortController()
      // A client that hangs up before the answer stops paying for the call.
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) controller.abort()
      })
      return runTask(request.ctx, { ...request.body, signal: controller.signal })
    },
  )
}
