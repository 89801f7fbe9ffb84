// HTTP shell of workspaces: list/create/switch, members and roles, invitations. It lives in identity (which
// depends on workspaces, not the reverse) because it acts on sessions and people.
// Member and invitation routes act on the caller's current workspace (X-Signalbox-Workspace or the session's);
// who may do what, and the audit log, are the services' (workspace-actions.ts).
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  acceptWorkspaceInvitation,
  createWorkspaceAsOwner,
  inviteToWorkspace,
  listCallerWorkspaces,
  listWorkspaceInvitations,
  listWorkspaceMembers,
  revokeWorkspaceInvitation,
  setMemberRole,
  switchSessionWorkspace,
} from './workspace-actions.js'
import { errorResponses } from '../../http/response-schemas.js'
import {
  acceptedInvitationSchema,
  createdInvitationSchema,
  createdWorkspaceSchema,
  invitationViewSchema,
  memberViewSchema,
  userWorkspaceSchema,
  workspaceRoles,
} from '../workspaces/index.js'

const selfService = { selfService: true } as const

export const workspaceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/workspaces',
    {
      config: selfService,
      schema: {
        tags: ['workspaces'],
        summary: 'Your workspaces and roles',
        response: {
          200: z.object({ workspaces: z.array(userWorkspaceSchema), activeWorkspaceId: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      return listCallerWorkspaces(request.ctx)
    },
  )

  app.post(
    '/workspaces',
    {
      config: selfService,
      schema: {
        tags: ['workspaces'],
        summary: 'Create a workspace (you become its owner)',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,48}$/, 'slug: 2-49 lower-case letters, digits, -'),
        }),
        response: { 201: createdWorkspaceSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      return reply.status(201).send(await createWorkspaceAsOwner(request.ctx, request.body))
    },
  )

  app.post(
    '/workspaces/:id/switch',
    {
      config: selfService,
      schema: {
        tags: ['workspaces'],
        summary: "Make a workspace this session's active one",
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ activeWorkspaceId: z.string(), role: z.enum(workspaceRoles) }), ...errorResponses },
      },
    },
    async (request) => {
      return switchSessionWorkspace(request.ctx, request.params.id)
    },
  )

  app.get(
    '/workspaces/members',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'Members of the current workspace',
        response: { 200: z.object({ members: z.array(memberViewSchema) }), ...errorResponses },
      },
    },
    async (request) => listWorkspaceMembers(request.ctx),
  )

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
      const { role } = request.body
      await setMemberRole(request.ctx, { userId: request.params.userId, role })
      return { userId: request.params.userId, role }
    },
  )

  app.delete(
    '/workspaces/members/:userId',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'Remove a member',
        params: z.object({ userId: z.uuid() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await setMemberRole(request.ctx, { userId: request.params.userId, role: null })
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
      return reply.status(201).send(await inviteToWorkspace(request.ctx, request.body))
    },
  )

  app.get(
    '/workspaces/invitations',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'Invitations of the current workspace',
        response: { 200: z.object({ invitations: z.array(invitationViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      return listWorkspaceInvitations(request.ctx)
    },
  )

  app.delete(
    '/workspaces/invitations/:id',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'Revoke an open invitation',
        params: z.object({ id: z.uuid() }),
        response: { 200: invitationViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      return revokeWorkspaceInvitation(request.ctx, request.params.id)
    },
  )

  app.post(
    '/workspaces/invitations/accept',
    {
      config: selfService,
      schema: {
        tags: ['workspaces'],
        summary: 'Accept an invitation (join its workspace)',
        body: z.object({ token: z.string().min(10).max(200) }),
        response: { 200: acceptedInvitationSchema, ...errorResponses },
      },
    },
    async (request) => {
      return acceptWorkspaceInvitation(request.ctx, request.body.token)
    },
  )
}
