// HTTP shell of instance administration: users, signup requests (with their PINs) and the audit log.
import { addMember, ensureDefaultWorkspace, workspaceRoles } from '../workspaces/index.js'
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { listAuditEvents, recordAuditEvent } from '../audit/index.js'
import { approveSignupRequest, listPendingSignupRequests } from './signup.js'
import { revokeAllUserSessions } from './sessions.js'
import { createUser, listUsers, profileSchema, publicUser, setUserFlags } from './users.js'
import { authBodyLimit } from './http-helpers.js'
import { requestMeta, requireInstanceAdmin } from '../../http/guards.js'
import { ConflictError } from '../../lib/errors.js'
import { tokenScopes } from './api-tokens.js'
import { createTokenForUser } from './token-for-user.js'
import { errorResponses } from '../../http/response-schemas.js'
import { auditPageSchema, createdApiTokenSchema, publicUserSchema, signupRequestViewSchema, userReplySchema } from './views.js'

const selfService = { selfService: true } as const

export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/admin/users',
    {
      config: selfService,
      schema: {
        tags: ['admin'],
        summary: 'Every user',
        response: { 200: z.object({ users: z.array(publicUserSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireInstanceAdmin(request)
      return { users: await listUsers(request.ctx.database) }
    },
  )

  app.post(
    '/admin/users',
    {
      config: selfService,
      bodyLimit: authBodyLimit,
      schema: {
        tags: ['admin'],
        summary: 'Create a user (joins the default workspace with the given role)',
        body: profileSchema.extend({
          username: z.string().min(1).max(100),
          password: z.string().min(1).max(1024).optional(),
          isAdmin: z.boolean().default(false),
          isBot: z.boolean().default(false),
          defaultWorkspaceRole: z.enum([...workspaceRoles, 'none']).default('member'),
        }),
        response: { 201: userReplySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actorUserId = requireInstanceAdmin(request)
      const { defaultWorkspaceRole, ...input } = request.body
      const user = await createUser(request.ctx.database, input)
      if (defaultWorkspaceRole !== 'none') {
        await addMember(request.ctx.database, await ensureDefaultWorkspace(request.ctx.database), user.id, defaultWorkspaceRole)
      }
      await recordAuditEvent(request.ctx.database, {
        action: 'admin.user.create',
        actorUserId,
        targetType: 'user',
        targetId: user.id,
        details: { username: user.username, isAdmin: user.isAdmin },
        meta: requestMeta(request),
      })
      return reply.status(201).send({ user: publicUser(user) })
    },
  )

  app.patch(
    '/admin/users/:id',
    {
      config: selfService,
      bodyLimit: authBodyLimit,
      schema: {
        tags: ['admin'],
        summary: 'Activate/deactivate a user or change the admin flag (deactivating ends their sessions)',
        params: z.object({ id: z.uuid() }),
        body: z.object({ isActive: z.boolean().optional(), isAdmin: z.boolean().optional() }),
        response: { 200: userReplySchema, ...errorResponses },
      },
    },
    async (request) => {
      const actorUserId = requireInstanceAdmin(request)
      if (actorUserId === request.params.id && (request.body.isActive === false || request.body.isAdmin === false)) {
        throw new ConflictError('Admins cannot deactivate or demote themselves')
      }
      const user = await setUserFlags(request.ctx.database, request.params.id, request.body)
      if (request.body.isActive === false) await revokeAllUserSessions(request.ctx.database, user.id)
      await recordAuditEvent(request.ctx.database, {
        action: 'admin.user.update',
        actorUserId,
        targetType: 'user',
        targetId: user.id,
        details: request.body,
        meta: requestMeta(request),
      })
      return { user: publicUser(user) }
    },
  )

  app.get(
    '/admin/signup-requests',
    {
      config: selfService,
      schema: {
        tags: ['admin'],
        summary: 'Pending signup requests with their PINs',
        response: { 200: z.object({ requests: z.array(signupRequestViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireInstanceAdmin(request)
      return { requests: await listPendingSignupRequests(request.ctx) }
    },
  )

  app.post(
    '/admin/signup-requests/:id/approve',
    {
      config: selfService,
      schema: {
        tags: ['admin'],
        summary: 'Approve a signup request: returns the PIN to hand to the person',
        params: z.object({ id: z.uuid() }),
        response: { 200: signupRequestViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actorUserId = requireInstanceAdmin(request)
      return approveSignupRequest(request.ctx, { id: request.params.id, actorUserId, meta: requestMeta(request) })
    },
  )

  app.get(
    '/admin/audit',
    {
      config: selfService,
      schema: {
        tags: ['admin'],
        summary: 'Audit log of auth events and admin actions, newest first',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: z.iso.datetime({ offset: true }).optional(),
          action: z.string().max(100).optional(),
          actorUserId: z.uuid().optional(),
          workspaceId: z.uuid().optional(),
        }),
        response: { 200: auditPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireInstanceAdmin(request)
      return listAuditEvents(request.ctx.database, request.query)
    },
  )
}

/** Token creation on behalf of a user, for `signalbox token create` against a running server. */
export const adminTokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/admin/tokens',
    {
      config: { selfService: true },
      bodyLimit: authBodyLimit,
      schema: {
        tags: ['admin'],
        summary: "Create an API token for a user in one of that user's workspaces (shown once)",
        body: z.object({
          username: z.string().min(1).max(100),
          workspace: z.string().min(1).max(100).default('default'),
          name: z.string().trim().min(1).max(100),
          scopes: z.array(z.enum(tokenScopes)).min(1),
          expiresInDays: z.number().int().min(1).max(3650).optional(),
        }),
        response: { 201: createdApiTokenSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actorUserId = requireInstanceAdmin(request)
      const created = await createTokenForUser(request.ctx.database, request.body)
      await recordAuditEvent(request.ctx.database, {
        action: 'admin.token.create',
        actorUserId,
        workspaceId: created.workspaceId,
        targetType: 'api_token',
        targetId: created.id,
        details: { username: request.body.username, scopes: created.scopes },
        meta: requestMeta(request),
      })
      return reply.status(201).send(created)
    },
  )
}
