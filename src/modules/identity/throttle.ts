// Rate limits with lockout and backoff for login, signup, PIN, 2FA and token endpoints.
// Counters live in auth_throttles (not memory) so several API processes share them. Each key counts
// failures inside a window: past `throttleAfter` failures the next attempt must wait an exponential
// backoff (1 s, 2 s, 4 s ... capped at the lock time); at `lockAfter` the key is locked for `lockSeconds`.
// Keys are per IP and per account name (typed, so unknown names are throttled exactly like real ones).
import { inArray, sql } from 'drizzle-orm'
import type { DatabaseContext } from '../../lib/context.js'
import { RateLimitedError } from '../../lib/errors.js'
import { authThrottles } from './schema.js'

export type ThrottlePolicy = { throttleAfter: number; lockAfter: number; lockSeconds: number; windowSeconds: number }

export const throttlePolicies = {
  loginAccount: { throttleAfter: 3, lockAfter: 10, lockSeconds: 15 * 60, windowSeconds: 15 * 60 },
  loginIp: { throttleAfter: 10, lockAfter: 50, lockSeconds: 15 * 60, windowSeconds: 15 * 60 },
  twoFactorAccount: { throttleAfter: 3, lockAfter: 10, lockSeconds: 15 * 60, windowSeconds: 15 * 60 },
  pinAccount: { throttleAfter: 3, lockAfter: 10, lockSeconds: 30 * 60, windowSeconds: 30 * 60 },
  pinIp: { throttleAfter: 10, lockAfter: 30, lockSeconds: 30 * 60, windowSeconds: 30 * 60 },
  /** Every signup counts (not only failures): at most 5 per IP per hour, then locked for an hour. */
  signupIp: { throttleAfter: 5, lockAfter: 5, lockSeconds: 60 * 60, windowSeconds: 60 * 60 },
  /** Token creation counts every call: 20 per account per hour. */
  tokenAccount: { throttleAfter: 20, lockAfter: 20, lockSeconds: 60 * 60, windowSeconds: 60 * 60 },
} satisfies Record<string, ThrottlePolicy>

export type ThrottleKey = { key: string; policy: ThrottlePolicy }

export function throttleKey(kind: string, scope: 'ip' | 'account', value: string | undefined, policy: ThrottlePolicy): ThrottleKey {
  return { key: `${kind}:${scope}:${(value ?? 'unknown').toLowerCase()}`, policy }
}

function backoffSeconds(failures: number, policy: ThrottlePolicy) {
  return Math.min(2 ** (failures - policy.throttleAfter), policy.lockSeconds)
}

/** Throws RateLimitedError (429 with Retry-After) when any key is locked or still backing off. */
export async function assertNotThrottled(ctx: DatabaseContext, keys: ThrottleKey[], now = new Date()) {
  const rows = await ctx.database.db
    .select()
    .from(authThrottles)
    .where(
      inArray(
        authThrottles.key,
        keys.map((k) => k.key),
      ),
    )
  for (const row of rows) {
    const policy = keys.find((k) => k.key === row.key)!.policy
    if (row.lockedUntil && row.lockedUntil > now) {
      const wait = Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000)
      throw new RateLimitedError(`Too many attempts: locked, try again in ${Math.ceil(wait / 60)} minutes`, wait)
    }
    if (row.lockedUntil || !row.lastFailureAt || windowExpired(row.lastFailureAt, policy, now)) continue
    if (row.failures >= policy.throttleAfter) {
      const allowedAt = row.lastFailureAt.getTime() + backoffSeconds(row.failures, policy) * 1000
      if (allowedAt > now.getTime()) {
        throw new RateLimitedError('Too many attempts: slow down', Math.ceil((allowedAt - now.getTime()) / 1000))
      }
    }
  }
}

function windowExpired(lastFailureAt: Date, policy: ThrottlePolicy, now: Date) {
  return now.getTime() - lastFailureAt.getTime() > policy.windowSeconds * 1000
}

/** Counts one failure (or one use, for policies that count every call) on each key. */
export async function recordThrottledAttempt(ctx: DatabaseContext, keys: ThrottleKey[], now = new Date()) {
  const rows = await ctx.database.db
    .select()
    .from(authThrottles)
    .where(
      inArray(
        authThrottles.key,
        keys.map((k) => k.key),
      ),
    )
  for (const { key, policy } of keys) {
    const row = rows.find((r) => r.key === key)
    const restart =
      !row || !row.lastFailureAt || windowExpired(row.lastFailureAt, policy, now) || (row.lockedUntil !== null && row.lockedUntil <= now)
    const failures = restart ? 1 : row.failures + 1
    const lockedUntil = failures >= policy.lockAfter ? new Date(now.getTime() + policy.lockSeconds * 1000) : null
    await ctx.database.db
      .insert(authThrottles)
      .values({ key, failures, lastFailureAt: now, lockedUntil, updatedAt: now })
      .onConflictDoUpdate({
        target: authThrottles.key,
        set: { failures, lastFailureAt: now, lockedUntil, updatedAt: now },
      })
  }
}

/** A success clears the account's counter (not the IP's: one good login must not reset a spray from that IP). */
export async function clearThrottle(ctx: DatabaseContext, keys: ThrottleKey[]) {
  if (!keys.length) return
  await ctx.database.db.delete(authThrottles).where(
    inArray(
      authThrottles.key,
      keys.map((k) => k.key),
    ),
  )
}

/** Housekeeping: rows idle for a day carry no information. */
export async function pruneThrottles(ctx: DatabaseContext, now = new Date()) {
  await ctx.database.db.delete(authThrottles).where(sql`${authThrottles.updatedAt} < ${new Date(now.getTime() - 86_400_000)}`)
}

/** Runs `work` unless a key is throttled; a failure for which `isGuess` holds (a wrong password or code) counts
 * against the keys, so services that check secrets share one way to throttle them. */
export async function throttleGuesses<T>(
  ctx: DatabaseContext,
  keys: ThrottleKey[],
  isGuess: (error: unknown) => boolean,
  work: () => Promise<T>,
): Promise<T> {
  await assertNotThrottled(ctx, keys)
  try {
    return await work()
  } catch (error) {
    if (isGuess(error)) await recordThrottledAttempt(ctx, keys)
    throw error
  }
}
