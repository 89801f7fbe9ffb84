// What a signed-in person does with their own account, as services: sign out, read and edit their profile, change
// their password, list and end their sessions. Each checks who may do it, acts, and writes the audit log (the
// routes only parse, set or clear the cookie, and format).
import type { ServiceContext } from '../../lib/context.js'
import { AppError, ValidationError } from '../../lib/errors.js'
import { personActor, sessionActor } from '../../lib/actor-checks.js'
import { recordAuditEvent } from '../audit/index.js'
import { listUserWorkspaces } from '../workspaces/index.js'
import { csrfTokenFor } from './csrf.js'
import { changePassword } from './password-change.js'
import { deleteSessionById, listUserSessions, revokeAllUserSessions, revokeUserSession } from './sessions.js'
import { throttleGuesses, throttleKey, throttlePolicies } from './throttle.js'
import { getUser, publicUser, updateProfile, type ProfileInput } from './users.js'

/** Ends the caller's current session. */
export async function endCurrentSession(ctx: ServiceContext) {
  const { userId, sessionId } = sessionActor(ctx.actor)
  await deleteSessionById(ctx, sessionId)
  await recordAuditEvent(ctx, {
    action: 'auth.logout',
    actorUserId: userId,
    targetType: 'session',
    targetId: sessionId,
    meta: ctx.origin,
  })
}

/** Ends every session of the caller, the current one included. */
export async function endAllSessions(ctx: ServiceContext) {
  const { userId } = sessionActor(ctx.actor)
  const revoked = await revokeAllUserSessions(ctx, userId)
  await recordAuditEvent(ctx, { action: 'auth.logout-all', actorUserId: userId, details: { revoked }, meta: ctx.origin })
  return { revoked }
}

/** The CSRF token of the caller's session; `sessionToken` is the cookie the request came with. */
export function sessionCsrfToken(ctx: ServiceContext, sessionToken: string | null) {
  sessionActor(ctx.actor)
  if (!sessionToken) throw new ValidationError('No session cookie')
  return { csrfToken: csrfTokenFor(sessionToken), header: 'X-CSRF-Token' as const }
}

/** The caller (session or API token), their workspaces and the one this request acts in. */
export async function describeCaller(ctx: ServiceContext) {
  const actor = personActor(ctx.actor)
  const user = await getUser(ctx, actor.userId)
  const workspaces = await listUserWorkspaces(ctx, actor.userId)
  return {
    user: publicUser(user),
    workspaces,
    activeWorkspace: workspaces.find((w) => w.id === ctx.workspaceId) ?? null,
    via:
      actor.kind === 'api-token'
        ? { kind: 'api-token' as const, tokenId: actor.tokenId, scopes: actor.scopes }
        : { kind: 'session' as const },
  }
}

export async function updateOwnProfile(ctx: ServiceContext, input: ProfileInput) {
  const { userId } = sessionActor(ctx.actor)
  const user = await updateProfile(ctx, userId, input)
  await recordAuditEvent(ctx, {
    action: 'user.profile.update',
    actorUserId: userId,
    targetType: 'user',
    targetId: userId,
    details: { fields: Object.keys(input) },
    meta: ctx.origin,
  })
  return { user: publicUser(user) }
}

const isWrongCredential = (error: unknown) => error instanceof AppError && error.httpStatus === 401

/** Changes the caller's password and ends their other sessions. */
export async function changeOwnPassword(ctx: ServiceContext, input: { currentPassword: string; newPassword: string }) {
  const { userId, sessionId } = sessionActor(ctx.actor)
  // Guessing the current password from a stolen session counts like guessing at login.
  const key = throttleKey('login', 'account', userId, throttlePolicies.loginAccount)
  try {
    const result = await throttleGuesses(ctx, [key], isWrongCredential, () =>
      changePassword(ctx, { userId, currentSessionId: sessionId, ...input }),
    )
    await recordAuditEvent(ctx, { action: 'auth.password.change', actorUserId: userId, details: result, meta: ctx.origin })
    return result
  } catch (error) {
    if (isWrongCredential(error)) {
      await recordAuditEvent(ctx, { action: 'auth.password.change', outcome: 'failure', actorUserId: userId, meta: ctx.origin })
    }
    throw error
  }
}

export async function listOwnSessions(ctx: ServiceContext) {
  const { userId, sessionId } = sessionActor(ctx.actor)
  return { sessions: await listUserSessions(ctx, userId, sessionId) }
}

/** Ends one of the caller's sessions; anyone else's is not found. */
export async function revokeOwnSession(ctx: ServiceContext, targetSessionId: string) {
  const { userId } = sessionActor(ctx.actor)
  await revokeUserSession(ctx, userId, targetSessionId)
  await recordAuditEvent(ctx, {
    action: 'auth.session.revoke',
    actorUserId: userId,
    targetType: 'session',
    targetId: targetSessionId,
    meta: ctx.origin,
  })
}
