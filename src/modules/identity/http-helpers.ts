// Small helpers the identity routes share: request metadata, the pre-auth context, actor checks and the cookie.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { instanceAdminActor, personActor, sessionActor } from './actor-checks.js'
import type { RequestMeta } from './audit.js'
import type { AuthContext } from './login.js'
import { sessionAbsoluteSeconds, sessionCookieName } from './sessions.js'

export function requestMeta(request: FastifyRequest): RequestMeta {
  const userAgent = request.headers['user-agent']
  return { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : undefined }
}

/** Public routes run before authentication, so they have no request.ctx: this is their context. */
export function authContext(request: FastifyRequest): AuthContext {
  const deps = request.server.deps
  return { database: deps.database, config: deps.config, log: request.log }
}

/** The signed-in person behind a session (not an API token, not the local CLI). */
export function requireSessionUser(request: FastifyRequest) {
  return sessionActor(request.ctx.actor)
}

/** A person, via session or API token. */
export function requirePerson(request: FastifyRequest) {
  return personActor(request.ctx.actor)
}

/** Instance administration: an admin user (an API token also needs the admin scope), or the local CLI. */
export function requireInstanceAdmin(request: FastifyRequest): string | null {
  return instanceAdminActor(request.ctx.actor)
}

/** Secure when the client reached us over TLS, directly or through a trusted proxy that says so (request.protocol
 * reads X-Forwarded-Proto only with SIGNALBOX_TRUST_PROXY). */
function isHttps(request: FastifyRequest) {
  return request.protocol === 'https'
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(request),
    path: '/',
    maxAge: sessionAbsoluteSeconds,
  })
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(sessionCookieName, { httpOnly: true, sameSite: 'lax', secure: isHttps(request), path: '/' })
}

/** Auth bodies are tiny; a small limit keeps argon2 and JSON parsing away from megabyte payloads. */
export const authBodyLimit = 16 * 1024
