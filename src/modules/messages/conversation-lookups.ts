// What other modules read of conversations and messages by id: a conversation's source and title (analysis runs,
// the proposal inbox's group headers) and the text the indexer chunks.
import type { Queryable } from '../../db/transaction.js'
import type { ServiceContext } from '../../lib/context.js'

/** The source of the workspace's conversation, or null when there is no such conversation. */
export async function findConversationSourceId(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  conversationId: string,
): Promise<string | null> {
  const [row] = await ctx.database.query<{ source_id: string }>(`SELECT source_id FROM conversations WHERE id = $1 AND workspace_id = $2`, [
    conversationId,
    ctx.workspaceId,
  ])
  return row?.source_id ?? null
}

/** Titles of the workspace's conversations with these ids (untitled and unknown ones are absent). */
export async function conversationTitles(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  conversationIds: string[],
): Promise<Map<string, string>> {
  if (conversationIds.length === 0) return new Map()
  const rows = await ctx.database.query<{ id: string; title: string }>(
    `SELECT id, title FROM conversations WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND title IS NOT NULL`,
    [ctx.workspaceId, conversationIds],
  )
  return new Map(rows.map((r) => [r.id, r.title]))
}

export type MessageToIndex = { id: string; content: string; contentKind: string; deleted: boolean }

/** The workspace's messages with these ids as the indexer needs them (deleted ones flagged, not left out). */
export async function loadMessagesToIndex(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  messageIds: string[],
): Promise<MessageToIndex[]> {
  if (messageIds.length === 0) return []
  const rows = await ctx.database.query<{ id: string; content: string; content_kind: string; deleted: boolean }>(
    `SELECT id, content, content_kind, deleted_at IS NOT NULL AS deleted FROM messages
     WHERE workspace_id = $1 AND id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))`,
    [ctx.workspaceId, JSON.stringify(messageIds)],
  )
  return rows.map((r) => ({ id: r.id, content: r.content, contentKind: r.content_kind, deleted: r.deleted }))
}

/** Locks these messages on the caller's transaction and returns those another run than `runId` already analysed,
 * so concurrent runs over overlapping windows never propose from the same message twice. */
export async function lockMessagesTakenByOtherRuns(q: Queryable, messageIds: string[], runId: string): Promise<Set<string>> {
  const rows = await q.query<{ id: string }>(
    `SELECT id FROM messages WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))
       AND EXISTS (SELECT 1 FROM unnest(included_in_runs) r WHERE r <> $2::uuid)
     FOR UPDATE`,
    [JSON.stringify(messageIds), runId],
  )
  return new Set(rows.map((r) => r.id))
}

/** The ids of the source's conversations with these external ids, keyed by external id (unknown ones absent). */
export async function findConversationIds(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  sourceId: string,
  externalIds: string[],
): Promise<Map<string, string>> {
  if (externalIds.length === 0) return new Map()
  const rows = await ctx.database.query<{ id: string; external_id: string }>(
    `SELECT id, external_id FROM conversations WHERE workspace_id = $1 AND source_id = $2 AND external_id = ANY($3::text[])`,
    [ctx.workspaceId, sourceId, externalIds],
  )
  return new Map(rows.map((r) => [r.external_id, r.id]))
}

export type SourceMessageStats = { messageCount: number; conversationCount: number; lastMessageAt: string | null }

/** How much each of these sources holds: messages, conversations and the newest conversation activity. */
export async function messageStatsBySource(
  ctx: Pick<ServiceContext, 'database'>,
  sourceIds: string[],
): Promise<Map<string, SourceMessageStats>> {
  if (sourceIds.length === 0) return new Map()
  const rows = await ctx.database.query<{
    source_id: string
    messages: number
    conversations: number
    last_message_at: string | Date | null
  }>(
    `SELECT s.id AS source_id,
       (SELECT count(*) FROM messages m WHERE m.source_id = s.id)::int AS messages,
       (SELECT count(*) FROM conversations c WHERE c.source_id = s.id)::int AS conversations,
       (SELECT max(c.last_message_at) FROM conversations c WHERE c.source_id = s.id) AS last_message_at
     FROM unnest($1::uuid[]) AS s(id)`,
    [sourceIds],
  )
  return new Map(
    rows.map((r) => [
      r.source_id,
      {
        messageCount: r.messages,
        conversationCount: r.conversations,
        lastMessageAt: r.last_message_at == null ? null : new Date(r.last_message_at).toISOString(),
      },
    ]),
  )
}

/** Stored identities of `channel` with these external ids that carry a real name (not just the id). */
export async function findNamedIdentities(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  channel: string,
  externalIds: string[],
): Promise<Array<{ externalId: string; displayName: string; username: string | null; isBot: boolean }>> {
  if (externalIds.length === 0) return []
  const rows = await ctx.database.query<{ external_id: string; display_name: string; username: string | null; is_bot: boolean }>(
    `SELECT external_id, display_name, username, is_bot FROM identities
     WHERE workspace_id = $1 AND channel = $2 AND external_id = ANY($3::text[]) AND display_name IS NOT NULL AND display_name <> external_id`,
    [ctx.workspaceId, channel, externalIds],
  )
  return rows.map((r) => ({ externalId: r.external_id, displayName: r.display_name, username: r.username, isBot: r.is_bot }))
}

/** Which of these sources hold a conversation with each external id that has at least one message: one entry per
 * conversation (a Slack channel imported from an export, continued by a live connection). */
export async function conversationsWithMessages(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  sourceIds: string[],
  externalIds: string[],
): Promise<Array<{ sourceId: string; externalId: string }>> {
  if (sourceIds.length === 0 || externalIds.length === 0) return []
  const rows = await ctx.database.query<{ source_id: string; external_id: string }>(
    `SELECT c.source_id, c.external_id FROM conversations c
     WHERE c.workspace_id = $1 AND c.source_id = ANY($2::uuid[]) AND c.external_id = ANY($3::text[])
       AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id)`,
    [ctx.workspaceId, sourceIds, externalIds],
  )
  return rows.map((r) => ({ sourceId: r.source_id, externalId: r.external_id }))
}

/** The greatest number after `<conversation external id>:` among the conversation's message external ids (a Slack
 * ts such as 1712345678.000200), as text so that no digit is lost; undefined when it holds no such message. */
export async function newestNumberedMessageId(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  sourceId: string,
  conversationExternalId: string,
): Promise<string | undefined> {
  const [row] = await ctx.database.query<{ newest: string | null }>(
    `SELECT max(split_part(m.external_id, ':', 2)::numeric)::text AS newest FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE c.workspace_id = $1 AND c.source_id = $2 AND c.external_id = $3 AND m.external_id LIKE $4`,
    [ctx.workspaceId, sourceId, conversationExternalId, `${conversationExternalId}:%`],
  )
  return row?.newest ?? undefined
}
