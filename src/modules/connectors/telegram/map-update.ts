// Maps Bot API updates (Update objects as getUpdates and webhooks deliver them) to the message store's shape.
// Group, supergroup and channel messages and their edits are stored; private chats with the bot are commands,
// not conversations to archive, and are handled by the bot instead.
import type { Attachment, IngestMessage } from '../../messages/index.js'
import { exportChatId, messageExternalId, senderChatExternalId, userExternalId } from './chat-ids.js'

export type TelegramUser = {
  id: number
  is_bot?: boolean
  first_name?: string
  last_name?: string
  username?: string
  language_code?: string
  is_premium?: boolean
}
export type TelegramChat = { id: number; type?: string; title?: string; username?: string; first_name?: string; last_name?: string }
export type TelegramMessage = Record<string, any> & { message_id: number; date: number; chat: TelegramChat; from?: TelegramUser }
export type TelegramUpdate = Record<string, any> & { update_id: number }

export const archivedChatTypes = new Set(['group', 'supergroup', 'channel'])

/** The update's kind: the name of its one payload field (message, edited_message, callback_query ...). */
export function updateKind(update: Record<string, unknown>): string {
  return Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown'
}

/** The message an update carries, if it is one to store, with whether it is an edit. */
export function archivableMessage(update: TelegramUpdate): { message: TelegramMessage; edit: boolean } | null {
  const message = update.message ?? update.channel_post ?? update.edited_message ?? update.edited_channel_post
  if (!message || typeof message !== 'object' || !message.chat || typeof message.message_id !== 'number') return null
  if (!archivedChatTypes.has(message.chat.type ?? '')) return null
  return { message, edit: Boolean(update.edited_message ?? update.edited_channel_post) }
}

export function displayName(user: { first_name?: string; last_name?: string; username?: string; title?: string }): string | undefined {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ') || user.title || user.username
  return name || undefined
}

function attachmentsOf(m: TelegramMessage): Attachment[] {
  const out: Attachment[] = []
  if (Array.isArray(m.photo) && m.photo.length > 0) {
    const largest = m.photo[m.photo.length - 1]
    out.push({ kind: 'photo', mimeType: 'image/jpeg', size: largest.file_size, name: largest.file_unique_id })
  }
  for (const kind of ['document', 'audio', 'voice', 'video', 'video_note', 'animation', 'sticker'] as const) {
    const file = m[kind]
    if (file && typeof file === 'object') {
      out.push({ kind, name: file.file_name ?? file.file_unique_id, mimeType: file.mime_type, size: file.file_size })
    }
  }
  if (m.poll) out.push({ kind: 'poll', name: String(m.poll.question ?? '').slice(0, 1024) })
  if (m.location) out.push({ kind: 'location' })
  if (m.venue) out.push({ kind: 'venue', name: m.venue.title })
  if (m.contact) out.push({ kind: 'contact' })
  return out
}

/** Service events (joins, leaves, pins, title changes) become text so that they read in a conversation. */
function serviceText(m: TelegramMessage, actor: string): string | null {
  const names = (users: TelegramUser[]) => users.map((u) => displayName(u) ?? String(u.id)).join(', ')
  if (Array.isArray(m.new_chat_members)) return `${actor}: joined ${names(m.new_chat_members)}`
  if (m.left_chat_member) return `${actor}: removed ${names([m.left_chat_member])}`
  if (m.new_chat_title) return `${actor}: changed the title to "${m.new_chat_title}"`
  if (m.pinned_message) return `${actor}: pinned a message`
  if (m.group_chat_created || m.supergroup_chat_created || m.channel_chat_created) return `${actor}: created the group`
  if (m.migrate_to_chat_id || m.migrate_from_chat_id) return `${actor}: upgraded the group to a supergroup`
  if (m.video_chat_started) return `${actor}: started a video chat`
  if (m.video_chat_ended) return `${actor}: ended a video chat`
  return null
}

function forwardedFrom(m: TelegramMessage): string | undefined {
  const origin = m.forward_origin
  if (origin) return displayName(origin.sender_user ?? origin.chat ?? {}) ?? origin.sender_user_name
  const from = m.forward_from ?? m.forward_from_chat
  return from ? displayName(from) : m.forward_sender_name
}

export function mapTelegramMessage(m: TelegramMessage, edit: boolean): IngestMessage {
  const author = m.sender_chat
    ? { externalId: senderChatExternalId(m.sender_chat.id), displayName: displayName(m.sender_chat) }
    : m.from
      ? { externalId: userExternalId(m.from.id), username: m.from.username, displayName: displayName(m.from), isBot: m.from.is_bot }
      : undefined
  const text = (m.text ?? m.caption ?? '') as string
  const service = text ? null : serviceText(m, author?.displayName ?? 'someone')
  const kind = m.chat.type === 'channel' ? 'channel' : 'group'
  return {
    externalId: messageExternalId(m.chat.id, m.message_id),
    conversation: { externalId: exportChatId(m.chat.id), title: m.chat.title ?? displayName(m.chat), kind },
    author,
    sentAt: new Date(m.date * 1000).toISOString(),
    content: service ?? text,
    contentKind: service ? 'service' : 'text',
    replyToExternalId: m.reply_to_message ? messageExternalId(m.chat.id, m.reply_to_message.message_id) : undefined,
    threadExternalId: m.is_topic_message && m.message_thread_id ? messageExternalId(m.chat.id, m.message_thread_id) : undefined,
    edited: edit || undefined,
    editedAt: edit && typeof m.edit_date === 'number' ? new Date(m.edit_date * 1000).toISOString() : undefined,
    forwardedFrom: forwardedFrom(m),
    attachments: attachmentsOf(m),
    raw: m,
  }
}

/** Every person an update names (authors, new members, who pressed a button), for telegram_profiles. */
export function usersOf(update: TelegramUpdate): TelegramUser[] {
  const payload = update[updateKind(update)]
  if (!payload || typeof payload !== 'object') return []
  const users: TelegramUser[] = []
  if (payload.from?.id) users.push(payload.from)
  if (Array.isArray(payload.new_chat_members)) users.push(...payload.new_chat_members)
  if (payload.reply_to_message?.from?.id) users.push(payload.reply_to_message.from)
  return users
}
