// HTTP shell of instance administration: users, signup requests (with their PINs), tokens for a named user and the
// audit log; the rules (instance admins only, self-demotion, audit) are in admin-actions.ts.
import { workspaceRoles } from '../workspaces/index.js'
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { profileSchema } from './users.js'
import { authBodyLimit } from './http-helpers.js'
import { tokenScopes } from './api-tokens.js'
import {
  approveSignupRequestAsAdmin,
  createTokenAsAdmin,
  createUserAsAdmin,
  listAllUsers,
  listSignupRequestsAsAdmin,
  readAuditLog,
  updateUserAsAdmin,
} from './admin-actions.js'
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
    async (request) => listAllUsers(request.ctx),
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
    async (request, reply) => reply.status(201).send(await createUserAsAdmin(request.ctx, request.body)),
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
    async (request) => updateUserAsAdmin(request.ctx, request.params.id, request.body),
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
    async (request) => listSignupRequestsAsAdmin(request.ctx),
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
    async (request) => approveSignupRequestAsAdmin(request.ctx, request.params.id),
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
    async (request) => readAuditLog(request.ctx, request.query),
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
    async (request, reply) => reply.status(201).send(await createTokenAsAdmin(request.ctx, request.body)),
  )
}
