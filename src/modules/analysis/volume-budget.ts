// A run's volume budget. A person reviews what fits in their day: by default a run surfaces at most one proposal
// per 25 analysed messages, the most confident first. The rest are held, not dropped: they stay reviewable under
// the "held" status (inbox filter, `signalbox review --status held`) and are not counted as waiting.
import type { Queryable } from '../../db/transaction.js'
import { refreshRunReviewState } from './proposals.js'

export const defaultProposalsPer25Messages = 1

/** How many proposals a run over this many analysed messages surfaces; null = no budget. */
export function volumeBudget(analysedMessages: number, proposalsPer25Messages: number | null): number | null {
  if (proposalsPer25Messages === null) return null
  // Rounded down (at least one), so a run never exceeds the rate it was given.
  return Math.max(1, Math.floor((analysedMessages * proposalsPer25Messages) / 25))
}

/**
 * Ranks the run's unreviewed proposals by confidence and holds those past the budget (or releases held ones when
 * the budget allows them). Idempotent: a resumed run that completes again ends in the same state. Returns how
 * many are held.
 */
export async function applyVolumeBudget(
  q: Queryable,
  input: { workspaceId: string; runId: string; proposalsPer25Messages: number | null },
): Promise<number> {
  // The first attempt's prefilter count: a resumed attempt only sees the messages not analysed yet.
  const [run] = await q.query<{ analysed: number }>(`SELECT messages_after_prefilter AS analysed FROM analysis_runs WHERE id = $1`, [
    input.runId,
  ])
  const budget = volumeBudget(run?.analysed ?? 0, input.proposalsPer25Messages)
  const rows = await q.query<{ held: number }>(
    `WITH ranked AS (
       SELECT id, row_number() OVER (ORDER BY confidence DESC, created_at, batch_index, id) AS rank
       FROM task_proposals WHERE run_id = $1 AND workspace_id = $2 AND status IN ('pending', 'held')
     ), changed AS (
       UPDATE task_proposals p
          SET status = (CASE WHEN $3::int IS NULL OR r.rank <= $3::int THEN 'pending' ELSE 'held' END)::proposal_status
         FROM ranked r
        WHERE p.id = r.id AND p.status <> (CASE WHEN $3::int IS NULL OR r.rank <= $3::int THEN 'pending' ELSE 'held' END)::proposal_status
       RETURNING p.id
     )
     SELECT count(*) FILTER (WHERE $3::int IS NOT NULL AND rank > $3::int)::int AS held FROM ranked`,
    [input.runId, input.workspaceId, budget],
  )
  const held = rows[0]?.held ?? 0
  await q.query(
    `UPDATE analysis_runs SET suppression_report = suppression_report || jsonb_build_object('heldOverBudget', $2::int, 'budget', $3::int)
     WHERE id = $1`,
    [input.runId, held, budget],
  )
  await refreshRunReviewState(q, input.runId)
  return held
}
