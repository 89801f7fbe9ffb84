// job_runs bookkeeping, the one writer and reader of the table: one audited row per batch of background work
// (imports, pipeline batches, syncs) with its parameters, status, progress, counters and first errors. Modules
// describe their runs through these functions; what a kind's counters mean stays with the module.
import type { Database } from '../db/client.js'
import type { ServiceContext } from '../lib/context.js'
import type { JobRunStatus } from './schema.js'

export type JobRunCounters = { fetched?: number; stored?: number; updated?: number; skipped?: number; errors?: number }

/** A job_runs row as raw SQL returns it (timestamps as the driver parses them). */
export type JobRunRow = {
  id: string
  kind: string
  status: JobRunStatus
  trigger: string
  params: Record<string, unknown>
  progress_done: number
  progress_total: number | null
  fetched: number
  stored: number
  updated: number
  skipped: number
  errors: number
  error_log: Array<Record<string, unknown>>
  created_at: Date | string
  started_at: Date | string | null
  finished_at: Date | string | null
}

const rowColumns = `id, kind, status, trigger, params, progress_done, progress_total, fetched, stored, updated, skipped,
  errors, error_log, created_at, started_at, finished_at`

type WorkspaceContext = Pick<ServiceContext, 'database' | 'workspaceId'>

/** Creates a run; a 'running' one starts its clock and heartbeat at once. */
export async function startJobRun(
  ctx: WorkspaceContext,
  input: { kind: string; trigger: string; params: Record<string, unknown>; status?: 'queued' | 'running' },
): Promise<string> {
  const [row] = await ctx.database.query<{ id: string }>(
    `INSERT INTO job_runs (workspace_id, kind, status, trigger, params, started_at, heartbeat_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, CASE WHEN $3 = 'running' THEN now() END, CASE WHEN $3 = 'running' THEN now() END)
     RETURNING id`,
    [ctx.workspaceId, input.kind, input.status ?? 'running', input.trigger, JSON.stringify(input.params)],
  )
  return row.id
}

/** Closes a run whose counters are known only at the end. */
export async function finishJobRun(
  ctx: WorkspaceContext,
  id: string,
  input: { status: JobRunStatus; counters: JobRunCounters; errorLog?: Array<Record<string, unknown>> },
): Promise<void> {
  const c = input.counters
  await ctx.database.query(
    `UPDATE job_runs SET status = $3, fetched = $4, stored = $5, updated = $6, skipped = $7, errors = $8,
       error_log = $9::jsonb, progress_done = $4, progress_total = $4, finished_at = now()
     WHERE id = $1 AND workspace_id = $2`,
    [
      id,
      ctx.workspaceId,
      input.status,
      c.fetched ?? 0,
      c.stored ?? 0,
      c.updated ?? 0,
      c.skipped ?? 0,
      c.errors ?? 0,
      JSON.stringify(input.errorLog ?? []),
    ],
  )
}

/** (Re)starts a queued run: its error log starts afresh; the row as it was left by earlier attempts is returned. */
export async function markJobRunRunning(ctx: WorkspaceContext, id: string): Promise<JobRunRow | undefined> {
  const [row] = await ctx.database.query<JobRunRow>(
    `UPDATE job_runs SET status = 'running', started_at = coalesce(started_at, now()), heartbeat_at = now(), finished_at = NULL,
       error_log = '[]'::jsonb
     WHERE id = $1 AND workspace_id = $2
     RETURNING ${rowColumns}`,
    [id, ctx.workspaceId],
  )
  return row
}

/**
 * Progress of a running run. Counters are absolute (the caller keeps the totals), so a retried update cannot
 * double count; `newErrors` are appended while the log holds fewer than `maxLoggedErrors`; `params` are merged into
 * the run's parameters; a `finalStatus` closes the run.
 */
