// Task proposals that come from outside an analysis run's batches: email triage's action items (seed 002
// pending_email_tasks). task_proposals rows need a run, so each workspace has one open run per origin (labelled in
// its config snapshot) that collects them; it is reviewed in the same inbox, API, CLI and Telegram prompts as any
// run's proposals, and approving one creates the task through the same review path. A proposal already made for the
// same source messages and title (in any status) is never made again, so re-triage repeats nothing.
import type { ServiceContext } from '../../lib/context.js'
import { inTransaction, type Queryable } from '../../db/transaction.js'
import { refreshRunReviewState } from './proposals.js'

export type SourcedTaskItem = {
  title: string
  description: string
  /** ISO date or timestamp; null when the source named no date. */
  dueDate: string | null
  confidence: number
  reasoning: string
  /** Who should do it, as the source names them (a meeting's speaker); null or absent when unknown. */
  assigneeName?: string | null
}

export type ProposeTasksInput = {
  /** What produced the items; names the run that collects them (config_snapshot.origin), e.g. 'email-triage'. */
  origin: string
  sourceMessageIds: string[]
  conversationId: string | null
  sourceId: string | null
  /** When the source was written: the run's window is widened to include it. */
  sentAt: Date
  items: SourcedTaskItem[]
}

export type ProposedTask = { title: string; proposalId: string; created: boolean }

/** The origin's open run (not closed), created when there is none; its window grows to cover `sentAt`. */
export async function originRun(q: Queryable, ctx: ServiceContext, origin: string, sentAt: Date): Promise<string> {
  const [open] = await q.query<{ id: string }>(
    `UPDATE analysis_runs SET time_window_start = least(time_window_start, $3), time_window_end = greatest(time_window_end, $3),
       status = 'completed', heartbeat_at = now()
     WHERE id = (SELECT id FROM analysis_runs WHERE workspace_id = $1 AND config_snapshot->>'origin' = $2
                   AND status IN ('completed', 'reviewed') ORDER BY created_at DESC LIMIT 1)
     RETURNING id`,
    [ctx.workspaceId, origin, sentAt],
  )
  if (open) return open.id
  // Created completed: no worker executes it (there is no window to analyse), it only holds proposals.
  const [created] = await q.query<{ id: string }>(
    `INSERT INTO analysis_runs (workspace_id, status, trigger_type, triggered_by, time_window_start, time_window_end, config_snapshot,
       started_at, completed_at)
     VALUES ($1, 'completed', 'api', $2, $3, $3, $4, now(), now()) RETURNING id`,
    [ctx.workspaceId, origin, sentAt, JSON.stringify({ origin, extractAtoms: false })],
  )
  return created.id
}

/** Adds the items as pending task proposals of the origin's run, skipping any already proposed for these messages. */
export async function proposeTasksFromSource(ctx: ServiceContext, input: ProposeTasksInput): Promise<ProposedTask[]> {
  const items = input.items.filter((item) => item.title.trim())
  if (items.length === 0 || input.sourceMessageIds.length === 0) return []
  return inTransaction(ctx, async (q) => {
    // Two workers triaging mail of one workspace at once must not open two runs or insert one item twice.
    await q.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`proposals:${ctx.workspaceId}:${input.origin}`])
    const existing = await q.query<{ id: string; title: string }>(
      `SELECT id, title FROM task_proposals WHERE workspace_id = $1 AND kind = 'task' AND source_message_ids @> $2::jsonb
         AND source_message_ids <@ $2::jsonb`,
      [ctx.workspaceId, JSON.stringify(input.sourceMessageIds)],
    )
    const byTitle = new Map(existing.map((row) => [row.title.trim().toLowerCase(), row.id]))
    const result: ProposedTask[] = []
    let runId: string | null = null
    for (const item of items) {
      const title = item.title.trim().slice(0, 500)
      const known = byTitle.get(title.toLowerCase())
      if (known) {
        result.push({ title, proposalId: known, created: false })
        continue
      }
      runId ??= await originRun(q, ctx, input.origin, input.sentAt)
      const [row] = await q.query<{ id: string }>(
        `INSERT INTO task_proposals (workspace_id, run_id, kind, title, description, due_date, source_message_ids, message_count,
           confidence, reasoning, conversation_id, source_id, assignee_name)
         VALUES ($1, $2, 'task', $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          ctx.workspaceId,
          runId,
          title,
          item.description,
          item.dueDate,
          JSON.stringify(input.sourceMessageIds),
          input.sourceMessageIds.length,
          Math.max(0, Math.min(1, item.confidence)),
          item.reasoning,
          input.conversationId,
          input.sourceId,
          item.assigneeName ?? null,
        ],
      )
      byTitle.set(title.toLowerCase(), row.id)
      result.push({ title, proposalId: row.id, created: true })
    }
    if (runId) await refreshRunReviewState(q, runId)
    return result
  })
}

/** The review status of these proposals of the workspace (missing ones left out). */
export async function proposalStatusesByIds(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  proposalIds: string[],
): Promise<Map<string, { status: string; reviewedAt: Date | null; createdTaskId: string | null }>> {
  if (proposalIds.length === 0) return new Map()
  const rows = await ctx.database.query<{ id: string; status: string; reviewed_at: Date | null; created_task_id: string | null }>(
    `SELECT id, status, reviewed_at, created_task_id FROM task_proposals WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
    [ctx.workspaceId, proposalIds],
  )
  return new Map(
    rows.map((r) => [r.id, { status: r.status, reviewedAt: r.reviewed_at && new Date(r.reviewed_at), createdTaskId: r.created_task_id }]),
  )
}
