// Reading proposals, and keeping a run's counters, review state and accuracy metrics in step with its proposals.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError, ValidationError } from '../../lib/errors.js'
import type { Queryable } from '../../db/transaction.js'
import type { RawRow } from '../../db/raw-row.js'
import { conversationTitles } from '../messages/index.js'
import type { ProposalFilters, ProposalGroupsInput, ProposalSelection } from './run-schema.js'
import type { taskProposals } from './schema.js'

export const proposalViewSchema = z.object({
  id: z.string(),
  runId: z.string(),
  kind: z.string(),
  atomType: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  priority: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  subTasks: z.array(z.looseObject({ title: z.string() })),
  dueDate: z.string().nullable(),
  assigneeName: z.string().nullable(),
  sourceMessageIds: z.array(z.string()),
  messageCount: z.number().int(),
  timeSpanSeconds: z.number(),
  confidence: z.number(),
  reasoning: z.string(),
  llmRecommendation: z.string(),
  similarity: z.object({ type: z.string(), score: z.number().nullable(), taskId: z.string().nullable() }),
  project: z.object({ id: z.string().nullable(), keywordsMatched: z.array(z.string()), confidence: z.number() }),
  status: z.string(),
  review: z.object({
    by: z.string().nullable(),
    reason: z.string().nullable(),
    at: z.string().nullable(),
    editedFields: z.array(z.string()),
    diffSummary: z.record(z.string(), z.unknown()).nullable(),
  }),
  createdTaskId: z.string().nullable(),
  createdAtomId: z.string().nullable(),
  conversationId: z.string().nullable(),
  sourceId: z.string().nullable(),
  createdAt: z.string(),
})
export type ProposalView = z.infer<typeof proposalViewSchema>

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString())

/** A row of `SELECT * FROM task_proposals`. */
export type ProposalRow = RawRow<typeof taskProposals>

export function toProposalView(r: ProposalRow): ProposalView {
  return {
    id: r.id,
    runId: r.run_id,
    kind: r.kind,
    atomType: r.atom_type,
    title: r.title,
    description: r.description,
    priority: r.priority,
    category: r.category,
    tags: r.tags,
    subTasks: r.sub_tasks,
    dueDate: iso(r.due_date),
    assigneeName: r.assignee_name,
    sourceMessageIds: r.source_message_ids,
    messageCount: r.message_count,
    timeSpanSeconds: r.time_span_seconds,
    confidence: r.confidence,
    reasoning: r.reasoning,
    llmRecommendation: r.llm_recommendation,
    similarity: { type: r.similarity_type, score: r.similarity_score, taskId: r.similar_task_id },
    project: { id: r.proposed_project_id, keywordsMatched: r.project_keywords_matched, confidence: r.project_classification_confidence },
    status: r.status,
    review: {
      by: r.reviewed_by,
      reason: r.review_reason,
      at: iso(r.reviewed_at),
      editedFields: r.edited_fields,
      diffSummary: r.diff_summary,
    },
    createdTaskId: r.created_task_id,
    createdAtomId: r.created_atom_id,
    conversationId: r.conversation_id ?? null,
    sourceId: r.source_id ?? null,
    createdAt: iso(r.created_at)!,
  }
}

/** The WHERE clause of a selection, always scoped to the caller's workspace; params continue from `params`. */
export function selectionWhere(
  ctx: ServiceContext,
  selection: ProposalSelection,
  params: unknown[] = [],
): { where: string; params: unknown[] } {
  params.push(ctx.workspaceId)
  const where = [`workspace_id = $${params.length}`]
  const add = (sql: string, value: unknown) => {
    params.push(value)
    where.push(sql.replace('?', `$${params.length}`))
  }
  if (selection.runId) add('run_id = ?', selection.runId)
  if (selection.status) add('status = ?::proposal_status', selection.status)
  if (selection.kind) add('kind = ?::proposal_kind', selection.kind)
  if (selection.projectId) add('proposed_project_id = ?', selection.projectId)
  if (selection.sourceId) add('source_id = ?', selection.sourceId)
  if (selection.conversationId) add('conversation_id = ?', selection.conversationId)
  if (selection.minConfidence !== undefined) add('confidence >= ?', selection.minConfidence)
  if (selection.belowConfidence !== undefined) add('confidence < ?', selection.belowConfidence)
  if (selection.idPrefix) add(`id::text LIKE ?`, `${selection.idPrefix.toLowerCase()}%`)
  return { where: where.join(' AND '), params }
}

