// What a search hit shows of its message: the conversation's title, the author, and the message before and after it
// in the conversation. Search ranks chunks; this turns the few ranked message ids into those facts in one statement.
import type { ServiceContext } from '../../lib/context.js'

export type NeighbourMessage = { id: string; sentAt: string; authorName: string | null; content: string }

export type MessageInContext = {
  id: string
  conversationId: string
  conversationTitle: string | null
  sourceId: string
  sentAt: string
  content: string
  authorIdentityId: string | null
  author: { personId: string | null; name: string | null } | null
  before: NeighbourMessage | null
  after: NeighbourMessage | null
}

type MessageInContextRow = {
  id: string
  conversation_id: string
  conversation_title: string | null
  source_id: string
  sent_at: string | Date
  content: string
  author_identity_id: string | null
  author: { person_id: string | null; name: string | null } | null
  before: { id: string; sentAt: string; authorName: string | null; content: string } | null
  after: { id: string; sentAt: string; authorName: string | null; content: string } | null
}

/** The workspace's messages with these ids in their context; neighbours' content is cut to `neighbourLength`. */
export async function loadMessagesInContext(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  messageIds: string[],
  neighbourLength: number,
): Promise<MessageInContext[]> {
  if (messageIds.length === 0) return []
  const rows = await ctx.database.query<MessageInContextRow>(
    // Scalar subqueries instead of joins: PGlite spent ~15 ms planning a five-way join, longer than running it.
    // ANY($2) fetches the few hits by primary key.
    `SELECT m.id, m.conversation_id, m.source_id, m.sent_at, m.content, m.author_identity_id,
       (SELECT cv.title FROM conversations cv WHERE cv.id = m.conversation_id) AS conversation_title,
       (SELECT row_to_json(a) FROM (SELECT i.person_id, coalesce(i.display_name, i.username) AS name
                                    FROM identities i WHERE i.id = m.author_identity_id) a) AS author,
       (SELECT row_to_json(p) FROM (
          SELECT b.id, b.sent_at AS "sentAt", left(b.content, $3) AS content,
            (SELECT coalesce(i.display_name, i.username) FROM identities i WHERE i.id = b.author_identity_id) AS "authorName"
          FROM messages b
          WHERE b.conversation_id = m.conversation_id AND (b.sent_at, b.id) < (m.sent_at, m.id)
          ORDER BY b.sent_at DESC, b.id DESC LIMIT 1) p) AS before,
       (SELECT row_to_json(n) FROM (
          SELECT a.id, a.sent_at AS "sentAt", left(a.content, $3) AS content,
            (SELECT coalesce(i.display_name, i.username) FROM identities i WHERE i.id = a.author_identity_id) AS "authorName"
          FROM messages a
          WHERE a.conversation_id = m.conversation_id AND (a.sent_at, a.id) > (m.sent_at, m.id)
          ORDER BY a.sent_at ASC, a.id ASC LIMIT 1) n) AS after
     FROM messages m
     WHERE m.id = ANY($2::uuid[]) AND m.workspace_id = $1`,
    [ctx.workspaceId, messageIds, neighbourLength],
  )
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    conversationTitle: r.conversation_title,
    sourceId: r.source_id,
    sentAt: new Date(r.sent_at).toISOString(),
    content: r.content,
    authorIdentityId: r.author_identity_id,
    author: r.author ? { personId: r.author.person_id, name: r.author.name } : null,
    before: neighbour(r.before),
    after: neighbour(r.after),
  }))
}

function neighbour(row: MessageInContextRow['before']): NeighbourMessage | null {
  if (!row) return null
  return { id: row.id, sentAt: new Date(row.sentAt).toISOString(), authorName: row.authorName ?? null, content: row.content }
}
