// The identity module's authenticators (see src/http/request-context.ts): API tokens, then session cookies.
// Both resolve the workspace the request acts in and verify membership, so no route ever sees a workspace
// its caller does not belong to. Cookie-authenticated mutations must pass the CSRF check.
import { findWorkspace, listUserWorkspaces, membershipRole } from '../workspaces/index.js'
import type { FastifyRequest } from 'fastify'
import { fastifyCookie } from '@fastify/cookie'
import { bearerToken, type Authenticated, type Authenticator } from '../../http/request-context.js'
import type { AppDeps } from '../../app.js'
import type { WorkspaceRole } from '../../lib/context.js'
import { ForbiddenError, UnauthorizedError } from '../../lib/errors.js'
import { resolveApiToken, tokenPrefix } from './api-tokens.js'
import { resolveSession, sessionCookieName } from './sessions.js'
import { assertCsrf } from './csrf.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Routes about the caller's own account (me, sessions, 2FA, tokens, workspace list/switch/accept):
     * any signed-in person may call them, even without a workspace membership or with the viewer role.
     */
    selfService?: boolean
  }
}

/** Stands in for "no workspace" on self-service routes of people who belong to none; matches no row. */
export const noWorkspaceId = '00000000-0000-0000-0000-000000000000'

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

export function requestedWorkspace(request: FastifyRequest): string | null {
  const header = request.headers['x-signalbox-workspace']
  return typeof header === 'string' && header.trim() ? header.trim() : null
}

export function readSessionCookie(request: FastifyRequest): string | null {
  const header = request.headers.cookie
  if (!header) return null
  return fastifyCookie.parse(header)[sessionCookieName] || null
}

async function workspaceForUser(
  deps: AppDeps,
  request: FastifyRequest,
  userId: string,
  activeWorkspaceId: string | null,
): Promise<{ workspaceId: string; role: WorkspaceRole }> {
  const requested = requestedWorkspace(request)
  if (requested) {
    const workspace = await findWorkspace(deps, requested)
    const role = workspace ? await membershipRole(deps, workspace.id, userId) : null
    // Same answer for "no such workspace" and "not yours": workspace ids are not to be probed.
    if (!workspace || !role) throw new ForbiddenError('You are not a member of this workspace')
    return { workspaceId: workspace.id, role }
  }
  if (activeWorkspaceId) {
    const role = await membershipRole(deps, activeWorkspaceId, userId)
    if (role) return { workspaceId: activeWorkspaceId, role }
  }
  const [first] = await listUserWorkspaces(deps, userId)
  if (first) return { workspaceId: first.id, role: first.role }
  if (request.routeOptions.config?.selfService) return { workspaceId: noWorkspaceId, role: 'viewer' }
  throw new ForbiddenError('You are not a member of any workspace: ask an owner for an invitation')
}

/** Defence in depth for routes that forget requireScope: a viewer never changes data outside self-service routes. */
function assertRoleAllowsMethod(request: FastifyRequest, role: WorkspaceRole) {
  if (role === 'viewer' && !safeMethods.has(request.method) && !request.routeOptions.config?.selfService) {
    throw new ForbiddenError('Viewers cannot change data')
  }
}

export const apiTokenAuthenticator: Authenticator = async (request, deps): Promise<Authenticated | null> => {
  const token = bearerToken(request)
  if (!token || !token.startsWith(tokenPrefix)) return null
  const found = await resolveApiToken(deps, token)
  if (!found) throw new UnauthorizedError('Invalid, expired or revoked API token')
  const requested = requestedWorkspace(request)
  if (requested && requested !== found.token.workspaceId) {
    const workspace = await findWorkspace(deps, requested)
    if (workspace?.id !== found.token.workspaceId) throw new ForbiddenError('This token belongs to another workspace')
  }
  const role = await membershipRole(deps, found.token.workspaceId, found.user.id)
  if (!role) throw new ForbiddenError('The token owner is no longer a member of its workspace')
  const scopes = found.token.scopes
  // Routes check scopes with requireScope; this catches routes that forget: reads need read (or write/admin),
  // changes need anything but a read-only token.
  const readable = scopes.some((s) => s === 'read' || s === 'write' || s === 'admin')
  if (safeMethods.has(request.method) ? !readable && !request.routeOptions.config?.selfService : scopes.every((s) => s === 'read')) {
    throw new ForbiddenError(`This token's scopes (${scopes.join(', ')}) do not allow ${request.method} here`)
  }
  assertRoleAllowsMethod(request, role)
  return {
    workspaceId: found.token.workspaceId,
    actor: { kind: 'api-token', userId: found.user.id, tokenId: found.token.id, role, scopes, isAdmin: found.user.isAdmin },
  }
}

export const sessionCookieAuthenticator: Authenticator = async (request, deps): Promise<Authenticated | null> => {
  // A request that carries a bearer token is judged by it alone (and is exempt from CSRF, which needs cookies).
  if (bearerToken(request)) return null
  const token = readSessionCookie(request)
  if (!token) return null
  const found = await resolveSession(deps, token)
  if (!found) return null
  if (!safeMethods.has(request.method)) assertCsrf(request, token)
  const { workspaceId, role } = await workspaceForUser(deps, request, found.user.id, found.session.activeWorkspaceId)
  assertRoleAllowsMethod(request, role)
  return {
    workspaceId,
    actor: { kind: 'user', userId: found.user.id, role, sessionId: found.session.id, isAdmin: found.user.isAdmin },
  }
}
