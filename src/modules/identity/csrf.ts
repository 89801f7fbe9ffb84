// CSRF protection for cookie-authenticated requests: a double-submit token derived from the session id
// (so nothing extra is stored) sent in the X-CSRF-Token header, plus an Origin check when a browser sends
// one. Bearer-token requests never reach this: browsers do not attach bearer tokens by themselves.
import type { FastifyRequest } from 'fastify'
import { constantTimeEqual, hashToken } from '../../lib/crypto.js'
import { ForbiddenError } from '../../lib/errors.js'

export const csrfHeader = 'x-csrf-token'

/** Readable only by someone who holds the session cookie (or the response of /auth/login or /auth/csrf). */
export function csrfTokenFor(sessionToken: string): string {
  return hashToken(`csrf:${sessionToken}`)
}

/** A cross-site Origin is refused even before the token is looked at. */
export function assertSameOrigin(request: FastifyRequest) {
  const origin = request.headers.origin
  if (!origin || origin === 'null') return
  let originHost: string
  try {
    originHost = new URL(origin).host
  } catch {
    throw new ForbiddenError('CSRF check failed: malformed Origin')
  }
  // request.host follows X-Forwarded-Host only when SIGNALBOX_TRUST_PROXY is on (Fastify's trustProxy): anyone
  // can send that header, so without a proxy in front it would let a cross-site page name its own host.
  if (originHost !== request.host) throw new ForbiddenError('CSRF check failed: cross-site request')
}

export function assertCsrf(request: FastifyRequest, sessionToken: string) {
  assertSameOrigin(request)
  const presented = request.headers[csrfHeader]
  if (typeof presented !== 'string' || !constantTimeEqual(presented, csrfTokenFor(sessionToken))) {
    throw new ForbiddenError('CSRF check failed: send the X-CSRF-Token header (GET /api/v1/auth/csrf)')
  }
}
