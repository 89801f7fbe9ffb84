// Telegram as a channel of proactive messages: a message to one Signalbox user in their private chat with a bot of
// the workspace. The first active bot the person is linked to carries it; a person not linked anywhere cannot be
// reached this way. Handed to the proactive module (it does not import connectors).
import type { ServiceContext } from '../../../lib/context.js'
import { PermanentDeliveryError, type ChannelSender } from '../../proactive/index.js'
import { listWorkspaceSourceRows, loadConnectedSource } from '../../sources/index.js'
import { botFor } from './bot-handlers.js'
import { isBotRemovedError } from './bot-api.js'
import { markChatInactive } from './bot-logs.js'

export async function sendTelegramToUser(ctx: ServiceContext, userId: string, text: string): Promise<void> {
  const links = await ctx.database.query<{ source_id: string; chat_id: string }>(
    `SELECT c.source_id, c.chat_id FROM telegram_connections c WHERE c.workspace_id = $1 AND c.user_id = $2 ORDER BY c.linked_at`,
    [ctx.workspaceId, userId],
  )
  const activeSources = new Set((await listWorkspaceSourceRows(ctx)).filter((s) => s.active).map((s) => s.id))
  const link = links.find((l) => activeSources.has(l.source_id))
  if (!link) throw new PermanentDeliveryError('No Telegram account is linked to this person in this workspace')
  const { source, secrets } = await loadConnectedSource(ctx, link.source_id)
  const bot = await botFor(source, secrets)
  try {
    await bot.api.sendMessage(link.chat_id, text.slice(0, 4096), { link_preview_options: { is_disabled: true } })
  } catch (error) {
    if (!isBotRemovedError(error)) throw error
    await markChatInactive(ctx, source.id, link.chat_id, 'bot blocked or removed (403)')
    throw new PermanentDeliveryError('The person blocked the bot or deleted the chat (Telegram answered 403)')
  }
}

export const telegramChannelSender: ChannelSender = (ctx, message) =>
  sendTelegramToUser(ctx, message.userId, message.title === 'Reminder' ? `⏰ ${message.content}` : `${message.title}\n\n${message.content}`)
