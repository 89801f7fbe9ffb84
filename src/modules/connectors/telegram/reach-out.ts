// Reach out through the bot: signup PINs (seed 4) to the owner chat and linked admins, and in-app notifications
// (budget warnings and the like, seed 1 notifications.sent_telegram) to linked users who opted in (notify).
// Each bot keeps a watermark per stream, advanced after each sent item, so nothing is sent twice.
import type { Bot } from 'grammy'
import type { ServiceContext } from '../../../lib/context.js'
import { listAdminUserIds, listPendingSignupRequests } from '../../identity/index.js'
import { getSetting } from '../../settings/index.js'
import { listNotifications } from '../../notifications/index.js'
import { readWatermark, writeWatermark } from '../../sources/index.js'
import type { ConnectedSource } from '../connector.js'
import { isBotRemovedError } from './bot-api.js'
import { markChatInactive } from './bot-logs.js'

async function sendTo(ctx: ServiceContext, source: ConnectedSource, bot: Bot, chatIds: string[], text: string): Promise<number> {
  let sent = 0
  for (const chatId of new Set(chatIds)) {
    try {
      await bot.api.sendMessage(chatId, text)
      sent++
    } catch (error) {
      if (!isBotRemovedError(error)) throw error
      await markChatInactive(ctx, source.id, chatId, 'bot blocked or removed (403)')
    }
  }
  return sent
}

/** Sends what arrived since the last call; returns how many messages went out. */
export async function reachOut(ctx: ServiceContext, source: ConnectedSource, bot: Bot): Promise<{ pins: number; notifications: number }> {
  return { pins: await sendSignupPins(ctx, source, bot), notifications: await sendNotifications(ctx, source, bot) }
}

async function sendSignupPins(ctx: ServiceContext, source: ConnectedSource, bot: Bot): Promise<number> {
  const since = (await readWatermark(ctx, source.id, 'signup-pins')) ?? source.config.connectedAt ?? ''
  const requests = (await listPendingSignupRequests(ctx)).filter((r) => r.createdAt > String(since) && r.pin).reverse()
  if (requests.length === 0) return 0
  const owner = await getSetting(ctx, 'telegram.ownerChatId')
  const admins = await ctx.database.query<{ chat_id: string }>(
    `SELECT chat_id FROM telegram_connections WHERE source_id = $1 AND user_id = ANY($2::uuid[])`,
    [source.id, await listAdminUserIds(ctx)],
  )
  const chats = [...(owner ? [owner] : []), ...admins.map((a) => a.chat_id)]
  let sent = 0
  for (const request of requests) {
    if (chats.length > 0) {
      sent += await sendTo(
        ctx,
        source,
        bot,
        chats,
        `Signup request from ${request.username}${request.email ? ` <${request.email}>` : ''}: PIN ${request.pin}. Hand it over only if you know this person.`,
      )
    }
    await writeWatermark(ctx, source.id, 'signup-pins', request.createdAt)
  }
  return sent
}

async function sendNotifications(ctx: ServiceContext, source: ConnectedSource, bot: Bot): Promise<number> {
  const since = (await readWatermark(ctx, source.id, 'notifications')) ?? String(source.config.connectedAt ?? '')
  // Proactive messages choose their own channels (proactive module); relaying their in-app copy would send twice.
  const fresh = (await listNotifications(ctx, { limit: 100 }))
    .filter((n) => n.createdAt.toISOString() > since && !n.metadata.proactiveMessageId)
    .reverse()
  if (fresh.length === 0) return 0
  const linked = await ctx.database.query<{ user_id: string; chat_id: string }>(
    `SELECT user_id, chat_id FROM telegram_connections WHERE source_id = $1 AND workspace_id = $2 AND notify`,
    [source.id, ctx.workspaceId],
  )
  let sent = 0
  for (const notification of fresh) {
    const chats = linked.filter((l) => !notification.userId || l.user_id === notification.userId).map((l) => l.chat_id)
    const mark = notification.severity === 'critical' ? '🛑' : notification.severity === 'warning' ? '⚠️' : 'ℹ️'
    sent += await sendTo(ctx, source, bot, chats, `${mark} ${notification.title}\n${notification.message}`)
    await writeWatermark(ctx, source.id, 'notifications', notification.createdAt.toISOString())
  }
  return sent
}
