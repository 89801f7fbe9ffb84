// Crash recovery: a run left in `running` whose heartbeat stopped (its worker died) is handed back to the
// queue to resume where its last committed batch ended, or marked failed after too many attempts.
import type { WorkerDeps } from '../../jobs/types.js'
import { runAnalysisJobName } from './runs.js'
import { staleAfterSeconds } from './execute-run.js'

export const recoverStaleRunsJobName = 'analysis.recover-stale'
export const maxRunAttempts = 3

export type RecoveryResult = { resumed: string[]; failed: string[]; cancelled: string[] }

export async function recoverStaleRuns(
  deps: Pick<WorkerDeps, 'database'> & { queue?: WorkerDeps['queue'] },
  options: { staleAfterSeconds?: number; maxAttempts?: number } = {},
): Promise<RecoveryResult> {
  const stale = options.staleAfterSeconds ?? staleAfterSeconds
  const maxAttempts = options.maxAttempts ?? maxRunAttempts
  // A cancel that its dead worker never got to act on is honoured here.
  const cancelled = await deps.database.query<{ id: string }>(
    `UPDATE analysis_runs SET status = 'cancelled', completed_at = now()
     WHERE status = 'running' AND cancel_requested_at IS NOT NULL
       AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $1))
     RETURNING id`,
    [stale],
  )
  const failed = await deps.database.query<{ id: string }>(
    `UPDATE analysis_runs SET status = 'failed', completed_at = now(),
       error_log = error_log || jsonb_build_array(jsonb_build_object('at', now(), 'kind', 'worker_lost',
         'message', 'The worker running this run stopped (no heartbeat for ' || $1 || ' s); gave up after ' || attempts || ' attempts'))
     WHERE status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $1)) AND attempts >= $2
     RETURNING id`,
    [stale, maxAttempts],
  )
  // Back to pending (not left in running) so the state says what is true: nobody works on it until a worker claims it.
  const resumed = await deps.database.query<{ id: string; workspace_id: string }>(
    `UPDATE analysis_runs SET status = 'pending',
       error_log = error_log || jsonb_build_array(jsonb_build_object('at', now(), 'kind', 'worker_lost',
         'message', 'The worker running this run stopped; resuming from the last committed batch'))
     WHERE status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $1)) AND attempts < $2
     RETURNING id, workspace_id`,
    [stale, maxAttempts],
  )
  for (const run of resumed) {
    await deps.queue?.send(runAnalysisJobName, { workspaceId: run.workspace_id, runId: run.id })
  }
  return { resumed: resumed.map((r) => r.id), failed: failed.map((r) => r.id), cancelled: cancelled.map((r) => r.id) }
}
