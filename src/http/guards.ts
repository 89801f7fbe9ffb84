// Role, scope and actor checks used by routes, and the request metadata they pass to services; the identity
// module decides which actor reaches them.
import type { FastifyRequest } from 'fastify'
import { ForbiddenError, ValidationError } from '../lib/errors.js'
import type { RequestMeta, WorkspaceRole } from '../lib/context.js'

export type Scope = 'read' | 'write' | 'admin' | 'ingest'
const roleRank: Record<WorkspaceRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 }

/** API tokens must carry the scope (admin implies all); people and the local token pass by role. */
export function requireScope(request: FastifyRequest, scope: Scope) {
  const actor = request.ctx.actor
  if (actor.kind === 'api-token') {
    const ok = actor.scopes.includes(scope) || actor.scopes.includes('admin') ||
      (scope === 'ingest' && actor.scopes.includes('write'))
    if (!ok) throw new ForbiddenError(`This token lacks the '${scope}' scope`)
  }
  if ((scope === 'write' || scope === 'ingest') && 'role' in actor && roleRank[actor.role] < roleRank.member) {
    throw new ForbiddenError('Viewers cannot change data')
  }
  if (scope === 'admin' && 'role' in actor && roleRank[actor.role] < roleRank.admin) {
    throw new ForbiddenError('Workspace admin role required')
  }
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  const userAgent = request.headers['user-agent']
  return { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : undefined }
}

/** The signed-in person behind a session (not an API token, not the local CLI). */
export function requireSessionUser(request: FastifyRequest) {
  const actor = request.ctx.actor
  if (actor.kind !== 'user' || !actor.sessionId) throw new ForbiddenError('This needs a signed-in session (not an API token)')
  return { userId: actor.userId, sessionId: actor.sessionId }
}

/** A person, via session or API token. */
export function requirePerson(request: FastifyRequest) {
  const actor = request.ctx.actor
  if (actor.kind !== 'user' && actor.kind !== 'api-token') throw new ValidationError('This needs a user session or a user API token')
  return actor
}

/** Instance administration: an admin user (an API token also needs the admin scope), or the local CLI. */
export function requireInstanceAdmin(request: FastifyRequest): string | null {
  const actor = request.ctx.actor
  if (actor.kind === 'local-token' || actor.kind === 'system') return null
  if (actor.kind === 'api-token' && !actor.scopes.includes('admin')) throw new ForbiddenError("This token lacks the 'admin' scope")
  if (!actor.isAdmin) throw new ForbiddenError('Instance administrator required')
  return actor.userId
}
