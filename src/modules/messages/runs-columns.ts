// The message store's side of analysis runs: which messages a run's time window holds, and the one writer of
// messages.included_in_runs (seed 0: the runs a message was analysed in, so a window is never proposed twice).
import type { Queryable } from '../../db/transaction.js'
import type { ServiceContext } from '../../lib/context.js'
import type { RawRow } from '../../db/raw-row.js'
import type { messages } from './schema.js'

export type RunWindowMessage = {
  id: string
  conversationId: string
  conversationTitle: string | null
  sentAt: string
  content: string
  contentKind: string
  author: string | null
  isBot: boolean
  analysisStatus: string
  noiseClassification: string | null
  includedInRuns: string[]
}

export type RunWindow = { from: string; to: string; sourceIds?: string[]; conversationIds?: string[] }

/** Every message of the window, oldest first, with the fields the prefilter and the batcher need. */
export async function loadRunWindowMessages(ctx: ServiceContext, window: RunWindow): Promise<RunWindowMessage[]> {
  const params: unknown[] = [ctx.workspaceId, window.from, window.to]
  // Messages deleted at their source stay out of every run.
  let where = 'm.workspace_id = $1 AND m.sent_at >= $2 AND m.sent_at < $3 AND m.deleted_at IS NULL'
  if (window.sourceIds?.length) {
    params.push(JSON.stringify(window.sourceIds))
    where += ` AND m.source_id IN (SELECT value::uuid FROM jsonb_array_elements_text($${params.length}::jsonb))`
  }
  if (window.conversationIds?.length) {
    params.push(JSON.stringify(window.conversationIds))
    where += ` AND m.conversation_id IN (SELECT value::uuid FROM jsonb_array_elements_text($${params.length}::jsonb))`
  }
  const rows = await ctx.database.query<
    Pick<
      RawRow<typeof messages>,
      'id' | 'conversation_id' | 'sent_at' | 'content' | 'content_kind' | 'analysis_status' | 'noise_classification' | 'included_in_runs'
    > & { conversation_title: string | null; author: string | null; is_bot: boolean }
  >(
    `SELECT m.id, m.conversation_id, c.title AS conversation_title, m.sent_at, m.content, m.content_kind,
            coalesce(i.display_name, i.username) AS author, coalesce(i.is_bot, false) AS is_bot,
            m.analysis_status, m.noise_classification, m.included_in_runs
     FROM messages m
     JOIN conversations c ON c.id = m.conversation_id
     LEFT JOIN identities i ON i.id = m.author_identity_id
     WHERE ${where}
     ORDER BY m.conversation_id, m.sent_at, m.id`,
    params,
  )
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    conversationTitle: r.conversation_title,
    sentAt: new Date(r.sent_at).toISOString(),
    content: r.content,
    contentKind: r.content_kind,
    author: r.author,
    isBot: r.is_bot,
    analysisStatus: r.analysis_status,
    noiseClassification: r.noise_classification,
    includedInRuns: r.included_in_runs ?? [],
  }))
}

/** Records that a run analysed these messages; idempotent (a resumed batch adds the run id once). */
export async function markMessagesIncludedInRun(q: Queryable, workspaceId: string, runId: string, messageIds: string[]): Promise<number> {
  if (messageIds.length === 0) return 0
  const rows = await q.query(
    `UPDATE messages SET included_in_runs = array_append(included_in_runs, $2::uuid)
     WHERE workspace_id = $1 AND NOT ($2::uuid = ANY(included_in_runs))
       AND id IN (SELECT value::uuid FROM jsonb_array_elements_text($3::jsonb))
     RETURNING id`,
    [workspaceId, runId, JSON.stringify(messageIds)],
  )
  return rows.length
}
