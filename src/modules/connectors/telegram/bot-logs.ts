// bot_logs (seed 2): one row per bot interaction with its command, who, latency and outcome.
import type { DatabaseContext } from '../../../lib/context.js'

export type BotLogEntry = {
  workspaceId: string
  sourceId: string
  telegramUserId: string | null
  userId: string | null
  chatId: string | null
  command: string
  latencyMs: number
  outcome: string
  error?: string | null
}

export async function recordBotLog(ctx: DatabaseContext, entry: BotLogEntry): Promise<void> {
  await ctx.database.query(
    `INSERT INTO bot_logs (workspace_id, source_id, telegram_user_id, user_id, chat_id, command, latency_ms, outcome, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      entry.workspaceId,
      entry.sourceId,
      entry.telegramUserId,
      entry.userId,
      entry.chatId,
      entry.command.slice(0, 200),
      Math.round(entry.latencyMs),
      entry.outcome,
      entry.error?.slice(0, 2000) ?? null,
    ],
  )
}

/** Marks a chat inactive after Telegram said the bot may no longer write there (403, or removed from a group). */
export async function markChatInactive(ctx: DatabaseContext, sourceId: string, chatId: string, reason: string): Promise<void> {
  await ctx.database.query(
    `UPDATE telegram_chats SET active = false, inactive_reason = $3, updated_at = now() WHERE source_id = $1 AND chat_id = $2`,
    [sourceId, chatId, reason],
  )
}
