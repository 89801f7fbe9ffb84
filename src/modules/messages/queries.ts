// Read side of the message store: conversations and messages with keyset pagination, always workspace-scoped.
import type { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import { decodeCursor, encodeCursor, type Page } from '../../lib/pagination.js'
import type { conversationViewSchema, messageViewSchema } from './view-schemas.js'

// The shapes the read API sends (view-schemas.ts), so the service and the OpenAPI document cannot drift apart.
export type ConversationView = z.infer<typeof conversationViewSchema>
export type MessageView = z.infer<typeof messageViewSchema>

const iso = (v: Date | string | null) => (v == null ? null : new Date(v).toISOString())

type ConversationRow = {
  id: string
  source_id: string
  source_type: string
  source_name: string
  external_id: string
  title: string | null
  kind: string
  last_message_at: Date | null
  message_count: number
}

export async function listConversations(
  ctx: ServiceContext,
  input: { limit: number; cursor?: string; sourceId?: string; conversationId?: string },
): Promise<Page<ConversationView>> {
  const after = decodeCursor<{ t: string | null; id: string }>(input.cursor)
  const params: unknown[] = [ctx.workspaceId, input.limit + 1]
  let where = 'c.workspace_id = $1'
  if (input.sourceId) {
    // Another workspace's source is a 404, not an empty page (issue 18 item 13).
    const source = await ctx.database.query(`SELECT 1 FROM sources WHERE id = $1 AND workspace_id = $2`, [input.sourceId, ctx.workspaceId])
    if (source.length === 0) throw new NotFoundError('Source')
    params.push(input.sourceId)
    where += ` AND c.source_id = $${params.length}`
  }
  if (input.conversationId) {
    params.push(input.conversationId)
    where += ` AND c.id = $${params.length}`
  }
  if (after) {
    params.push(after.t ?? '-infinity', after.id)
    where += ` AND (coalesce(c.last_message_at, '-infinity'::timestamptz), c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`
  }
  const rows = await ctx.database.query<ConversationRow>(
    `SELECT c.id, c.source_id, s.type AS source_type, s.name AS source_name, c.external_id, c.title, c.kind,
            c.last_message_at, (SELECT count(*)::int FROM messages m WHERE m.conversation_id = c.id) AS message_count
     FROM conversations c JOIN sources s ON s.id = c.source_id
     WHERE ${where}
     ORDER BY coalesce(c.last_message_at, '-infinity'::timestamptz) DESC, c.id DESC
     LIMIT $2`,
    params,
  )
  const items = rows.slice(0, input.limit).map((r) => ({
    id: r.id,
    sourceId: r.source_id,
    sourceType: r.source_type,
    sourceName: r.source_name,
    externalId: r.external_id,
    title: r.title,
    kind: r.kind,
    lastMessageAt: iso(r.last_message_at),
    messageCount: r.message_count,
  }))
  const last = items[items.length - 1]
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodeCursor({ t: last.lastMessageAt, id: last.id }) : null,
  }
}

const messageColumns = `m.id, m.conversation_id, m.source_id, m.external_id, m.sent_at, m.content, m.content_kind,
  m.author_identity_id, i.person_id, i.display_name, i.username, m.reply_to_message_id, m.reply_to_external_id,
  m.thread_external_id, m.edited, m.edited_at, m.forwarded_from, m.attachments, m.analysis_status,
  m.importance_score, m.noise_classification, m.topic_id`

/** A row of `messageColumns` (messages joined with the author's identity). */
type MessageRow = {
  id: string
  conversation_id: string
  source_id: string
  external_id: string
  sent_at: Date
  content: string
  content_kind: string
  author_identity_id: string | null
  person_id: string | null
  display_name: string | null
  username: string | null
  reply_to_message_id: string | null
  reply_to_external_id: string | null
  thread_external_id: string | null
  edited: boolean
  edited_at: Date | null
  forwarded_from: string | null
  attachments: unknown[] | null
  analysis_status: string
  importance_score: number | null
  noise_classification: string | null
  topic_id: string | null
}

