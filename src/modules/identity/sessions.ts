// Cookie sessions (seed 4 sessions): a random 256-bit id in an httpOnly cookie, stored as its SHA-256.
// A login always creates a new id (no fixation); sessions end after idle time or an absolute lifetime.
import { and, desc, eq, gt, lt, ne, or } from 'drizzle-orm'
import { hashToken, randomToken } from '../../lib/crypto.js'
import { NotFoundError } from '../../lib/errors.js'
import type { RequestMeta, DatabaseContext } from '../../lib/context.js'
import { sessions, users } from './schema.js'

export const sessionCookieName = 'sb_session'
export const sessionIdleSeconds = 24 * 60 * 60
export const sessionAbsoluteSeconds = 14 * 24 * 60 * 60
/** A password-verified login waits at most this long for its second factor. */
export const twoFactorChallengeSeconds = 5 * 60
/** last_seen_at is written at most this often, so reads do not turn into writes on every request. */
const touchEverySeconds = 60

export type SessionRow = typeof sessions.$inferSelect

export async function createSession(
  ctx: DatabaseContext,
  input: { userId: string; activeWorkspaceId?: string | null; pendingTwoFactor?: boolean; meta?: RequestMeta },
  now = new Date(),
) {
  const token = randomToken()
  const lifetime = input.pendingTwoFactor ? twoFactorChallengeSeconds : sessionAbsoluteSeconds
  const [row] = await ctx.database.db
    .insert(sessions)
    .values({
      tokenHash: hashToken(token),
      userId: input.userId,
      activeWorkspaceId: input.activeWorkspaceId ?? null,
      pendingTwoFactor: input.pendingTwoFactor ?? false,
      ip: input.meta?.ip,
      userAgent: input.meta?.userAgent?.slice(0, 512),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + lifetime * 1000),
    })
    .returning()
  return { token, session: row }
}

function isLive(session: SessionRow, now: Date) {
  return session.expiresAt > now && now.getTime() - session.lastSeenAt.getTime() < sessionIdleSeconds * 1000
}

/** The live, fully logged-in session for a cookie value, with its (active) user; touches last_seen_at. */
export async function resolveSession(ctx: DatabaseContext, token: string, now = new Date()) {
  const [row] = await ctx.database.db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, hashToken(token)))
  if (!row || row.session.pendingTwoFactor || !row.user.isActive || !isLive(row.session, now)) return null
  if (now.getTime() - row.session.lastSeenAt.getTime() > touchEverySeconds * 1000) {
    await ctx.database.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.session.id))
  }
  return row
}

/** A pending 2FA login by its challenge token (not expired, not a full session). */
export async function findTwoFactorChallenge(ctx: DatabaseContext, token: string, now = new Date()) {
  const [row] = await ctx.database.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, hashToken(token)), eq(sessions.pendingTwoFactor, true), gt(sessions.expiresAt, now)))
  return row
}

export async function deleteSessionById(ctx: DatabaseContext, id: string) {
  await ctx.database.db.delete(sessions).where(eq(sessions.id, id))
}

export async function listUserSessions(ctx: DatabaseContext, userId: string, currentSessionId?: string, now = new Date()) {
  const rows = await ctx.database.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.pendingTwoFactor, false), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt))
  return rows
    .filter((s) => isLive(s, now))
    .map((s) => ({
      id: s.id,
      current: s.id === currentSessionId,
      ip: s.ip,
      userAgent: s.userAgent,
      activeWorkspaceId: s.activeWorkspaceId,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
    }))
}

/** Revokes one of the user's own sessions; another user's session id is simply not found. */
export async function revokeUserSession(ctx: DatabaseContext, userId: string, sessionId: string) {
  const deleted = await ctx.database.db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id })
  if (!deleted.length) throw new NotFoundError('Session')
}

/** Logout everywhere (optionally keeping the current session, e.g. after a password change). */
export async function revokeAllUserSessions(ctx: DatabaseContext, userId: string, exceptSessionId?: string) {
  const deleted = await ctx.database.db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined))
    .returning({ id: sessions.id })
  return deleted.length
}

export async function setSessionWorkspace(ctx: DatabaseContext, sessionId: string, workspaceId: string) {
  await ctx.database.db.update(sessions).set({ activeWorkspaceId: workspaceId }).where(eq(sessions.id, sessionId))
}

export async function pruneExpiredSessions(ctx: DatabaseContext, now = new Date()) {
  await ctx.database.db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - sessionIdleSeconds * 1000))))
}
