// Password login, the TOTP challenge that may follow, and the no-enumeration rules: unknown users get the
// same answer in the same time (dummy argon2 verify) and are throttled under the name that was typed.
import { listUserWorkspaces } from '../workspaces/index.js'
import type { Database } from '../../db/client.js'
import type { Config } from '../../config.js'
import type { Log } from '../../lib/logger.js'
import { UnauthorizedError } from '../../lib/errors.js'
import { recordAuditEvent } from '../audit/index.js'
import type { RequestMeta } from '../../lib/context.js'
import { verifyDummyPassword, verifyPassword } from './passwords.js'
import { createSession, deleteSessionById, findTwoFactorChallenge } from './sessions.js'
import { assertNotThrottled, clearThrottle, recordThrottledAttempt, throttleKey, throttlePolicies } from './throttle.js'
import { findUserByUsername, getUser, publicUser, type UserRow } from './users.js'
import { verifySecondFactor } from './two-factor.js'
import { sessions } from './schema.js'
import { eq, sql } from 'drizzle-orm'

/** Services that run before anyone is authenticated (login, signup) get this context. */
export type AuthContext = { database: Database; config: Config; log: Log }

export const maxTwoFactorAttemptsPerChallenge = 5

export type LoginResult =
  | { kind: 'session'; token: string; sessionId: string; user: ReturnType<typeof publicUser> }
  | { kind: 'two-factor'; challenge: string; expiresAt: string }

export async function loginWithPassword(
  auth: AuthContext,
  input: { username: string; password: string; meta: RequestMeta },
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase()
  const accountKey = throttleKey('login', 'account', username, throttlePolicies.loginAccount)
  const keys = [accountKey, throttleKey('login', 'ip', input.meta.ip, throttlePolicies.loginIp)]
  try {
    await assertNotThrottled(auth, keys)
  } catch (error) {
    await recordAuditEvent(auth, {
      action: 'auth.login',
      outcome: 'failure',
      actorName: username,
      details: { reason: 'throttled' },
      meta: input.meta,
    })
    throw error
  }
  const user = await findUserByUsername(auth, username)
  const passwordOk = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyDummyPassword(input.password)
  if (!user || !passwordOk || !user.isActive) {
    await recordThrottledAttempt(auth, keys)
    await recordAuditEvent(auth, {
      action: 'auth.login',
      outcome: 'failure',
      actorUserId: user?.id,
      actorName: username,
      details: { reason: !user ? 'unknown-user' : !passwordOk ? 'wrong-password' : 'inactive' },
      meta: input.meta,
    })
    throw new UnauthorizedError('Wrong username or password')
  }
  await clearThrottle(auth, [accountKey])
  if (user.totpEnabled) {
    const { token, session } = await createSession(auth, { userId: user.id, pendingTwoFactor: true, meta: input.meta })
    await recordAuditEvent(auth, {
      action: 'auth.login.password-ok',
      actorUserId: user.id,
      details: { next: '2fa' },
      meta: input.meta,
    })
    return { kind: 'two-factor', challenge: token, expiresAt: session.expiresAt.toISOString() }
  }
  return startSession(auth, user, input.meta, 'password')
}

async function startSession(auth: AuthContext, user: UserRow, meta: RequestMeta, method: string): Promise<LoginResult> {
  const [firstWorkspace] = await listUserWorkspaces(auth, user.id)
  const { token, session } = await createSession(auth, { userId: user.id, activeWorkspaceId: firstWorkspace?.id, meta })
  await recordAuditEvent(auth, {
    action: 'auth.login',
    actorUserId: user.id,
    workspaceId: firstWorkspace?.id,
    targetType: 'session',
    targetId: session.id,
    details: { method },
    meta,
  })
  return { kind: 'session', token, sessionId: session.id, user: publicUser(user) }
}

/** Second step of a 2FA login: the challenge is consumed and a brand-new session id is issued. */
export async function completeTwoFactorLogin(auth: AuthContext, input: { challenge: string; code: string; meta: RequestMeta }) {
  const challenge = await findTwoFactorChallenge(auth, input.challenge)
  if (!challenge) throw new UnauthorizedError('Login challenge expired or unknown: log in again')
  const accountKey = throttleKey('2fa', 'account', challenge.userId, throttlePolicies.twoFactorAccount)
  await assertNotThrottled(auth, [accountKey])
  const user = await getUser(auth, challenge.userId)
  const result = await verifySecondFactor(auth, user, input.code)
  if (!result.ok) {
    await recordThrottledAttempt(auth, [accountKey])
    const [updated] = await auth.database.db
      .update(sessions)
      .set({ twoFactorAttempts: sql`${sessions.twoFactorAttempts} + 1` })
      .where(eq(sessions.id, challenge.id))
      .returning({ attempts: sessions.twoFactorAttempts })
    if ((updated?.attempts ?? maxTwoFactorAttemptsPerChallenge) >= maxTwoFactorAttemptsPerChallenge) {
      await deleteSessionById(auth, challenge.id)
    }
    await recordAuditEvent(auth, {
      action: 'auth.login.2fa',
      outcome: 'failure',
      actorUserId: user.id,
      details: { method: result.method },
      meta: input.meta,
    })
    throw new UnauthorizedError('Wrong code')
  }
  await deleteSessionById(auth, challenge.id)
  await clearThrottle(auth, [accountKey])
  return startSession(auth, user, input.meta, `password+${result.method}`)
}
