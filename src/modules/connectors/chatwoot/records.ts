// Chatwoot objects (Application API responses and account-webhook bodies, which differ in small ways: integer vs
// string message_type, `sender_type` vs `sender.type`, ISO vs epoch times) normalised into cw_* rows, and those
// rows mapped onto the message store: contacts → people, conversations → conversations with their status, inbox
// and assignee as metadata, messages → messages (private notes kept, marked in raw; attachments as metadata).
import type { Attachment, IngestMessage } from '../../messages/index.js'

export type ChatwootObject = Record<string, any>

export type ContactRecord = {
  id: string
  accountId: number
  contactId: number
  name: string | null
  email: string | null
  phoneNumber: string | null
  identifier: string | null
  customAttributes: Record<string, unknown>
  data: ChatwootObject
  updatedAt: string | null
}

export type ConversationRecord = {
  id: string
  accountId: number
  conversationId: number
  contactGlobalId: string | null
  contactName: string | null
  inboxId: number | null
  inboxName: string | null
  status: string | null
  assigneeId: number | null
  assigneeName: string | null
  labels: string[]
  data: ChatwootObject
  updatedAt: string | null
}

export type MessageRecord = {
  id: string
  accountId: number
  messageId: number
  conversationId: number
  conversationGlobalId: string
  contactGlobalId: string | null
  senderType: string | null
  senderId: number | null
  sender: ChatwootObject | null
  private: boolean
  messageType: string
  content: string
  data: ChatwootObject
  createdAt: string
  updatedAt: string | null
}

export const contactGlobalId = (accountId: number, id: number) => `cwc:${accountId}:${id}`
export const conversationGlobalId = (accountId: number, id: number) => `cw:${accountId}:${id}`
export const messageGlobalId = (accountId: number, id: number) => `cwmsg:${accountId}:${id}`

/** Epoch seconds (integer or float, as webhooks send) or an ISO string → ISO; null when absent or unreadable. */
export function chatwootTime(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return new Date(Math.round(value * 1000)).toISOString()
  if (typeof value === 'string' && value) {
    const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value)
    return Number.isFinite(ms) ? new Date(ms).toISOString() : null
  }
  return null
}

const messageTypes = ['incoming', 'outgoing', 'activity', 'template']
const senderTypes: Record<string, string> = {
  contact: 'contact',
  user: 'user',
  agentbot: 'agent_bot',
  agent_bot: 'agent_bot',
  captain_assistant: 'agent_bot',
}
const numberOrNull = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null)

export function toContactRecord(accountId: number, c: ChatwootObject): ContactRecord {
  return {
    id: contactGlobalId(accountId, c.id),
    accountId,
    contactId: c.id,
    name: c.name ?? null,
    email: c.email ?? null,
    phoneNumber: c.phone_number ?? null,
    identifier: c.identifier ?? null,
    customAttributes: c.custom_attributes ?? {},
    data: c,
    // Contacts carry no updated_at in either shape; their last activity is the closest version there is.
    updatedAt: chatwootTime(c.updated_at) ?? chatwootTime(c.last_activity_at),
  }
}

export function toConversationRecord(accountId: number, c: ChatwootObject): ConversationRecord {
  const contact = c.meta?.sender
  const contactId = numberOrNull(contact?.id) ?? numberOrNull(c.contact_inbox?.contact_id) ?? numberOrNull(c.contact_id)
  const assignee = c.meta?.assignee
  return {
    id: conversationGlobalId(accountId, c.id),
    accountId,
    conversationId: c.id,
    contactGlobalId: contactId === null ? null : contactGlobalId(accountId, contactId),
    contactName: contact?.name ?? null,
    inboxId: numberOrNull(c.inbox_id),
    inboxName: c.inbox?.name ?? null,
    status: c.status ?? null,
    assigneeId: numberOrNull(assignee?.id) ?? numberOrNull(c.assignee_id),
    assigneeName: assignee?.available_name ?? assignee?.name ?? null,
    labels: Array.isArray(c.labels) ? c.labels.map(String) : [],
    data: c,
    updatedAt: chatwootTime(c.updated_at) ?? chatwootTime(c.last_activity_at) ?? chatwootTime(c.timestamp),
  }
}

