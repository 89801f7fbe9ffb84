// Turns stored Telegram updates into data: group, supergroup and channel messages (and their edits) into the
// message store in one batch, authors into telegram_profiles, chats into telegram_chats; private messages and
// button presses go to the bot. A chat imported earlier from a Telegram Desktop export keeps its messages where
// they are: keys already stored under another Telegram source are written there (edits update them) instead of
// being stored twice.
import type { ServiceContext } from '../../../lib/context.js'
import { findExternalIdsInSources, storeMessages, type IngestMessage } from '../../messages/index.js'
import type { ConnectedSource, DeliveryOutcome, StoredDelivery } from '../connector.js'
import { listWorkspaceSourceRows, loadConnectedSource } from '../../sources/index.js'
import { botFor, handleInteraction } from './bot-handlers.js'
import { describeTelegramError } from './bot-api.js'
import { markChatInactive } from './bot-logs.js'
import {
  archivableMessage,
  displayName,
  mapTelegramMessage,
  usersOf,
  type TelegramChat,
  type TelegramUpdate,
  type TelegramUser,
} from './map-update.js'

export async function processTelegramDeliveries(
  ctx: ServiceContext,
  source: ConnectedSource,
  deliveries: StoredDelivery[],
): Promise<DeliveryOutcome[]> {
  const outcomes = new Map<number, DeliveryOutcome>(deliveries.map((d) => [d.id, { id: d.id }]))
  const archived: Array<{ deliveryId: number; message: IngestMessage }> = []
  const interactive: Array<{ deliveryId: number; update: TelegramUpdate }> = []
  const users = new Map<number, TelegramUser>()
  const chats = new Map<number, TelegramChat>()
  const removedFrom: number[] = []
  for (const delivery of deliveries) {
    const update = delivery.payload as TelegramUpdate
    for (const user of usersOf(update)) users.set(user.id, user)
    const message = archivableMessage(update)
    if (message) {
      archived.push({ deliveryId: delivery.id, message: mapTelegramMessage(message.message, message.edit) })
      chats.set(message.message.chat.id, message.message.chat)
    } else if (update.my_chat_member) {
      const status = update.my_chat_member.new_chat_member?.status
      chats.set(update.my_chat_member.chat.id, update.my_chat_member.chat)
      if (status === 'left' || status === 'kicked') removedFrom.push(update.my_chat_member.chat.id)
    } else if (update.callback_query || update.message?.chat?.type === 'private') {
      interactive.push({ deliveryId: delivery.id, update })
      if (update.message) chats.set(update.message.chat.id, update.message.chat)
    }
  }
  await upsertProfiles(ctx, [...users.values()])
  await upsertChats(ctx, source, [...chats.values()])
  for (const chatId of removedFrom) await markChatInactive(ctx, source.id, String(chatId), 'the bot was removed from the chat')
  if (archived.length > 0) {
    try {
      await storeWithoutDuplicates(
        ctx,
        source,
        archived.map((a) => a.message),
      )
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      for (const a of archived) outcomes.set(a.deliveryId, { id: a.deliveryId, error: message })
    }
  }
  if (interactive.length > 0) {
    const { secrets } = await loadConnectedSource(ctx, source.id)
    const bot = await botFor(source, secrets)
    for (const { deliveryId, update } of interactive) {
      try {
        await handleInteraction(ctx, source, bot, update)
      } catch (error) {
        outcomes.set(deliveryId, { id: deliveryId, error: describeTelegramError((error as { error?: unknown }).error ?? error) })
      }
    }
  }
  return [...outcomes.values()]
}

/** Stores messages under this bot's source, except those another Telegram source (an export) already holds. */
async function storeWithoutDuplicates(ctx: ServiceContext, source: ConnectedSource, messages: IngestMessage[]) {
  const otherSources = (await listWorkspaceSourceRows(ctx, { type: 'telegram' })).filter((s) => s.id !== source.id)
  const names = new Map(otherSources.map((s) => [s.id, s.name]))
  const elsewhere = await findExternalIdsInSources(
    ctx,
    otherSources.map((s) => s.id),
    messages.map((m) => m.externalId),
  )
  const owner = new Map(elsewhere.map((row) => [row.externalId, names.get(row.sourceId)!]))
  const groups = new Map<string, IngestMessage[]>()
  for (const message of messages) {
    const name = owner.get(message.externalId) ?? source.name
    groups.set(name, [...(groups.get(name) ?? []), message])
  }
  for (const [name, batch] of groups) await storeMessages(ctx, { source: { type: 'telegram', name }, messages: batch })
}

async function upsertProfiles(ctx: ServiceContext, users: TelegramUser[]) {
  if (users.length === 0) return
  await ctx.database.query(
    `INSERT INTO telegram_profiles (workspace_id, telegram_user_id, username, first_name, last_name, language_code, is_premium, is_bot)
     SELECT $1, r.id, r.username, r.first_name, r.last_name, r.language_code, coalesce(r.is_premium, false), coalesce(r.is_bot, false)
     FROM jsonb_to_recordset($2::jsonb) AS r(id text, username text, first_name text, last_name text, language_code text, is_premium boolean, is_bot boolean)
     ON CONFLICT (workspace_id, telegram_user_id) DO UPDATE SET username = excluded.username, first_name = excluded.first_name,
       last_name = excluded.last_name, language_code = coalesce(excluded.language_code, telegram_profiles.language_code),
       is_premium = excluded.is_premium, is_bot = excluded.is_bot, updated_at = now()`,
    [ctx.workspaceId, JSON.stringify(users.map((u) => ({ ...u, id: String(u.id) })))],
  )
}

async function upsertChats(ctx: ServiceContext, source: ConnectedSource, chats: TelegramChat[]) {
  if (chats.length === 0) return
  await ctx.database.query(
    `INSERT INTO telegram_chats (workspace_id, source_id, chat_id, type, title)
     SELECT $1, $2, r.chat_id, r.type, r.title FROM jsonb_to_recordset($3::jsonb) AS r(chat_id text, type text, title text)
     ON CONFLICT (source_id, chat_id) DO UPDATE SET title = excluded.title, type = excluded.type, active = true,
       inactive_reason = NULL, updated_at = now()`,
    [
      ctx.workspaceId,
      source.id,
      JSON.stringify(chats.map((c) => ({ chat_id: String(c.id), type: c.type ?? 'unknown', title: c.title ?? displayName(c) ?? null }))),
    ],
  )
}
