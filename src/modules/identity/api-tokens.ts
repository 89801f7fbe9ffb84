// API tokens: per user and workspace, with scopes; shown once, stored as SHA-256, revocable, optionally expiring.
import { and, desc, eq, isNull } from 'drizzle-orm'
import type { DatabaseContext, ServiceContext } from '../../lib/context.js'
import { hashToken, randomToken } from '../../lib/crypto.js'
import { NotFoundError } from '../../lib/errors.js'
import type { Scope } from '../../http/guards.js'
import { apiTokens, users } from './schema.js'

export const tokenScopes = ['read', 'write', 'admin', 'ingest'] as const satisfies readonly Scope[]
/** A recognisable prefix lets secret scanners and people spot a leaked Signalbox token. */
export const tokenPrefix = 'sbx_'
/** last_used_at is written at most this often. */
const touchEverySeconds = 60

type TokenRow = typeof apiTokens.$inferSelect

function describeToken(row: TokenRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.tokenPrefix,
    scopes: row.scopes,
    workspaceId: row.workspaceId,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }
}

/** A token for a user in the context's workspace; the secret is returned once, only its hash is stored. The database
 * and the workspace are all it needs: the admin tools create tokens for a workspace named in the request. */
export async function createApiToken(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  input: { userId: string; name: string; scopes: Scope[]; expiresAt?: Date | null },
) {
  const token = tokenPrefix + randomToken()
  const [row] = await ctx.database.db
    .insert(apiTokens)
    .values({
      workspaceId: ctx.workspaceId,
      userId: input.userId,
      name: input.name,
      scopes: [...new Set(input.scopes)],
      tokenHash: hashToken(token),
      tokenPrefix: token.slice(0, tokenPrefix.length + 6),
      expiresAt: input.expiresAt ?? null,
    })
    .returning()
  return { ...describeToken(row), token }
}

/** The caller's tokens in this workspace (never the secret). */
export async function listApiTokens(ctx: ServiceContext, userId: string) {
  const rows = await ctx.database.db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.workspaceId, ctx.workspaceId), eq(apiTokens.userId, userId)))
    .orderBy(desc(apiTokens.createdAt))
  return rows.map(describeToken)
}

/** Revokes one of the user's tokens in this workspace; anyone else's is not found. */
export async function revokeApiToken(ctx: ServiceContext, input: { userId: string; tokenId: string }) {
  const [row] = await ctx.database.db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(apiTokens.id, input.tokenId),
        eq(apiTokens.workspaceId, ctx.workspaceId),
        eq(apiTokens.userId, input.userId),
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning()
  if (!row) throw new NotFoundError('API token')
  return describeToken(row)
}

/** The live token and its active owner for a presented secret, or null; touches last_used_at. */
export async function resolveApiToken(ctx: DatabaseContext, token: string, now = new Date()) {
  if (!token.startsWith(tokenPrefix)) return null
  const [row] = await ctx.database.db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, hashToken(token)))
  if (!row || row.token.revokedAt || !row.user.isActive) return null
  if (row.token.expiresAt && row.token.expiresAt <= now) return null
  const last = row.token.lastUsedAt?.getTime() ?? 0
  if (now.getTime() - last > touchEverySeconds * 1000) {
    await ctx.database.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.token.id))
  }
  return row
}
