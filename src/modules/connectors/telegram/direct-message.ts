// A message to one Signalbox user in their private chat with a bot of the workspace (proactive messages). The first
// active bot the person is linked to carries it; a person not linked anywhere cannot be reached this way.
import type { ServiceContext } from '../../../lib/context.js'
import { AppError } from '../../../lib/errors.js'
import { loadConnectedSource } from '../../sources/index.js'
import { botFor } from './bot-handlers.js'
import { isBotRemovedError } from './bot-api.js'
import { markChatInactive } from './bot-logs.js'

/** Retrying cannot help: the person has no linked Telegram account, or blocked the bot. */
export class TelegramUnreachableError extends AppError {
  constructor(message: string) {
    super('telegram_unreachable', message, 409)
  }
}

export async function sendTelegramToUser(ctx: ServiceContext, userId: string, text: string): Promise<void> {
  const [link] = await ctx.database.query<{ source_id: string; chat_id: string }>(
    `SELECT c.source_id, c.chat_id FROM telegram_connections c JOIN sources s ON s.id = c.source_id
      WHERE c.workspace_id = $1 AND c.user_id = $2 AND s.active ORDER BY c.linked_at LIMIT 1`,
    [ctx.workspaceId, userId],
  )
  if (!link) throw new TelegramUnreachableError('No Telegram account is linked to this person in this workspace')
  const { source, secrets } = await loadConnectedSource(ctx, link.source_id)
  const bot = await botFor(source, secrets)
  try {
    await bot.api.sendMessage(link.chat_id, text.slice(0, 4096), { link_preview_options: { is_disabled: true } })
  } catch (error) {
    if (!isBotRemovedError(error)) throw error
    await markChatInactive(ctx.database, source.id, link.chat_id, 'bot blocked or removed (403)')
    throw new TelegramUnreachableError('The person blocked the bot or deleted the chat (Telegram answered 403)')
  }
}