export async function recordJobRunProgress(
  ctx: WorkspaceContext,
  id: string,
  input: {
    counters: Required<JobRunCounters>
    progress: { done: number; total: number | null }
    newErrors: Array<Record<string, unknown>>
    maxLoggedErrors: number
    params?: Record<string, unknown>
    finalStatus?: 'completed' | 'failed'
  },
): Promise<void> {
  const c = input.counters
  await ctx.database.query(
    `UPDATE job_runs SET fetched = $3, stored = $4, updated = $5, skipped = $6, errors = $7,
       progress_done = $8, progress_total = $9, heartbeat_at = now(),
       error_log = CASE WHEN jsonb_array_length(error_log) >= $10 THEN error_log
                        ELSE error_log || $11::jsonb END,
       status = coalesce($12, status), finished_at = CASE WHEN $12 IS NULL THEN finished_at ELSE now() END,
       params = params || $13::jsonb
     WHERE id = $1 AND workspace_id = $2`,
    [
      id,
      ctx.workspaceId,
      c.fetched,
      c.stored,
      c.updated,
      c.skipped,
      c.errors,
      input.progress.done,
      input.progress.total,
      input.maxLoggedErrors,
      JSON.stringify(input.newErrors.slice(0, input.maxLoggedErrors)),
      input.finalStatus ?? null,
      JSON.stringify(input.params ?? {}),
    ],
  )
}

/**
 * Fails the runs of `kind` left 'running' by a process that died, with `message` in their error log, except those in
 * `runningHere`: all others when `allOthers` (an embedded database has one process), else those without a
 * heartbeat for `staleAfterMinutes`. Every workspace's runs: this is start-up housekeeping.
 */
export async function closeAbandonedJobRuns(
  database: Database,
  input: { kind: string; runningHere: string[]; allOthers: boolean; staleAfterMinutes: number; message: string },
): Promise<string[]> {
  const rows = await database.query<{ id: string }>(
    `UPDATE job_runs SET status = 'failed', finished_at = now(),
       error_log = error_log || jsonb_build_array(jsonb_build_object('message', $4::text))
     WHERE kind = $1 AND status = 'running' AND NOT (id = ANY($2::uuid[]))
       AND ($3::boolean OR coalesce(heartbeat_at, started_at, created_at) < now() - make_interval(mins => $5))
     RETURNING id`,
    [input.kind, input.runningHere, input.allOthers, input.message, input.staleAfterMinutes],
  )
  return rows.map((r) => r.id)
}

/** One run of the caller's workspace (of `kind` when given). */
export async function getJobRun(ctx: WorkspaceContext, id: string, kind?: string): Promise<JobRunRow | undefined> {
  const [row] = await ctx.database.query<JobRunRow>(
    `SELECT ${rowColumns} FROM job_runs WHERE id = $1 AND workspace_id = $2 AND ($3::text IS NULL OR kind = $3)`,
    [id, ctx.workspaceId, kind ?? null],
  )
  return row
}

/** The caller's runs, newest first, of `kind` when given, after the keyset cursor `before` when given. */
export async function listJobRunRows(
  ctx: WorkspaceContext,
  input: { kind?: string; limit: number; before?: { createdAt: string; id: string } },
): Promise<JobRunRow[]> {
  return ctx.database.query<JobRunRow>(
    `SELECT ${rowColumns} FROM job_runs WHERE workspace_id = $1 AND ($2::text IS NULL OR kind = $2)
       AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $5`,
    [ctx.workspaceId, input.kind ?? null, input.before?.createdAt ?? null, input.before?.id ?? null, input.limit],
  )
}

/** Parameters of the queued and running runs of `kind` in every workspace (housekeeping across workspaces). */
export async function listActiveJobRunParams(database: Database, kind: string): Promise<Array<Record<string, unknown>>> {
  const rows = await database.query<{ params: Record<string, unknown> }>(
    `SELECT params FROM job_runs WHERE kind = $1 AND status IN ('queued', 'running')`,
    [kind],
  )
  return rows.map((r) => r.params)
}
