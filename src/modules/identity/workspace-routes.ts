// HTTP shell of workspaces: list/create/switch, members and roles, invitations. It lives in identity (which
// depends on workspaces, not the reverse) because it acts on sessions and people.
// Member and invitation routes act on the caller's current workspace (X-Signalbox-Workspace or the session's).
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ForbiddenError, NotFoundError } from '../../lib/errors.js'
import { recordAuditEvent } from '../audit/index.js'
import { requestMeta, requirePerson, requireSessionUser } from '../../http/guards.js'
import { noWorkspaceId } from './authenticators.js'
import { getUser } from './users.js'
import { setSessionWorkspace } from './sessions.js'
import { listMembers } from './workspace-members.js'
import {
  acceptInvitation,
  changeMemberRole,
  createInvitation,
  createOwnedWorkspace,
  listInvitations,
  listUserWorkspaces,
  membershipRole,
  revokeInvitation,
  workspaceRoles,
} from '../workspaces/index.js'
import { errorResponses } from '../../http/response-schemas.js'
import { acceptedInvitationSchema, createdInvitationSchema, createdWorkspaceSchema, invitationViewSchema, memberViewSchema, userWorkspaceSchema } from '../workspaces/index.js'

const selfService = { selfService: true } as const

export const workspaceRoutes: FastifyPluginAsyncZod = async (app) => {
  const requireWorkspaceAdmin = (request: any) => {
    const actor = requirePerson(request)
    if (actor.kind === 'api-token' && !actor.scopes.includes('admin')) throw new ForbiddenError("This token lacks the 'admin' scope")
    if (actor.role !== 'owner' && actor.role !== 'admin') throw new ForbiddenError('Workspace admin role required')
    return actor
  }

  app.get('/workspaces', { config: selfService, schema: { tags: ['workspaces'], summary: 'Your workspaces and roles', response: { 200: z.object({ workspaces: z.array(userWorkspaceSchema), activeWorkspaceId: z.string().nullable() }), ...errorResponses } } }, async (request) => {
    const actor = requirePerson(request)
    const workspaces = await listUserWorkspaces(request.ctx.database, actor.userId)
    return { workspaces, activeWorkspaceId: request.ctx.workspaceId === noWorkspaceId ? null : request.ctx.workspaceId }
  })

  app.post(
    '/workspaces',
    {
      config: selfService,
      schema: {
        tags: ['workspaces'],
        summary: 'Create a workspace (you become its owner)',
        body: z.object({ name: z.string().trim().min(1).max(100), slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,48}$/, 'slug: 2-49 lower-case letters, digits, -') }),
        response: { 201: createdWorkspaceSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { userId } = requireSessionUser(request)
      const workspace = await createOwnedWorkspace(request.ctx.database, { ...request.body, ownerUserId: userId })
      await recordAuditEvent(request.ctx.database, { action: 'workspace.create', actorUserId: userId, workspaceId: workspace.id, targetType: 'workspace', targetId: workspace.id, meta: requestMeta(request) })
      return reply.status(201).send(workspace)
    },
  )

  app.post(
    '/workspaces/:id/switch',
    { config: selfService, schema: { tags: ['workspaces'], summary: "Make a workspace this session's active one", params: z.object({ id: z.uuid() }), response: { 200: z.object({ activeWorkspaceId: z.string(), role: z.enum(workspaceRoles) }), ...errorResponses } } },
    async (request) => {
      const { userId, sessionId } = requireSessionUser(request)
      const role = await membershipRole(request.ctx.database, request.params.id, userId)
      if (!role) throw new NotFoundError('Workspace')
      await setSessionWorkspace(request.ctx.database, sessionId, request.params.id)
      return { activeWorkspaceId: request.params.id, role }
    },
  )

  app.get('/workspaces/members', { schema: { tags: ['workspaces'], summary: 'Members of the current workspace', response: { 200: z.object({ members: z.array(memberViewSchema) }), ...errorResponses } } }, async (request) => ({
    members: await listMembers(request.ctx.database, request.ctx.workspaceId),
  }))

  app.patch(
    '/workspaces/members/:userId',
    {
      schema: {
        tags: ['workspaces'],
        summary: "Change a member's role",
        params: z.object({ userId: z.uuid() }),
        body: z.object({ role: z.enum(workspaceRoles) }),
        response: { 200: z.object({ userId: z.string(), role: z.enum(workspaceRoles) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireWorkspaceAdmin(request)
      await changeMemberRole(request.ctx.database, { workspaceId: request.ctx.workspaceId, actorRole: actor.role, userId: request.params.userId, role: request.body.role })
      await recordAuditEvent(request.ctx.database, { action: 'workspace.member.role', actorUserId: actor.userId, workspaceId: request.ctx.workspaceId, targetType: 'user', targetId: request.params.userId, details: { role: request.body.role }, meta: requestMeta(request) })
      return { userId: request.params.userId, role: request.body.role }
    },
  )

  app.delete(
    '/workspaces/members/:userId',
    { schema: { tags: ['workspaces'], summary: 'Remove a member', params: z.object({ userId: z.uuid() }), response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      const actor = requireWorkspaceAdmin(request)
      await changeMemberRole(request.ctx.database, { workspaceId: request.ctx.workspaceId, actorRole: actor.role, userId: request.params.userId, role: null })
      await recordAuditEvent(request.ctx.database, { action: 'workspace.member.remove', actorUserId: actor.userId, workspaceId: request.ctx.workspaceId, targetType: 'user', targetId: request.params.userId, meta: requestMeta(request) })
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/workspaces/invitations',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'Invite someone to the current workspace (the token is shown only in this response)',
        body: z.object({ role: z.enum(workspaceRoles).default('member'), username: z.string().min(1).max(100).optional() }),
        response: { 201: createdInvitationSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireWorkspaceAdmin(request)
      const invitation = await createInvitation(request.ctx.database, { workspaceId: request.ctx.workspaceId, actorRole: actor.role, invitedBy: actor.userId, ...request.body })
      await recordAuditEvent(request.ctx.database, { action: 'workspace.invitation.create', actorUserId: actor.userId, workspaceId: request.ctx.workspaceId, targetType: 'invitation', targetId: invitation.id, details: { role: invitation.role, username: invitation.username }, meta: requestMeta(request) })
      return reply.status(201).send(invitation)
    },
  )

  app.get('/workspaces/invitations', { schema: { tags: ['workspaces'], summary: 'Invitations of the current workspace', response: { 200: z.object({ invitations: z.array(invitationViewSchema) }), ...errorResponses } } }, async (request) => {
    requireWorkspaceAdmin(request)
    return { invitations: await listInvitations(request.ctx.database, request.ctx.workspaceId) }
  })

  app.delete(
    '/workspaces/invitations/:id',
    { schema: { tags: ['workspaces'], summary: 'Revoke an open invitation', params: z.object({ id: z.uuid() }), response: { 200: invitationViewSchema, ...errorResponses } } },
    async (request) => {
      const actor = requireWorkspaceAdmin(request)
      const revoked = await revokeInvitation(request.ctx.database, { workspaceId: request.ctx.workspaceId, invitationId: request.params.id })
      await recordAuditEvent(request.ctx.database, { action: 'workspace.invitation.revoke', actorUserId: actor.userId, workspaceId: request.ctx.workspaceId, targetType: 'invitation', targetId: revoked.id, meta: requestMeta(request) })
      return revoked
    },
  )

  app.post(
    '/workspaces/invitations/accept',
    { config: selfService, schema: { tags: ['workspaces'], summary: 'Accept an invitation (join its workspace)', body: z.object({ token: z.string().min(10).max(200) }), response: { 200: acceptedInvitationSchema, ...errorResponses } } },
    async (request) => {
      const { userId } = requireSessionUser(request)
      const user = await getUser(request.ctx.database, userId)
      const result = await acceptInvitation(request.ctx.database, { token: request.body.token, userId, username: user.username })
      await recordAuditEvent(request.ctx.database, { action: 'workspace.invitation.accept', actorUserId: userId, workspaceId: result.workspace.id, meta: requestMeta(request) })
      return result
    },
  )
}
