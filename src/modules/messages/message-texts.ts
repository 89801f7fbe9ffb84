// What the topics module reads of messages: texts with their authors (labelled examples), the classifier's
// prediction stored on a message, and how many messages each topic holds.
import type { ServiceContext } from '../../lib/context.js'

export type MessageText = { id: string; content: string; authorName: string | null }

/** The workspace's messages with these ids (any order; missing ones left out), content cut to `maxChars` if given. */
export async function loadMessageTexts(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  messageIds: string[],
  maxChars?: number,
): Promise<MessageText[]> {
  if (messageIds.length === 0) return []
  const rows = await ctx.database.query<{ id: string; content: string; author: string | null }>(
    `SELECT m.id, CASE WHEN $3::int IS NULL THEN m.content ELSE left(m.content, $3::int) END AS content,
            coalesce(i.display_name, i.username) AS author
     FROM messages m LEFT JOIN identities i ON i.id = m.author_identity_id
     WHERE m.workspace_id = $1 AND m.id = ANY($2::uuid[])`,
    [ctx.workspaceId, messageIds, maxChars ?? null],
  )
  return rows.map((r) => ({ id: r.id, content: r.content, authorName: r.author }))
}

/** The topic the classifier predicted for the message (null when none), or null when it is not the workspace's. */
export async function getTopicPrediction(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  messageId: string,
): Promise<{ topicId: string | null; confidence: number | null } | null> {
  const [row] = await ctx.database.query<{ topic_id: string | null; topic_confidence: number | null }>(
    `SELECT topic_id, topic_confidence FROM messages WHERE id = $1 AND workspace_id = $2`,
    [messageId, ctx.workspaceId],
  )
  return row ? { topicId: row.topic_id, confidence: row.topic_confidence } : null
}

/** How many of the workspace's messages the classifier put in each topic (topics without any are absent). */
export async function countMessagesByTopic(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  topicIds?: string[],
): Promise<Map<string, number>> {
  const rows = await ctx.database.query<{ topic_id: string; n: number }>(
    `SELECT topic_id, count(*)::int AS n FROM messages
     WHERE workspace_id = $1 AND topic_id IS NOT NULL AND ($2::uuid[] IS NULL OR topic_id = ANY($2::uuid[]))
     GROUP BY topic_id`,
    [ctx.workspaceId, topicIds ?? null],
  )
  return new Map(rows.map((r) => [r.topic_id, r.n]))
}
