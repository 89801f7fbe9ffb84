// Instance administration, as services for the admin API and the CLI alike: users, signup requests, tokens for a
// named user, the audit log. Each checks that the caller is an instance admin (or the CLI on this machine), acts,
// and writes the audit log.
import type { Actor, ServiceContext, WorkspaceRole } from '../../lib/context.js'
import { ConflictError } from '../../lib/errors.js'
import { instanceAdminActor } from '../../lib/actor-checks.js'
import type { Scope } from '../../http/guards.js'
import { listAuditEvents, recordAuditEvent, type AuditQuery } from '../audit/index.js'
import { addDefaultWorkspaceMember } from '../workspaces/index.js'
import { revokeAllUserSessions } from './sessions.js'
import { approveSignupRequest, listPendingSignupRequests } from './signup.js'
import { createTokenForUser } from './token-for-user.js'
import { createUser, listUsers, publicUser, setUserFlags, type CreateUserInput } from './users.js'

/** Who the audit log names: the admin's user id, or 'cli' for the machine's own actors (the local CLI, directly or
 * through the server's local token). */
function adminAuditActor(actor: Actor) {
  const actorUserId = instanceAdminActor(actor)
  return actorUserId ? { actorUserId } : { actorName: 'cli' }
}

export async function listAllUsers(ctx: ServiceContext) {
  instanceAdminActor(ctx.actor)
  return { users: await listUsers(ctx) }
}

export type AdminCreateUserInput = Omit<CreateUserInput, 'passwordHash'> & { defaultWorkspaceRole: WorkspaceRole | 'none' }

/** Creates a user who joins the default workspace with the given role ('none': no membership). */
export async function createUserAsAdmin(ctx: ServiceContext, input: AdminCreateUserInput) {
  const auditActor = adminAuditActor(ctx.actor)
  const { defaultWorkspaceRole, ...fields } = input
  const user = await createUser(ctx, fields)
  if (defaultWorkspaceRole !== 'none') {
    await addDefaultWorkspaceMember(ctx, { userId: user.id, role: defaultWorkspaceRole })
  }
  await recordAuditEvent(ctx, {
    action: 'admin.user.create',
    ...auditActor,
    targetType: 'user',
    targetId: user.id,
    details: { username: user.username, isAdmin: user.isAdmin },
    meta: ctx.origin,
  })
  return { user: publicUser(user) }
}

/** Activates/deactivates a user or changes the admin flag; deactivating ends their sessions. */
export async function updateUserAsAdmin(ctx: ServiceContext, userId: string, flags: { isActive?: boolean; isAdmin?: boolean }) {
  const auditActor = adminAuditActor(ctx.actor)
  if (auditActor.actorUserId === userId && (flags.isActive === false || flags.isAdmin === false)) {
    throw new ConflictError('Admins cannot deactivate or demote themselves')
  }
  const user = await setUserFlags(ctx, userId, flags)
  if (flags.isActive === false) await revokeAllUserSessions(ctx, user.id)
  await recordAuditEvent(ctx, {
    action: 'admin.user.update',
    ...auditActor,
    targetType: 'user',
    targetId: user.id,
    details: flags,
    meta: ctx.origin,
  })
  return { user: publicUser(user) }
}

/** Pending signup requests with their PINs. */
export async function listSignupRequestsAsAdmin(ctx: ServiceContext) {
  instanceAdminActor(ctx.actor)
  return { requests: await listPendingSignupRequests(ctx) }
}

/** Approves a signup request; the reply carries the PIN to hand to the person. */
export async function approveSignupRequestAsAdmin(ctx: ServiceContext, requestId: string) {
  const actorUserId = instanceAdminActor(ctx.actor)
  return approveSignupRequest(ctx, { id: requestId, actorUserId, meta: ctx.origin })
}

/** Creates an API token for a named user in one of that user's workspaces (shown once). */
export async function createTokenAsAdmin(
  ctx: ServiceContext,
  input: { username: string; workspace: string; name: string; scopes: Scope[]; expiresInDays?: number },
) {
  const auditActor = adminAuditActor(ctx.actor)
  const created = await createTokenForUser(ctx, input)
  await recordAuditEvent(ctx, {
    action: 'admin.token.create',
    ...auditActor,
    workspaceId: created.workspaceId,
    targetType: 'api_token',
    targetId: created.id,
    details: { username: input.username, scopes: created.scopes },
    meta: ctx.origin,
  })
  return created
}

/** The audit log, newest first. */
export async function readAuditLog(ctx: ServiceContext, query: AuditQuery) {
  instanceAdminActor(ctx.actor)
  return listAuditEvents(ctx, query)
}
