// HTTP shell of API tokens: create (shown once), list, revoke. Tokens act in the workspace they were made in;
// the rules (scopes by role, throttle, audit) are in caller-tokens.ts.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { tokenScopes } from './api-tokens.js'
import { createCallerToken, listCallerTokens, revokeCallerToken } from './caller-tokens.js'
import { authBodyLimit } from './http-helpers.js'
import { errorResponses } from '../../http/response-schemas.js'
import { apiTokenViewSchema, createdApiTokenSchema } from './views.js'

const selfService = { selfService: true } as const

export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/tokens',
    {
      config: selfService,
      bodyLimit: authBodyLimit,
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token for the active workspace (the secret is shown only in this response)',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          scopes: z.array(z.enum(tokenScopes)).min(1),
          expiresInDays: z.number().int().min(1).max(3650).optional(),
        }),
        response: { 201: createdApiTokenSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createCallerToken(request.ctx, request.body)),
  )

  app.get(
    '/tokens',
    {
      config: selfService,
      schema: {
        tags: ['tokens'],
        summary: 'Your API tokens in the active workspace (never the secrets)',
        response: { 200: z.object({ tokens: z.array(apiTokenViewSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ tokens: await listCallerTokens(request.ctx) }),
  )

  app.delete(
    '/tokens/:id',
    {
      config: selfService,
      schema: {
        tags: ['tokens'],
        summary: 'Revoke one of your tokens (effective immediately)',
        params: z.object({ id: z.uuid() }),
        response: { 200: apiTokenViewSchema, ...errorResponses },
      },
    },
    async (request) => revokeCallerToken(request.ctx, request.params.id),
  )
}
