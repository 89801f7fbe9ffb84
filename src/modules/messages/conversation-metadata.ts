// A live service's facts about a conversation (a support ticket's status, inbox and assignee; an issue's state)
// kept in conversations.metadata under the service's key, made before any message of it arrives if need be.
import type { ServiceContext } from '../../lib/context.js'
import type { SourceRef } from './ingest-schema.js'
import { upsertSource } from './ingest.js'
import { inTransaction } from '../../db/transaction.js'

export type ConversationFacts = {
  externalId: string
  title?: string | null
  kind?: 'private' | 'group' | 'channel' | 'thread' | 'email_thread' | 'other'
  /** Merged into the stored metadata (top-level keys replace theirs). */
  metadata: Record<string, unknown>
}

export async function upsertConversationFacts(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  input: { source: SourceRef; conversations: ConversationFacts[] },
): Promise<void> {
  if (input.conversations.length === 0) return
  // One row per conversation (a batch may name one twice, e.g. created then renamed): later facts win.
  const byId = new Map<string, ConversationFacts>()
  for (const c of input.conversations) {
    const earlier = byId.get(c.externalId)
    byId.set(c.externalId, earlier ? { ...c, title: c.title ?? earlier.title, metadata: { ...earlier.metadata, ...c.metadata } } : c)
  }
  const rows = [...byId.values()].map((c) => ({
    external_id: c.externalId,
    title: c.title ?? null,
    kind: c.kind ?? 'group',
    metadata: c.metadata,
  }))
  await inTransaction(ctx, async (q) => {
    const sourceId = await upsertSource(q, ctx.workspaceId, input.source)
    await q.query(
      `INSERT INTO conversations (workspace_id, source_id, external_id, title, kind, metadata)
       SELECT $1, $2, r.external_id, r.title, r.kind, r.metadata
       FROM jsonb_to_recordset($3::jsonb) AS r(external_id text, title text, kind text, metadata jsonb)
       ON CONFLICT (source_id, external_id) DO UPDATE SET title = coalesce(excluded.title, conversations.title),
         metadata = conversations.metadata || excluded.metadata`,
      [ctx.workspaceId, sourceId, JSON.stringify(rows)],
    )
  })
}
