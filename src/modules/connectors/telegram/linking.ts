// Account linking (seed 3 telegram_connections): a signed-in user asks for a one-time token, opens
// t.me/<bot>?start=<token>, and the bot's /start <token> binds their Telegram account to them. An admin's
// 'owner' token binds the instance owner's chat instead (seed 4 app settings, telegram.ownerChatId).
import { createHash, randomBytes } from 'node:crypto'
import type { ServiceContext } from '../../../lib/context.js'
import { actorUserId } from '../../../lib/context.js'
import { ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.js'
import { setSetting } from '../../settings/index.js'
import { findUsername } from '../../identity/index.js'
import { listWorkspaceSourceRows } from '../../sources/index.js'
import type { LinkPurpose, telegramConnections } from './schema.js'
import type { RawRow } from '../../../db/raw-row.js'

export const linkTokenLifetimeMinutes = 15

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** The workspace's Telegram bot: the one named, or the only connected one. */
export async function findBotSource(ctx: ServiceContext, sourceId?: string): Promise<{ id: string; botUsername: string }> {
  const rows = await listWorkspaceSourceRows(ctx, { connector: 'telegram', id: sourceId })
  if (rows.length === 0) throw new NotFoundError('Telegram bot (connect one on the Sources page first)')
  if (rows.length > 1 && !sourceId)
    throw new ValidationError('Several Telegram bots are connected: name one', [{ path: 'sourceId', message: 'required' }])
  return { id: rows[0].id, botUsername: String(rows[0].config?.botUsername ?? '') }
}

export type LinkToken = { token: string; deepLink: string; expiresAt: string; sourceId: string }

export async function createLinkToken(
  ctx: ServiceContext,
  input: { userId?: string; sourceId?: string; purpose?: LinkPurpose },
): Promise<LinkToken> {
  const userId = input.userId ?? actorUserId(ctx.actor)
  if (!userId) throw new ValidationError('Name the user to link', [{ path: 'userId', message: 'required when not signed in as a person' }])
  const purpose = input.purpose ?? 'link'
  const isAdmin = ctx.actor.kind === 'local-token' || ctx.actor.kind === 'system' || ('isAdmin' in ctx.actor && ctx.actor.isAdmin)
  if (purpose === 'owner' && !isAdmin) throw new ForbiddenError('Only an administrator binds the owner chat')
  if (input.userId && input.userId !== actorUserId(ctx.actor) && !isAdmin) throw new ForbiddenError('You can only link your own account')
  const bot = await findBotSource(ctx, input.sourceId)
  // 24 random bytes in base64url: 32 characters, inside Telegram's 64-character limit for start parameters.
  const token = randomBytes(24).toString('base64url')
  const [row] = await ctx.database.query<{ expires_at: string }>(
    `INSERT INTO telegram_link_tokens (workspace_id, source_id, user_id, purpose, token_hash, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6)) RETURNING expires_at`,
    [ctx.workspaceId, bot.id, userId, purpose, hashToken(token), linkTokenLifetimeMinutes],
  )
  return {
    token,
    deepLink: `https://t.me/${bot.botUsername}?start=${token}`,
    expiresAt: new Date(row.expires_at).toISOString(),
    sourceId: bot.id,
  }
}

export type LinkOutcome =
  { ok: true; purpose: LinkPurpose; userId: string; username: string | null } | { ok: false; reason: 'unknown' | 'expired' | 'used' }

/** Consumes a token once (the UPDATE is the check) and binds the Telegram account that sent it. */
export async function consumeLinkToken(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  input: { sourceId: string; token: string; telegramUserId: string; telegramUsername?: string; chatId: string },
): Promise<LinkOutcome> {
  const hash = hashToken(input.token)
  const [used] = await ctx.database.query<{ user_id: string; purpose: LinkPurpose }>(
    `UPDATE telegram_link_tokens SET used_at = now()
     WHERE token_hash = $1 AND source_id = $2 AND workspace_id = $3 AND used_at IS NULL AND expires_at > now()
     RETURNING user_id, purpose`,
    [hash, input.sourceId, ctx.workspaceId],
  )
  if (!used) {
    const [known] = await ctx.database.query<{ used_at: string | null }>(
      `SELECT used_at FROM telegram_link_tokens WHERE token_hash = $1 AND source_id = $2`,
      [hash, input.sourceId],
    )
    return { ok: false, reason: !known ? 'unknown' : known.used_at ? 'used' : 'expired' }
  }
  if (used.purpose === 'owner') {
    await setSetting(ctx, { key: 'telegram.ownerChatId', value: input.chatId, updatedBy: used.user_id })
  } else {
    // One Telegram account per user per bot, and one user per Telegram account: the newest link wins.
    await ctx.database.query(`DELETE FROM telegram_connections WHERE source_id = $1 AND (user_id = $2 OR telegram_user_id = $3)`, [
      input.sourceId,
      used.user_id,
      input.telegramUserId,
    ])
    await ctx.database.query(
      `INSERT INTO telegram_connections (workspace_id, source_id, user_id, telegram_user_id, telegram_username, chat_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [ctx.workspaceId, input.sourceId, used.user_id, input.telegramUserId, input.telegramUsername ?? null, input.chatId],
    )
  }
  return { ok: true, purpose: used.purpose, userId: used.user_id, username: await findUsername(ctx, used.user_id) }
}

export async function unlinkTelegramAccount(
  ctx: Pick<ServiceContext, 'database'>,
  sourceId: string,
  telegramUserId: string,
): Promise<boolean> {
  const rows = await ctx.database.query(`DELETE FROM telegram_connections WHERE source_id = $1 AND telegram_user_id = $2 RETURNING id`, [
    sourceId,
    telegramUserId,
  ])
  return rows.length > 0
}

export type TelegramConnection = {
  userId: string
  workspaceId: string
  chatId: string
  telegramUserId: string
  telegramUsername: string | null
}

export async function findConnection(
  ctx: Pick<ServiceContext, 'database'>,
  sourceId: string,
  telegramUserId: string,
): Promise<TelegramConnection | null> {
  const [row] = await ctx.database.query<
    Pick<RawRow<typeof telegramConnections>, 'user_id' | 'workspace_id' | 'chat_id' | 'telegram_user_id' | 'telegram_username'>
  >(
    `SELECT user_id, workspace_id, chat_id, telegram_user_id, telegram_username FROM telegram_connections WHERE source_id = $1 AND telegram_user_id = $2`,
    [sourceId, telegramUserId],
  )
  return row
    ? {
        userId: row.user_id,
        workspaceId: row.workspace_id,
        chatId: row.chat_id,
        telegramUserId: row.telegram_user_id,
        telegramUsername: row.telegram_username,
      }
    : null
}

export type MyConnection = { sourceId: string; telegramUsername: string | null; linkedAt: string; notify: boolean; reviews: boolean }

/** The signed-in user's link on each bot of the workspace (for the web profile), with what they opted into. */
export async function listMyConnections(ctx: ServiceContext): Promise<MyConnection[]> {
  const userId = actorUserId(ctx.actor)
  if (!userId) return []
  const rows = await ctx.database.query<{
    source_id: string
    telegram_username: string | null
    linked_at: string | Date
    notify: boolean
    reviews: boolean
  }>(`SELECT source_id, telegram_username, linked_at, notify, reviews FROM telegram_connections WHERE workspace_id = $1 AND user_id = $2`, [
    ctx.workspaceId,
    userId,
  ])
  return rows.map((r) => ({
    sourceId: r.source_id,
    telegramUsername: r.telegram_username,
    linkedAt: new Date(r.linked_at).toISOString(),
    notify: r.notify,
    reviews: r.reviews,
  }))
}

/** Opts the signed-in user's link on one bot in or out of notifications and review prompts. */
export async function setMyConnectionPreferences(
  ctx: ServiceContext,
  input: { sourceId: string; notify?: boolean; reviews?: boolean },
): Promise<MyConnection> {
  const userId = actorUserId(ctx.actor)
  const [row] = userId
    ? await ctx.database.query<{ source_id: string }>(
        `UPDATE telegram_connections SET notify = coalesce($4, notify), reviews = coalesce($5, reviews)
         WHERE workspace_id = $1 AND user_id = $2 AND source_id = $3 RETURNING source_id`,
        [ctx.workspaceId, userId, input.sourceId, input.notify ?? null, input.reviews ?? null],
      )
    : []
  const updated = row && (await listMyConnections(ctx)).find((c) => c.sourceId === input.sourceId)
  if (!updated) throw new NotFoundError('No Telegram account of yours is linked to that bot')
  return updated
}