/** `context` is what the caller knows of the message's conversation (its contact), when the message does not say. */
export function toMessageRecord(accountId: number, m: ChatwootObject, context: { contactGlobalId?: string | null } = {}): MessageRecord {
  const senderType = senderTypes[String(m.sender?.type ?? m.sender_type ?? '').toLowerCase()] ?? null
  const senderId = numberOrNull(m.sender?.id) ?? numberOrNull(m.sender_id)
  const conversationId = numberOrNull(m.conversation_id) ?? numberOrNull(m.conversation?.id)!
  const contactId = senderType === 'contact' && senderId !== null ? senderId : numberOrNull(m.conversation?.contact_inbox?.contact_id)
  const ownEntry = Array.isArray(m.conversation?.messages) ? m.conversation.messages.find((e: ChatwootObject) => e?.id === m.id) : undefined
  const createdAt = chatwootTime(m.created_at) ?? new Date(0).toISOString()
  return {
    id: messageGlobalId(accountId, m.id),
    accountId,
    messageId: m.id,
    conversationId,
    conversationGlobalId: conversationGlobalId(accountId, conversationId),
    contactGlobalId: contactId !== null ? contactGlobalId(accountId, contactId) : (context.contactGlobalId ?? null),
    senderType,
    senderId,
    sender: m.sender ?? null,
    private: m.private === true,
    messageType:
      typeof m.message_type === 'number' ? (messageTypes[m.message_type] ?? String(m.message_type)) : String(m.message_type ?? 'incoming'),
    content: typeof m.content === 'string' ? m.content : '',
    data: m,
    createdAt,
    // A message_updated body has no updated_at of its own; the copy in conversation.messages does, and failing
    // that the conversation's own (it moves with every message change).
    updatedAt: chatwootTime(m.updated_at) ?? chatwootTime(ownEntry?.updated_at) ?? chatwootTime(m.conversation?.updated_at) ?? createdAt,
  }
}

function authorOf(m: MessageRecord): IngestMessage['author'] {
  if (m.senderType === null || m.senderId === null) return undefined
  const prefix = m.senderType === 'contact' ? 'cwc' : m.senderType === 'user' ? 'cwuser' : 'cwbot'
  return {
    externalId: `${prefix}:${m.accountId}:${m.senderId}`,
    displayName: m.sender?.available_name ?? m.sender?.name ?? undefined,
    email: m.sender?.email ?? undefined,
    isBot: m.senderType === 'agent_bot',
  }
}

function attachmentsOf(m: MessageRecord): Attachment[] {
  const list = Array.isArray(m.data.attachments) ? m.data.attachments : []
  return list.slice(0, 100).map((a: ChatwootObject) => ({
    kind: String(a.file_type ?? 'file'),
    name:
      a.fallback_title ?? (typeof a.data_url === 'string' ? decodeURIComponent(a.data_url.split('/').pop() ?? '') : undefined) ?? undefined,
    size: Number.isInteger(a.file_size) && a.file_size >= 0 ? a.file_size : undefined,
    url: typeof a.data_url === 'string' ? a.data_url.slice(0, 4096) : undefined,
  }))
}

export function conversationTitle(c: { conversationId: number; contactName?: string | null; data?: ChatwootObject }): string {
  const number = c.data?.display_id ?? c.conversationId
  return c.contactName ? `#${number} ${c.contactName}` : `#${number}`
}

export function toIngestMessage(m: MessageRecord, conversation?: ConversationRecord): IngestMessage {
  const deleted = m.data.content_attributes?.deleted === true
  return {
    externalId: m.id,
    conversation: {
      externalId: m.conversationGlobalId,
      title: conversation ? conversationTitle(conversation) : undefined,
      kind: 'private',
    },
    author: authorOf(m),
    sentAt: m.createdAt,
    content: m.content,
    // Activity lines ("Conversation was resolved by …") read as service events, not as something someone said.
    contentKind: m.messageType === 'activity' ? 'service' : 'text',
    attachments: attachmentsOf(m),
    raw: {
      chatwoot: {
        private: m.private,
        messageType: m.messageType,
        contentType: m.data.content_type ?? null,
        deleted,
        updatedAt: m.updatedAt,
      },
    },
  }
}

export function conversationMetadata(c: ConversationRecord): Record<string, unknown> {
  return {
    chatwoot: {
      id: c.conversationId,
      status: c.status,
      inboxId: c.inboxId,
      inboxName: c.inboxName,
      assigneeId: c.assigneeId,
      assigneeName: c.assigneeName,
      contactId: c.contactGlobalId,
      labels: c.labels,
      updatedAt: c.updatedAt,
    },
  }
}