export async function listProposals(ctx: ServiceContext, filters: ProposalFilters): Promise<{ items: ProposalView[]; total: number }> {
  const { where, params } = selectionWhere(ctx, filters)
  const total = await ctx.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM task_proposals WHERE ${where}`, params)
  params.push(filters.limit, filters.offset)
  const order = filters.sort === 'confidence' ? 'confidence DESC, created_at, id' : 'created_at, batch_index, id'
  const rows = await ctx.database.query<ProposalRow>(
    `SELECT * FROM task_proposals WHERE ${where} ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  )
  return { items: rows.map(toProposalView), total: total[0].n }
}

export type ProposalGroup = {
  key: string
  label: string
  count: number
  tasks: number
  atoms: number
  maxConfidence: number
  firstAt: string
}

type ProposalGroupRow = {
  key: string
  label: string
  count: number
  tasks: number
  atoms: number
  max_confidence: number | string | null
  first_at: string | Date
}

/** Labels conversation groups with their conversation's title, which the messages module reads. */
async function withConversationTitles(ctx: ServiceContext, rows: ProposalGroupRow[]): Promise<ProposalGroupRow[]> {
  const titles = await conversationTitles(
    ctx,
    rows.map((r) => r.key).filter((key) => key !== 'none'),
  )
  return rows.map((r) => ({ ...r, label: titles.get(r.key) ?? r.label }))
}

/**
 * Proposals counted per run or per conversation (largest groups first), with the selection's total: the inbox's
 * "N pending" header and its group headers, computed by the database rather than from a loaded page.
 */
