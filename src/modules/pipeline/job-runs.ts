// job_runs bookkeeping for the pipeline's batch jobs: one audited row per batch, with counters and errors.
import type { ServiceContext } from '../../lib/context.js'
import type { JobRunStatus } from '../../jobs/schema.js'

export type JobRunCounters = { fetched?: number; stored?: number; updated?: number; skipped?: number; errors?: number }

export async function startJobRun(
  ctx: ServiceContext,
  input: { kind: string; trigger: string; params: Record<string, unknown> },
): Promise<string> {
  const [row] = await ctx.database.query<{ id: string }>(
    `INSERT INTO job_runs (workspace_id, kind, status, trigger, params, started_at)
     VALUES ($1, $2, 'running', $3, $4::jsonb, now()) RETURNING id`,
    [ctx.workspaceId, input.kind, input.trigger, JSON.stringify(input.params)],
  )
  return row.id
}

export async function finishJobRun(
  ctx: ServiceContext,
  id: string,
  input: { status: JobRunStatus; counters: JobRunCounters; errorLog?: Array<Record<string, unknown>> },
): Promise<void> {
  const c = input.counters
  await ctx.database.query(
    `UPDATE job_runs SET status = $3, fetched = $4, stored = $5, updated = $6, skipped = $7, errors = $8,
       error_log = $9::jsonb, progress_done = $4, progress_total = $4, finished_at = now()
     WHERE id = $1 AND workspace_id = $2`,
    [id, ctx.workspaceId, input.status, c.fetched ?? 0, c.stored ?? 0, c.updated ?? 0, c.skipped ?? 0, c.errors ?? 0,
      JSON.stringify(input.errorLog ?? [])],
  )
}
