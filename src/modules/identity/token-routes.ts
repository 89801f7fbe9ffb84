// HTTP shell of API tokens: create (shown once), list, revoke. Tokens act in the workspace they were made in.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ForbiddenError, ValidationError } from '../../lib/errors.js'
import type { WorkspaceRole } from '../../lib/context.js'
import { recordAuditEvent } from '../audit/index.js'
import { createApiToken, listApiTokens, revokeApiToken, tokenScopes } from './api-tokens.js'
import { authBodyLimit } from './http-helpers.js'
import { requestMeta, requirePerson } from '../../http/guards.js'
import { noWorkspaceId } from './authenticators.js'
import { assertNotThrottled, recordThrottledAttempt, throttleKey, throttlePolicies } from './throttle.js'
import { errorResponses } from '../../http/response-schemas.js'
import { apiTokenViewSchema, createdApiTokenSchema } from './views.js'

const selfService = { selfService: true } as const

/** A token never carries more than its creator's role allows. */
function assertScopesAllowed(role: WorkspaceRole, scopes: string[]) {
  const needsMember = scopes.some((s) => s === 'write' || s === 'ingest')
  if (needsMember && role === 'viewer') throw new ForbiddenError('Viewers can only create read tokens')
  if (scopes.includes('admin') && role !== 'admin' && role !== 'owner') throw new ForbiddenError("Only workspace admins can create 'admin' tokens")
}

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
    async (request, reply) => {
      const actor = requirePerson(request)
      if (actor.kind === 'api-token' && !actor.scopes.includes('admin')) throw new ForbiddenError("Creating tokens with a token needs the 'admin' scope")
      if (request.ctx.workspaceId === noWorkspaceId) throw new ValidationError('Join a workspace before creating tokens')
      assertScopesAllowed(actor.role, request.body.scopes)
      const key = throttleKey('token', 'account', actor.userId, throttlePolicies.tokenAccount)
      await assertNotThrottled(request.ctx.database, [key])
      await recordThrottledAttempt(request.ctx.database, [key])
      const created = await createApiToken(request.ctx.database, {
        workspaceId: request.ctx.workspaceId,
        userId: actor.userId,
        name: request.body.name,
        scopes: request.body.scopes,
        expiresAt: request.body.expiresInDays ? new Date(Date.now() + request.body.expiresInDays * 86_400_000) : null,
      })
      await recordAuditEvent(request.ctx.database, {
        action: 'token.create',
        actorUserId: actor.userId,
        workspaceId: request.ctx.workspaceId,
        targetType: 'api_token',
        targetId: created.id,
        details: { scopes: created.scopes, name: created.name },
        meta: requestMeta(request),
      })
      return reply.status(201).send(created)
    },
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
    async (request) => {
      const actor = requirePerson(request)
      return { tokens: await listApiTokens(request.ctx.database, { workspaceId: request.ctx.workspaceId, userId: actor.userId }) }
    },
  )

  app.delete(
    '/tokens/:id',
    { config: selfService, schema: { tags: ['tokens'], summary: 'Revoke one of your tokens (effective immediately)', params: z.object({ id: z.uuid() }), response: { 200: apiTokenViewSchema, ...errorResponses } } },
    async (request) => {
      const actor = requirePerson(request)
      const revoked = await revokeApiToken(request.ctx.database, { workspaceId: request.ctx.workspaceId, userId: actor.userId, tokenId: request.params.id })
      await recordAuditEvent(request.ctx.database, {
        action: 'token.revoke',
        actorUserId: actor.userId,
        workspaceId: request.ctx.workspaceId,
        targetType: 'api_token',
        targetId: revoked.id,
        meta: requestMeta(request),
      })
      return revoked
    },
  )
}
