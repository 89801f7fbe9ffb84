// Maps one Telegram Desktop export message (old and new schema) to the message store's IngestMessage.
import type { Attachment, IngestMessage } from '../messages/index.js'
import { storableIso } from '../../lib/storable-values.js'

export type TelegramChat = { id?: string; name?: string; type?: string; fallbackId: string }

type Mapped = { message: IngestMessage } | { error: string; field?: string }

const conversationKinds: Record<string, NonNullable<IngestMessage['conversation']['kind']>> = {
  personal_chat: 'private',
  bot_chat: 'private',
  saved_messages: 'private',
  private_group: 'group',
  private_supergroup: 'group',
  public_supergroup: 'group',
  private_channel: 'channel',
  public_channel: 'channel',
}

/** Text is a string, or an array of strings and entity objects ({type, text}) in the order they appear. */
export function telegramText(text: unknown): string | null {
  if (typeof text === 'string') return text
  if (!Array.isArray(text)) return null
  let out = ''
  for (const part of text) {
    if (typeof part === 'string') out += part
    else if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string')
      out += (part as { text: string }).text
    else return null
  }
  return out
}

/** `date_unixtime` is UTC; the older `date` has no zone (the exporting machine's local time), read as UTC. */
function telegramDate(unixtime: unknown, local: unknown): string | null {
  // Out of range (year 0, or digits past year 9999) counts as no date: the item is reported, not the file failed.
  if (typeof unixtime === 'string' && /^\d+$/.test(unixtime)) return storableIso(Number(unixtime) * 1000)
  if (typeof local === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(local)) return storableIso(Date.parse(`${local}Z`))
  return null
}

const baseName = (file: string) => file.slice(file.lastIndexOf('/') + 1)
const fileSize = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined)

function telegramAttachments(m: Record<string, any>): Attachment[] {
  const attachments: Attachment[] = []
  if (typeof m.photo === 'string') {
    attachments.push({ kind: 'photo', name: baseName(m.photo), mimeType: 'image/jpeg', size: fileSize(m.photo_file_size) })
  }
  if (typeof m.file === 'string') {
    attachments.push({
      kind: typeof m.media_type === 'string' ? m.media_type : 'file',
      name: typeof m.file_name === 'string' ? m.file_name : baseName(m.file),
      mimeType: typeof m.mime_type === 'string' ? m.mime_type : undefined,
      size: fileSize(m.file_size),
    })
  }
  if (m.poll && typeof m.poll === 'object' && typeof m.poll.question === 'string') {
    attachments.push({ kind: 'poll', name: m.poll.question.slice(0, 1024) })
  }
  if (m.location_information && typeof m.location_information === 'object') attachments.push({ kind: 'location' })
  if (m.contact_information && typeof m.contact_information === 'object') attachments.push({ kind: 'contact' })
  return attachments
}

/** Service messages (joins, pins, title changes) carry an action and an actor, often with no text. */
function serviceText(m: Record<string, any>, text: string): string {
  if (text) return text
  const actor = typeof m.actor === 'string' ? m.actor : 'someone'
  const action = typeof m.action === 'string' ? m.action.replace(/_/g, ' ') : 'service action'
  const members = Array.isArray(m.members) ? m.members.filter((x: unknown) => typeof x === 'string').join(', ') : ''
  const title = typeof m.title === 'string' ? ` "${m.title}"` : ''
  return `${actor}: ${action}${title}${members ? ` ${members}` : ''}`
}

/** The export's own record minus what `content` already holds: plain text stored twice only slows the insert. */
function slimRaw(m: Record<string, any>): Record<string, unknown> {
  const { text, text_entities: entities, ...rest } = m
  const formatted = Array.isArray(entities) && entities.some((e) => e && e.type !== 'plain')
  return formatted ? { ...rest, text_entities: entities } : Array.isArray(text) ? { ...rest, text } : rest
}

export function mapTelegramMessage(chat: TelegramChat, value: unknown): Mapped {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'expected a message object' }
  const m = value as Record<string, any>
  if (typeof m.id !== 'number' && typeof m.id !== 'string') return { error: 'expected a message id (number)', field: 'id' }
  if (m.type !== 'message' && m.type !== 'service')
    return { error: `expected "message" or "service", got ${JSON.stringify(m.type)}`, field: 'type' }
  const sentAt = telegramDate(m.date_unixtime, m.date)
  if (!sentAt) return { error: `expected a date like 2024-01-31T12:00:00, got ${JSON.stringify(m.date)}`, field: 'date' }
  const text = m.text === undefined ? '' : telegramText(m.text)
  if (text === null) return { error: 'expected text as a string or an array of strings and entities', field: 'text' }

  const chatId = chat.id ?? chat.fallbackId
  const isService = m.type === 'service'
  const authorId = isService ? m.actor_id : m.from_id
  const authorName = isService ? m.actor : m.from
  if (authorId !== undefined && typeof authorId !== 'string' && typeof authorId !== 'number') {
    return { error: 'expected the sender id as a string or number', field: isService ? 'actor_id' : 'from_id' }
  }
  const editedAt = m.edited !== undefined || m.edited_unixtime !== undefined ? telegramDate(m.edited_unixtime, m.edited) : null
  const replyTo = m.reply_to_message_id
  const message: IngestMessage = {
    externalId: `${chatId}:${m.id}`,
    conversation: {
      externalId: chatId,
      title: chat.name,
      kind: (chat.type && conversationKinds[chat.type]) || 'other',
    },
    author:
      authorId !== undefined
        ? { externalId: String(authorId), displayName: typeof authorName === 'string' ? authorName : undefined }
        : undefined,
    sentAt,
    content: isService ? serviceText(m, text) : text,
    contentKind: isService ? 'service' : 'text',
    replyToExternalId: typeof replyTo === 'number' || typeof replyTo === 'string' ? `${chatId}:${replyTo}` : undefined,
    edited: editedAt ? true : undefined,
    editedAt: editedAt ?? undefined,
    forwardedFrom: typeof m.forwarded_from === 'string' ? m.forwarded_from : undefined,
    attachments: telegramAttachments(m),
    raw: slimRaw(m),
  }
  return { message }
}
