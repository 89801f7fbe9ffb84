// Small helpers the identity routes share: the pre-auth context and the session cookie.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AuthContext } from './login.js'
import { sessionAbsoluteSeconds, sessionCookieName } from './sessions.js'

/** Public routes run before authentication, so they have no request.ctx: this is their context. */
export function authContext(request: FastifyRequest): AuthContext {
  const deps = request.server.deps
  return { database: deps.database, config: deps.config, log: request.log }
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
