// HTTP shell of providers and the model catalog. Provider views never carry the key, only hasApiKey.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { providerTypes } from './schema.js'
import { errorResponses } from '../../http/response-schemas.js'
import {
  createProvider,
  deleteProvider,
  getProvider,
  listProviders,
  providerViewSchema,
  updateProvider,
  validatedProviderSchema,
  validateProvider,
} from './providers.js'
import { catalogModelSchema, deleteModel, listModels, upsertModel } from './model-catalog.js'

const providerBody = z.object({
  name: z.string().min(1).max(100),
  type: z.enum(providerTypes),
  baseUrl: z.url().nullable().optional(),
  apiKey: z.string().min(1).max(1000).nullable().optional(),
  isActive: z.boolean().optional(),
})

const modelBody = z.object({
  vendor: z.string().min(1).max(100).optional(),
  name: z.string().min(1).max(200).optional(),
  contextWindow: z.number().int().nonnegative().nullable().optional(),
  maxOutputTokens: z.number().int().nonnegative().nullable().optional(),
  inputCostPerM: z.number().nonnegative().optional(),
  outputCostPerM: z.number().nonnegative().optional(),
  supportsTools: z.boolean().optional(),
  supportsVision: z.boolean().optional(),
  supportsJsonSchema: z.boolean().optional(),
})

const idParams = z.object({ id: z.uuid() })
// Model ids contain slashes (anthropic/claude-sonnet-4), so the catalog routes take the rest of the path.
const modelParams = z.object({ '*': z.string().min(1).max(200) })
const ok = <T extends z.ZodType>(schema: T) => ({ 200: schema, ...errorResponses })
const noContent = { 204: z.null(), ...errorResponses }

export const providerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/llm/providers',
    { schema: { tags: ['llm'], response: ok(z.object({ items: z.array(providerViewSchema) })) } },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listProviders(request.ctx) }
    },
  )
  app.post(
    '/llm/providers',
    { schema: { tags: ['llm'], body: providerBody, response: { 201: providerViewSchema, ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'admin')
      reply.code(201)
      return createProvider(request.ctx, request.body)
    },
  )
  app.get('/llm/providers/:id', { schema: { tags: ['llm'], params: idParams, response: ok(providerViewSchema) } }, async (request) => {
    requireScope(request, 'read')
    return getProvider(request.ctx, request.params.id)
  })
  app.patch(
    '/llm/providers/:id',
    { schema: { tags: ['llm'], params: idParams, body: providerBody.partial(), response: ok(providerViewSchema) } },
    async (request) => {
      requireScope(request, 'admin')
      return updateProvider(request.ctx, request.params.id, request.body)
    },
  )
  app.delete('/llm/providers/:id', { schema: { tags: ['llm'], params: idParams, response: noContent } }, async (request, reply) => {
    requireScope(request, 'admin')
    await deleteProvider(request.ctx, request.params.id)
    reply.code(204)
  })
  app.post(
    '/llm/providers/:id/validate',
    {
      schema: {
        tags: ['llm'],
        summary: "Lists the provider's models and records connected or the error",
        params: idParams,
        response: ok(validatedProviderSchema),
      },
    },
    async (request) => {
      requireScope(request, 'admin')
      return validateProvider(request.ctx, request.params.id)
    },
  )

  app.get('/llm/models', { schema: { tags: ['llm'], response: ok(z.object({ items: z.array(catalogModelSchema) })) } }, async (request) => {
    requireScope(request, 'read')
    return { items: await listModels(request.ctx) }
  })
  app.put(
    '/llm/models/*',
    {
      schema: {
        tags: ['llm'],
        summary: 'Create or edit a catalog model',
        params: modelParams,
        body: modelBody,
        response: ok(catalogModelSchema),
      },
    },
    async (request) => {
      requireScope(request, 'admin')
      return upsertModel(request.ctx, request.params['*'], request.body)
    },
  )
  app.delete('/llm/models/*', { schema: { tags: ['llm'], params: modelParams, response: noContent } }, async (request, reply) => {
    requireScope(request, 'admin')
    await deleteModel(request.ctx, request.params['*'])
    reply.code(204)
  })
}
