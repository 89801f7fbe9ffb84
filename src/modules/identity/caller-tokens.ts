// A person's own API tokens, as services: who may create which scopes, the creation throttle and the audit log.
import type { ServiceContext, WorkspaceRole } from '../../lib/context.js'
import { ForbiddenError, ValidationError } from '../../lib/errors.js'
import { recordAuditEvent } from '../audit/index.js'
import { createApiToken, listApiTokens, revokeApiToken, type tokenScopes } from './api-tokens.js'
import { personActor } from '../../lib/actor-checks.js'
import { noWorkspaceId } from './authenticators.js'
import { assertNotThrottled, recordThrottledAttempt, throttleKey, throttlePolicies } from './throttle.js'

/** A token never carries more than its creator's role allows. */
function assertScopesAllowed(role: WorkspaceRole, scopes: string[]) {
  const needsMember = scopes.some((s) => s === 'write' || s === 'ingest')
  if (needsMember && role === 'viewer') throw new ForbiddenError('Viewers can only create read tokens')
  if (scopes.includes('admin') && role !== 'admin' && role !== 'owner')
    throw new ForbiddenError("Only workspace admins can create 'admin' tokens")
}

/** Creates a token for the caller in the current workspace; the reply carries the secret, once. */
export async function createCallerToken(
  ctx: ServiceContext,
  input: { name: string; scopes: Array<(typeof tokenScopes)[number]>; expiresInDays?: number },
) {
  const actor = personActor(ctx.actor)
  if (actor.kind === 'api-token' && !actor.scopes.includes('admin'))
    throw new ForbiddenError("Creating tokens with a token needs the 'admin' scope")
  if (ctx.workspaceId === noWorkspaceId) throw new ValidationError('Join a workspace before creating tokens')
  assertScopesAllowed(actor.role, input.scopes)
  const key = throttleKey('token', 'account', actor.userId, throttlePolicies.tokenAccount)
  await assertNotThrottled(ctx, [key])
  await recordThrottledAttempt(ctx, [key])
  const created = await createApiToken(ctx, {
    userId: actor.userId,
    name: input.name,
    scopes: input.scopes,
    expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
  })
  await recordAuditEvent(ctx, {
    action: 'token.create',
    actorUserId: actor.userId,
    workspaceId: ctx.workspaceId,
    targetType: 'api_token',
    targetId: created.id,
    details: { scopes: created.scopes, name: created.name },
    meta: ctx.origin,
  })
  return created
}

/** The caller's tokens in the current workspace (never the secrets). */
export async function listCallerTokens(ctx: ServiceContext) {
  const actor = personActor(ctx.actor)
  return listApiTokens(ctx, actor.userId)
}

/** Revokes one of the caller's tokens (effective immediately); anyone else's is not found. */
export async function revokeCallerToken(ctx: ServiceContext, tokenId: string) {
  const actor = personActor(ctx.actor)
  const revoked = await revokeApiToken(ctx, { userId: actor.userId, tokenId })
  await recordAuditEvent(ctx, {
    action: 'token.revoke',
    actorUserId: actor.userId,
    workspaceId: ctx.workspaceId,
    targetType: 'api_token',
    targetId: revoked.id,
    meta: ctx.origin,
  })
  return revoked
}
