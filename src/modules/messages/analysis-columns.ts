// The one place that writes messages' analysis columns (importance_score, noise_classification, noise_factors,
// analysis_status, topic_id/topic_confidence, classification/confidence), plus the read the analysers need.
// Writing these does not touch updated_at: they are derived from the content, not a change of it.
import type { ServiceContext } from '../../lib/context.js'
import type { RawRow } from '../../db/raw-row.js'
import type { messages } from './schema.js'
import { NotFoundError } from '../../lib/errors.js'

export type MessageForAnalysis = {
  id: string
  conversationId: string
  sentAt: string
  content: string
  contentKind: string
  author: string | null
  isBot: boolean
  analysisStatus: 'pending' | 'analyzed' | 'spam' | 'noise'
  /** The same text (case and spacing aside) was posted earlier in the conversation within `duplicateWindowHours`. */
  duplicateOfRecent: boolean
}

export type MessageSelection = {
  messageIds?: string[]
  conversationId?: string
  limit?: number
  /** Keyset position: only messages after this (sent_at, id), for paging through a long conversation. */
  after?: { sentAt: string; id: string }
}

const duplicateWindowHours = 24

/** Messages of the workspace by ids or by conversation, oldest first, with what noise scoring needs to know. */
export async function loadMessagesForAnalysis(ctx: ServiceContext, selection: MessageSelection): Promise<MessageForAnalysis[]> {
  const params: unknown[] = [ctx.workspaceId, duplicateWindowHours]
  // Messages deleted at their source are kept for audit only: no analyser reads them.
  let where = 'm.workspace_id = $1 AND m.deleted_at IS NULL'
  if (selection.messageIds) {
    params.push(JSON.stringify(selection.messageIds))
    where += ` AND m.id IN (SELECT value::uuid FROM jsonb_array_elements_text($${params.length}::jsonb))`
  }
  if (selection.conversationId) {
    const found = await ctx.database.query(`SELECT 1 FROM conversations WHERE id = $1 AND workspace_id = $2`, [
      selection.conversationId,
      ctx.workspaceId,
    ])
    if (found.length === 0) throw new NotFoundError('Conversation')
    params.push(selection.conversationId)
    where += ` AND m.conversation_id = $${params.length}`
  }
  if (selection.after) {
    params.push(selection.after.sentAt, selection.after.id)
    where += ` AND (m.sent_at, m.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`
  }
  params.push(selection.limit ?? 10_000)
  const rows = await ctx.database.query<
    Pick<RawRow<typeof messages>, 'id' | 'conversation_id' | 'sent_at' | 'content' | 'content_kind' | 'analysis_status'> & {
      author: string | null
      is_bot: boolean
      duplicate_of_recent: boolean
    }
  >(
    `SELECT m.id, m.conversation_id, m.sent_at, m.content, m.content_kind, m.analysis_status,
            coalesce(i.display_name, i.username) AS author, coalesce(i.is_bot, false) AS is_bot,
            EXISTS (SELECT 1 FROM messages p
                    WHERE p.conversation_id = m.conversation_id AND p.id <> m.id
                      AND p.sent_at <= m.sent_at AND p.sent_at > m.sent_at - make_interval(hours => $2)
                      AND (p.sent_at < m.sent_at OR p.id < m.id)
                      AND lower(btrim(p.content)) = lower(btrim(m.content)) AND btrim(m.content) <> '') AS duplicate_of_recent
     FROM messages m LEFT JOIN identities i ON i.id = m.author_identity_id
     WHERE ${where}
     ORDER BY m.sent_at, m.id
     LIMIT $${params.length}`,
    params,
  )
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    sentAt: new Date(r.sent_at).toISOString(),
    content: r.content,
    contentKind: r.content_kind,
    author: r.author,
    isBot: r.is_bot,
    analysisStatus: r.analysis_status,
    duplicateOfRecent: r.duplicate_of_recent,
  }))
}

export type NoiseScoreWrite = {
  id: string
  importanceScore: number
  noiseClassification: 'signal' | 'noise' | 'spam' | 'low_quality' | 'high_quality'
  noiseFactors: Record<string, number>
  analysisStatus: 'pending' | 'analyzed' | 'spam' | 'noise'
}

/** Stores noise scores for a batch in one statement. Returns how many rows were updated. */
export async function writeNoiseScores(ctx: ServiceContext, rows: NoiseScoreWrite[]): Promise<number> {
  if (rows.length === 0) return 0
  const payload = rows.map((r) => ({
    id: r.id,
    importance_score: r.importanceScore,
    noise_classification: r.noiseClassification,
    noise_factors: r.noiseFactors,
    analysis_status: r.analysisStatus,
  }))
  const updated = await ctx.database.query(
    `UPDATE messages m SET importance_score = r.importance_score,
       noise_classification = r.noise_classification::noise_classification,
       noise_factors = r.noise_factors, analysis_status = r.analysis_status::analysis_status
     FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, importance_score real, noise_classification text,
       noise_factors jsonb, analysis_status text)
     WHERE m.id = r.id AND m.workspace_id = $1
     RETURNING m.id`,
    [ctx.workspaceId, JSON.stringify(payload)],
  )
  return updated.length
}

export type TopicPredictionWrite = { id: string; topicId: string | null; confidence: number | null }

/** Stores the classifier's predicted topic (never the ground truth, which the topics module keeps apart). */
export async function writeTopicPredictions(ctx: ServiceContext, rows: TopicPredictionWrite[]): Promise<number> {
  if (rows.length === 0) return 0
  const payload = rows.map((r) => ({ id: r.id, topic_id: r.topicId, confidence: r.confidence }))
  // The topic must belong to the same workspace; anything else is written as "no topic".
  const updated = await ctx.database.query(
    `UPDATE messages m SET topic_id = t.id, topic_confidence = r.confidence
     FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, topic_id uuid, confidence real)
     LEFT JOIN topics t ON t.id = r.topic_id AND t.workspace_id = $1
     WHERE m.id = r.id AND m.workspace_id = $1
     RETURNING m.id`,
    [ctx.workspaceId, JSON.stringify(payload)],
  )
  return updated.length
}

/** Calls `work` with successive pages of the selection, oldest first, so a long conversation never sits in memory whole. */
export async function forEachMessagePage(
  ctx: ServiceContext,
  selection: Omit<MessageSelection, 'after' | 'limit'>,
  pageSize: number,
  work: (page: MessageForAnalysis[]) => Promise<void>,
): Promise<void> {
  let after: MessageSelection['after']
  for (;;) {
    const page = await loadMessagesForAnalysis(ctx, { ...selection, after, limit: pageSize })
    if (page.length > 0) await work(page)
    if (page.length < pageSize) return
    const last = page[page.length - 1]
    after = { sentAt: last.sentAt, id: last.id }
  }
}