function toMessageView(r: MessageRow): MessageView {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    sourceId: r.source_id,
    externalId: r.external_id,
    sentAt: iso(r.sent_at)!,
    content: r.content,
    contentKind: r.content_kind,
    author: r.author_identity_id
      ? { identityId: r.author_identity_id, personId: r.person_id, displayName: r.display_name, username: r.username }
      : null,
    replyToMessageId: r.reply_to_message_id,
    replyToExternalId: r.reply_to_external_id,
    threadExternalId: r.thread_external_id,
    edited: r.edited,
    editedAt: iso(r.edited_at),
    forwardedFrom: r.forwarded_from,
    attachments: r.attachments ?? [],
    analysisStatus: r.analysis_status,
    importanceScore: r.importance_score,
    noiseClassification: r.noise_classification,
    topicId: r.topic_id,
  }
}

export async function listConversationMessages(
  ctx: ServiceContext,
  input: { conversationId: string; limit: number; cursor?: string; order?: 'asc' | 'desc' },
): Promise<Page<MessageView>> {
  const exists = await ctx.database.query(`SELECT 1 FROM conversations WHERE id = $1 AND workspace_id = $2`, [
    input.conversationId,
    ctx.workspaceId,
  ])
  if (exists.length === 0) throw new NotFoundError('Conversation')
  const order = input.order ?? 'asc'
  const after = decodeCursor<{ t: string; id: string }>(input.cursor)
  const params: unknown[] = [ctx.workspaceId, input.conversationId, input.limit + 1]
  let where = 'm.workspace_id = $1 AND m.conversation_id = $2'
  if (after) {
    params.push(after.t, after.id)
    where += ` AND (m.sent_at, m.id) ${order === 'asc' ? '>' : '<'} ($4::timestamptz, $5::uuid)`
  }
  const rows = await ctx.database.query<MessageRow>(
    `SELECT ${messageColumns} FROM messages m LEFT JOIN identities i ON i.id = m.author_identity_id
     WHERE ${where} ORDER BY m.sent_at ${order}, m.id ${order} LIMIT $3`,
    params,
  )
  const items = rows.slice(0, input.limit).map(toMessageView)
  const last = items[items.length - 1]
  return { items, nextCursor: rows.length > input.limit && last ? encodeCursor({ t: last.sentAt, id: last.id }) : null }
}

export async function getMessage(ctx: ServiceContext, id: string): Promise<MessageView> {
  const rows = await ctx.database.query<MessageRow>(
    `SELECT ${messageColumns} FROM messages m LEFT JOIN identities i ON i.id = m.author_identity_id
     WHERE m.id = $1 AND m.workspace_id = $2`,
    [id, ctx.workspaceId],
  )
  if (!rows[0]) throw new NotFoundError('Message')
  return toMessageView(rows[0])
}
/** Which of these external ids are stored in which of these sources (the workspace's own only). */
export async function findExternalIdsInSources(
  ctx: ServiceContext,
  sourceIds: string[],
  externalIds: string[],
): Promise<Array<{ sourceId: string; externalId: string }>> {
  if (sourceIds.length === 0 || externalIds.length === 0) return []
  const rows = await ctx.database.query<{ source_id: string; external_id: string }>(
    `SELECT m.source_id, m.external_id FROM messages m
     WHERE m.workspace_id = $1 AND m.source_id = ANY($2::uuid[]) AND m.external_id = ANY($3::text[])`,
    [ctx.workspaceId, sourceIds, externalIds],
  )
  return rows.map((r) => ({ sourceId: r.source_id, externalId: r.external_id }))
}

/** Which of these external ids are already stored in any source of this type (e.g. a Message-ID imported from an
 * mbox before the mailbox was connected over IMAP), so a second channel to the same data adds no duplicates. */
export async function findStoredExternalIds(ctx: ServiceContext, sourceType: string, externalIds: string[]): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set()
  const rows = await ctx.database.query<{ external_id: string }>(
    // From the sources side so each lookup uses messages' (source_id, external_id) unique index.
    `SELECT m.external_id FROM sources s JOIN messages m ON m.source_id = s.id AND m.external_id = ANY($3::text[])
     WHERE s.workspace_id = $1 AND s.type = $2`,
    [ctx.workspaceId, sourceType, externalIds],
  )
  return new Set(rows.map((r) => r.external_id))
}

/** The conversation a source knows by `externalId` (e.g. Chatwoot's `cw:<account>:<id>`), or null. */
export async function findConversationId(ctx: ServiceContext, sourceId: string, externalId: string): Promise<string | null> {
  const [row] = await ctx.database.query<{ id: string }>(
    `SELECT id FROM conversations WHERE workspace_id = $1 AND source_id = $2 AND external_id = $3`,
    [ctx.workspaceId, sourceId, externalId],
  )
  return row?.id ?? null
}
