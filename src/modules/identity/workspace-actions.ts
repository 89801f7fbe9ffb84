// What a person does with workspaces, as services (in identity, which depends on workspaces, because they act on
// sessions and people): each checks who may do it, acts, and writes the audit log
// (the routes only parse and format). Member and invitation actions apply to the caller's current workspace.
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import { personActor, sessionActor, workspaceAdminActor } from '../../lib/actor-checks.js'
import type { WorkspaceRole } from '../../lib/context.js'
import { recordAuditEvent } from '../audit/index.js'
import {
  acceptInvitation,
  changeMemberRole,
  createInvitation,
  createOwnedWorkspace,
  listInvitations,
  listUserWorkspaces,
  membershipRole,
  revokeInvitation,
} from '../workspaces/index.js'
import { noWorkspaceId } from './authenticators.js'
import { getUser } from './users.js'
import { setSessionWorkspace } from './sessions.js'
import { listMembers } from './workspace-members.js'

/** The caller's workspaces with their roles, and the one this request acts in (null before joining any). */
export async function listCallerWorkspaces(ctx: ServiceContext) {
  const actor = personActor(ctx.actor)
  const workspaces = await listUserWorkspaces(ctx, actor.userId)
  return { workspaces, activeWorkspaceId: ctx.workspaceId === noWorkspaceId ? null : ctx.workspaceId }
}

/** A signed-in person creates a workspace and becomes its owner. */
export async function createWorkspaceAsOwner(ctx: ServiceContext, input: { name: string; slug: string }) {
  const { userId } = sessionActor(ctx.actor)
  const workspace = await createOwnedWorkspace(ctx, { ...input, ownerUserId: userId })
  await recordAuditEvent(ctx, {
    action: 'workspace.create',
    actorUserId: userId,
    workspaceId: workspace.id,
    targetType: 'workspace',
    targetId: workspace.id,
    meta: ctx.origin,
  })
  return workspace
}

/** Makes one of the caller's workspaces their session's active one; someone else's workspace is not found. */
export async function switchSessionWorkspace(ctx: ServiceContext, workspaceId: string) {
  const { userId, sessionId } = sessionActor(ctx.actor)
  const role = await membershipRole(ctx, workspaceId, userId)
  if (!role) throw new NotFoundError('Workspace')
  await setSessionWorkspace(ctx, sessionId, workspaceId)
  return { activeWorkspaceId: workspaceId, role }
}

export async function listWorkspaceMembers(ctx: ServiceContext) {
  return { members: await listMembers(ctx) }
}

/** A workspace admin changes a member's role, or removes them with role null. */
export async function setMemberRole(ctx: ServiceContext, input: { userId: string; role: WorkspaceRole | null }) {
  const actor = workspaceAdminActor(ctx.actor)
  await changeMemberRole(ctx, { actorRole: actor.role, userId: input.userId, role: input.role })
  const target = { actorUserId: actor.userId, workspaceId: ctx.workspaceId, targetType: 'user', targetId: input.userId, meta: ctx.origin }
  if (input.role === null) await recordAuditEvent(ctx, { action: 'workspace.member.remove', ...target })
  else await recordAuditEvent(ctx, { action: 'workspace.member.role', ...target, details: { role: input.role } })
  return { userId: input.userId, role: input.role }
}

/** A workspace admin invites someone; the reply carries the one-time token. */
export async function inviteToWorkspace(ctx: ServiceContext, input: { role: WorkspaceRole; username?: string }) {
  const actor = workspaceAdminActor(ctx.actor)
  const invitation = await createInvitation(ctx, {
    actorRole: actor.role,
    invitedBy: actor.userId,
    ...input,
  })
  await recordAuditEvent(ctx, {
    action: 'workspace.invitation.create',
    actorUserId: actor.userId,
    workspaceId: ctx.workspaceId,
    targetType: 'invitation',
    targetId: invitation.id,
    details: { role: invitation.role, username: invitation.username },
    meta: ctx.origin,
  })
  return invitation
}

export async function listWorkspaceInvitations(ctx: ServiceContext) {
  workspaceAdminActor(ctx.actor)
  return { invitations: await listInvitations(ctx) }
}

export async function revokeWorkspaceInvitation(ctx: ServiceContext, invitationId: string) {
  const actor = workspaceAdminActor(ctx.actor)
  const revoked = await revokeInvitation(ctx, invitationId)
  await recordAuditEvent(ctx, {
    action: 'workspace.invitation.revoke',
    actorUserId: actor.userId,
    workspaceId: ctx.workspaceId,
    targetType: 'invitation',
    targetId: revoked.id,
    meta: ctx.origin,
  })
  return revoked
}

/** A signed-in person joins the invitation's workspace. */
export async function acceptWorkspaceInvitation(ctx: ServiceContext, token: string) {
  const { userId } = sessionActor(ctx.actor)
  const user = await getUser(ctx, userId)
  const result = await acceptInvitation(ctx, { token, userId, username: user.username })
  await recordAuditEvent(ctx, {
    action: 'workspace.invitation.accept',
    actorUserId: userId,
    workspaceId: result.workspace.id,
    meta: ctx.origin,
  })
  return result
}
