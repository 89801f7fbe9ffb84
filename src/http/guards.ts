// Role, scope and actor checks used by routes, and the request metadata they pass to services; the identity
// module decides which actor reaches them.
import type { FastifyRequest } from 'fastify'
import { ForbiddenError } from '../lib/errors.js'
import { instanceAdminActor, personActor, sessionActor } from '../lib/actor-checks.js'
import type { RequestMeta, WorkspaceRole } from '../lib/context.js'

export type Scope = 'read' | 'write' | 'admin' | 'ingest'
const roleRank: Record<WorkspaceRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 }

/** API tokens must carry the scope (admin implies all); people and the local token pass by role. */
export function requireScope(request: FastifyRequest, scope: Scope) {
  const actor = request.ctx.actor
  if (actor.kind === 'api-token') {
    const ok = actor.scopes.includes(scope) || actor.scopes.includes('admin') || (scope === 'ingest' && actor.scopes.includes('write'))
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
export const requireSessionUser = (request: FastifyRequest) => sessionActor(request.ctx.actor)

/** A person, via session or API token. */
export const requirePerson = (request: FastifyRequest) => personActor(request.ctx.actor)

/** Instance administration: an admin user (an API token also needs the admin scope), or the local CLI. */
export const requireInstanceAdmin = (request: FastifyRequest): string | null => instanceAdminActor(request.ctx.actor)