export async function listProposalGroups(
  ctx: ServiceContext,
  input: ProposalGroupsInput,
): Promise<{ total: number; groups: ProposalGroup[] }> {
  const { where, params } = selectionWhere(ctx, input)
  const total = await ctx.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM task_proposals WHERE ${where}`, params)
  params.push(input.limit)
  const rows =
    input.by === 'run'
      ? await ctx.database.query<ProposalGroupRow>(
          `SELECT p.run_id::text AS key, 'Run of ' || to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC' AS label,
             count(*)::int AS count, count(*) FILTER (WHERE p.kind = 'task')::int AS tasks, count(*) FILTER (WHERE p.kind = 'atom')::int AS atoms,
             max(p.confidence) AS max_confidence, min(p.created_at) AS first_at
           FROM (SELECT * FROM task_proposals WHERE ${where}) p JOIN analysis_runs r ON r.id = p.run_id
           GROUP BY p.run_id, r.created_at ORDER BY count(*) DESC, min(p.created_at) LIMIT $${params.length}`,
          params,
        )
      : await withConversationTitles(
          ctx,
          await ctx.database.query<ProposalGroupRow>(
            `SELECT coalesce(p.conversation_id::text, 'none') AS key, 'Unknown conversation' AS label,
               count(*)::int AS count, count(*) FILTER (WHERE p.kind = 'task')::int AS tasks, count(*) FILTER (WHERE p.kind = 'atom')::int AS atoms,
               max(p.confidence) AS max_confidence, min(p.created_at) AS first_at
             FROM (SELECT * FROM task_proposals WHERE ${where}) p
             GROUP BY p.conversation_id ORDER BY count(*) DESC, min(p.created_at) LIMIT $${params.length}`,
            params,
          ),
        )
  return {
    total: total[0].n,
    groups: rows.map((r) => ({
      key: r.key,
      label: r.label,
      count: r.count,
      tasks: r.tasks,
      atoms: r.atoms,
      maxConfidence: Number(Number(r.max_confidence).toFixed(3)),
      firstAt: iso(r.first_at)!,
    })),
  }
}

/** A full id from a prefix the CLI printed; an ambiguous or unknown prefix is an error naming it. */
export async function resolveProposalId(ctx: ServiceContext, idOrPrefix: string): Promise<string> {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrPrefix)) return idOrPrefix.toLowerCase()
  if (!/^[0-9a-f-]{4,36}$/i.test(idOrPrefix))
    throw new ValidationError(`${idOrPrefix}: not a proposal id or id prefix`, [{ path: 'id', message: 'at least 4 hex digits' }])
  const { where, params } = selectionWhere(ctx, { idPrefix: idOrPrefix })
  const rows = await ctx.database.query<{ id: string }>(`SELECT id FROM task_proposals WHERE ${where} ORDER BY id LIMIT 3`, params)
  if (rows.length === 0) throw new NotFoundError('Proposal')
  if (rows.length > 1) {
    throw new ValidationError(
      `${idOrPrefix} matches several proposals (${rows.map((r) => r.id.slice(0, 12)).join(', ')}…): give more characters`,
      [{ path: 'id', message: 'ambiguous prefix' }],
    )
  }
  return rows[0].id
}

export async function getProposal(ctx: ServiceContext, id: string): Promise<ProposalView> {
  const rows = await ctx.database.query<ProposalRow>(`SELECT * FROM task_proposals WHERE id = $1 AND workspace_id = $2`, [
    id,
    ctx.workspaceId,
  ])
  if (!rows[0]) throw new NotFoundError('Proposal')
  return toProposalView(rows[0])
}

/**
 * Recounts a run's proposal counters from its proposals; a completed run with none pending becomes reviewed and
 * gets its accuracy metrics (approval and edit rates, and how well confidence predicted acceptance).
 */
export async function refreshRunReviewState(q: Queryable, runId: string): Promise<void> {
  await q.query(
    `UPDATE analysis_runs r SET
       proposals_total = c.total, proposals_approved = c.approved, proposals_rejected = c.rejected,
       proposals_merged = c.merged, proposals_pending = c.pending
     FROM (SELECT count(*)::int AS total,
                  count(*) FILTER (WHERE status = 'approved')::int AS approved,
                  count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
                  count(*) FILTER (WHERE status = 'merged')::int AS merged,
                  count(*) FILTER (WHERE status = 'pending')::int AS pending
           FROM task_proposals WHERE run_id = $1) c
     WHERE r.id = $1`,
    [runId],
  )
  const reviewed = await q.query<{ id: string }>(
    `UPDATE analysis_runs SET status = 'reviewed' WHERE id = $1 AND status = 'completed' AND proposals_pending = 0 AND proposals_total > 0 RETURNING id`,
    [runId],
  )
  const run = (
    await q.query<{ proposals_pending: number; status: string }>(`SELECT proposals_pending, status FROM analysis_runs WHERE id = $1`, [
      runId,
    ])
  )[0]
  if (reviewed[0] || (run && run.proposals_pending === 0 && ['reviewed', 'closed'].includes(run.status))) {
    const proposals = await q.query<{ status: string; confidence: number; edited_fields: string[] }>(
      `SELECT status, confidence, edited_fields FROM task_proposals WHERE run_id = $1 AND status NOT IN ('pending', 'held')`,
      [runId],
    )
    await q.query(`UPDATE analysis_runs SET accuracy_metrics = $2 WHERE id = $1`, [runId, JSON.stringify(accuracyMetrics(proposals))])
  }
}

/** Accepted = approved or merged. Calibration: acceptance rate per confidence bin, and the Brier score. */
export function accuracyMetrics(proposals: Array<{ status: string; confidence: number; edited_fields: string[] }>) {
  const reviewed = proposals.length
  const accepted = proposals.filter((p) => p.status === 'approved' || p.status === 'merged')
  const approved = proposals.filter((p) => p.status === 'approved')
  const edited = approved.filter((p) => (p.edited_fields ?? []).length > 0)
  const mean = (xs: number[]) => (xs.length ? Number((xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3)) : null)
  const bins = [
    [0, 0.5],
    [0.5, 0.7],
    [0.7, 0.85],
    [0.85, 1.0001],
  ].map(([lo, hi]) => {
    const inBin = proposals.filter((p) => p.confidence >= lo && p.confidence < hi)
    const ok = inBin.filter((p) => p.status === 'approved' || p.status === 'merged').length
    return {
      range: `${lo}-${Math.min(hi, 1)}`,
      count: inBin.length,
      acceptanceRate: inBin.length ? Number((ok / inBin.length).toFixed(3)) : null,
    }
  })
  const isAccepted = (p: { status: string }) => (p.status === 'approved' || p.status === 'merged' ? 1 : 0)
  return {
    reviewed,
    approvalRate: reviewed ? Number((accepted.length / reviewed).toFixed(3)) : null,
    rejectionRate: reviewed ? Number(((reviewed - accepted.length) / reviewed).toFixed(3)) : null,
    mergeRate: reviewed ? Number((proposals.filter((p) => p.status === 'merged').length / reviewed).toFixed(3)) : null,
    editRate: approved.length ? Number((edited.length / approved.length).toFixed(3)) : null,
    meanConfidenceAccepted: mean(accepted.map((p) => p.confidence)),
    meanConfidenceRejected: mean(proposals.filter((p) => !isAccepted(p)).map((p) => p.confidence)),
    brierScore: mean(proposals.map((p) => (p.confidence - isAccepted(p)) ** 2)),
    calibration: bins,
  }
}
