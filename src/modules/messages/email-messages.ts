// What the email module reads of stored email (content_kind 'email'): the message as the importer and the IMAP
// connector stored it (content, raw subject/from/headers) with its author's address, page by page in sent order.
import type { Queryable } from '../../db/transaction.js'
import type { ServiceContext } from '../../lib/context.js'

export type StoredEmailMessage = {
  id: string
  conversationId: string
  content: string
  sentAt: Date
  raw: unknown
  authorEmail: string | null
}

export type EmailMessagesFilter = {
  messageIds?: string[]
  since?: Date
  /** Keyset cursor: messages sent after this one (sent_at, id) in sent order. */
  after?: { sentAt: Date; id: string }
  limit: number
}

/** The workspace's live emails matching the filter, oldest first (ties by id), at most `limit`. */
export async function listEmailMessages(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  filter: EmailMessagesFilter,
): Promise<StoredEmailMessage[]> {
  const rows = await ctx.database.query<{
    id: string
    conversation_id: string
    content: string
    sent_at: Date
    raw: unknown
    author_email: string | null
  }>(
    `SELECT m.id, m.conversation_id, m.content, m.sent_at, m.raw, i.external_id AS author_email
     FROM messages m LEFT JOIN identities i ON i.id = m.author_identity_id
     WHERE m.workspace_id = $1 AND m.content_kind = 'email' AND m.deleted_at IS NULL
       AND ($2::uuid[] IS NULL OR m.id = ANY($2::uuid[]))
       AND ($3::timestamptz IS NULL OR m.sent_at >= $3::timestamptz)
       AND ($4::timestamptz IS NULL OR (m.sent_at, m.id) > ($4::timestamptz, $5::uuid))
     ORDER BY m.sent_at, m.id
     LIMIT $6`,
    [
      ctx.workspaceId,
      filter.messageIds ?? null,
      filter.since ?? null,
      filter.after?.sentAt ?? null,
      filter.after?.id ?? null,
      filter.limit,
    ],
  )
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    content: r.content,
    sentAt: new Date(r.sent_at),
    raw: r.raw,
    authorEmail: r.author_email,
  }))
}

/** How many live emails each workspace holds (workspaces without email are absent). */
export async function countEmailMessagesByWorkspace(database: Queryable): Promise<Map<string, number>> {
  const rows = await database.query<{ workspace_id: string; n: number }>(
    `SELECT workspace_id, count(*)::int AS n FROM messages WHERE content_kind = 'email' AND deleted_at IS NULL GROUP BY workspace_id`,
  )
  return new Map(rows.map((r) => [r.workspace_id, r.n]))
}
