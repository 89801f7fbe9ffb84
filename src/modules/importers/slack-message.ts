// Maps one message of a Slack export day file to IngestMessage: mentions resolved to names, threads, edits, files.
import type { Attachment, IngestMessage } from '../messages/index.js'
import { storableIso } from '../../lib/storable-values.js'

export type SlackUser = { name: string; username?: string; isBot: boolean }
export type SlackChannel = { id: string; name: string; kind: NonNullable<IngestMessage['conversation']['kind']> }

type Mapped = { message: IngestMessage } | { error: string; field?: string }

/** Subtypes that record something happening rather than someone saying something. */
const serviceSubtypes = new Set([
  'channel_join',
  'channel_leave',
  'channel_topic',
  'channel_purpose',
  'channel_name',
  'channel_archive',
  'channel_unarchive',
  'group_join',
  'group_leave',
  'group_topic',
  'group_purpose',
  'group_name',
  'bot_add',
  'bot_remove',
  'pinned_item',
  'unpinned_item',
  'tombstone',
])

const tsPattern = /^\d+(\.\d+)?$/

/** A ts of an absurd size (far past year 9999) is no date at all: null, reported as a bad field. */
export function slackTsToIso(ts: string): string | null {
  return storableIso(Math.round(Number(ts) * 1000))
}

/** Slack's mrkdwn escapes: <@U1|name>, <#C1|general>, <!here>, <url|label>, and &lt; &gt; &amp;. */
export function resolveSlackText(text: string, users: Map<string, SlackUser>, channels: Map<string, SlackChannel>): string {
  return text
    .replace(/<([^<>]*)>/g, (whole, inner: string) => {
      const [target, label] = inner.split('|', 2)
      if (target.startsWith('@')) {
        const user = users.get(target.slice(1))
        return `@${user?.name ?? label ?? target.slice(1)}`
      }
      if (target.startsWith('#')) return `#${label ?? channels.get(target.slice(1))?.name ?? target.slice(1)}`
      if (target.startsWith('!')) return `@${label ?? target.slice(1).split('^')[0]}`
      if (/^(https?|mailto|ftp):/.test(target)) return label && label !== target ? `${label} (${target})` : target
      return whole
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

function slackFiles(m: Record<string, any>): Attachment[] {
  const files: unknown[] = Array.isArray(m.files) ? m.files : m.file && typeof m.file === 'object' ? [m.file] : []
  const out: Attachment[] = []
  for (const f of files) {
    if (!f || typeof f !== 'object') continue
    const file = f as Record<string, unknown>
    if (file.mode === 'tombstone' || file.mode === 'hidden_by_limit') continue
    out.push({
      kind: 'file',
      name: typeof file.name === 'string' ? file.name : typeof file.title === 'string' ? file.title : undefined,
      mimeType: typeof file.mimetype === 'string' ? file.mimetype : undefined,
      size: typeof file.size === 'number' && Number.isInteger(file.size) && file.size >= 0 ? file.size : undefined,
      url: typeof file.url_private === 'string' ? file.url_private : undefined,
    })
  }
  return out.slice(0, 100)
}

export function mapSlackMessage(
  channel: SlackChannel,
  value: unknown,
  users: Map<string, SlackUser>,
  channels: Map<string, SlackChannel>,
): Mapped | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'expected a message object' }
  const m = value as Record<string, any>
  if (m.type !== undefined && m.type !== 'message') return null // not a message (rare export noise)
  if (typeof m.ts !== 'string' || !tsPattern.test(m.ts)) return { error: `expected a timestamp like "1452837352.000006"`, field: 'ts' }
  const sentAt = slackTsToIso(m.ts)
  if (!sentAt) return { error: 'timestamp out of range (years 1 to 9999)', field: 'ts' }
  if (m.text !== undefined && typeof m.text !== 'string') return { error: 'expected text as a string', field: 'text' }
  const text = resolveSlackText(m.text ?? '', users, channels)

  const userId = typeof m.user === 'string' ? m.user : typeof m.bot_id === 'string' ? m.bot_id : undefined
  const known = userId ? users.get(userId) : undefined
  const profileName = m.user_profile?.display_name || m.user_profile?.real_name
  const displayName = known?.name ?? (typeof m.username === 'string' ? m.username : undefined) ?? profileName
  const threadTs = typeof m.thread_ts === 'string' && tsPattern.test(m.thread_ts) ? m.thread_ts : undefined
  const editedTs = m.edited && typeof m.edited.ts === 'string' && tsPattern.test(m.edited.ts) ? m.edited.ts : undefined

  const message: IngestMessage = {
    externalId: `${channel.id}:${m.ts}`,
    conversation: { externalId: channel.id, title: channel.name, kind: channel.kind },
    author: userId
      ? { externalId: userId, username: known?.username, displayName, isBot: known?.isBot || m.subtype === 'bot_message' }
      : undefined,
    sentAt,
    content: text,
    contentKind: typeof m.subtype === 'string' && serviceSubtypes.has(m.subtype) ? 'service' : 'text',
    threadExternalId: threadTs ? `${channel.id}:${threadTs}` : undefined,
    // A thread reply answers the thread's parent; the parent itself has thread_ts equal to its own ts.
    replyToExternalId: threadTs && threadTs !== m.ts ? `${channel.id}:${threadTs}` : undefined,
    edited: m.edited ? true : undefined,
    editedAt: editedTs ? (slackTsToIso(editedTs) ?? undefined) : undefined,
    attachments: slackFiles(m),
    raw: m,
  }
  return { message }
}
