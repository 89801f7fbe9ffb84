// Turns a request's credentials into the ServiceContext its route hands to services.
// Authenticators are tried in order; the identity module adds session cookies and API tokens.
import { timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { Actor, ServiceContext } from '../lib/context.js'
import { UnauthorizedError, ValidationError } from '../lib/errors.js'
import type { AppDeps } from '../app.js'
import { findWorkspace } from '../modules/workspaces/index.js'

export type Authenticated = { workspaceId: string; actor: Actor }
export type Authenticator = (request: FastifyRequest, deps: AppDeps) => Promise<Authenticated | null>

declare module 'fastify' {
  interface FastifyRequest {
    ctx: ServiceContext
  }
  interface FastifyContextConfig {
    /** Routes marked public skip authentication (health, login, signup). */
    public?: boolean
  }
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (!header || !header.toLowerCase().startsWith('bearer ')) return null
  return header.slice(7).trim() || null
}

/** The token written into the data dir lets the CLI on the same machine act as the local system. */
export const localTokenAuthenticator: Authenticator = async (request, deps) => {
  const token = bearerToken(request)
  if (!token || !deps.localToken) return null
  const a = Buffer.from(token)
  const b = Buffer.from(deps.localToken)
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null
  const requested = request.headers['x-signalbox-workspace']
  if (typeof requested !== 'string' || !requested.trim()) return { workspaceId: deps.defaultWorkspaceId, actor: { kind: 'local-token' } }
  // An id or a slug; the local CLI may act in any workspace, so an unknown one is simply a bad header.
  const workspace = await findWorkspace(deps, requested.trim())
  if (!workspace) {
    throw new ValidationError('No such workspace (X-Signalbox-Workspace takes a workspace id or slug)', [
      { path: 'headers.x-signalbox-workspace', message: 'Unknown workspace' },
    ])
  }
  return { workspaceId: workspace.id, actor: { kind: 'local-token' } }
}

export async function authenticateRequest(request: FastifyRequest, deps: AppDeps): Promise<Authenticated> {
  for (const authenticator of deps.authenticators) {
    const result = await authenticator(request, deps)
    if (result) return result
  }
  throw new UnauthorizedError()
}
