// Every import is one job_runs row (kind 'import'): its parameters, status, progress and counters, and the
// first errors, so the CLI, the API and the web UI all read the same record.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import { importKinds, type ImportKind } from './import-types.js'

export const importJobKind = 'import'
/** Enough to show what went wrong without letting a broken 100k-line file bloat the row. */
export const maxLoggedErrors = 500

export type ImportRunParams = { kind: ImportKind; path: string; fileName: string; uploaded?: boolean }
export type ImportCounters = {
  fetched: number
  created: number
  /** Of `created`, service events (joins, pins ...): a summary says "2,996 messages and 402 service events". */
  createdServiceEvents: number
  updated: number
  skipped: number
  failed: number
  bytesRead: number
  bytesTotal: number
}
export const importRunViewSchema = z.object({
  id: z.string(),
  kind: z.enum(importKinds),
  fileName: z.string(),
  status: z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']),
  progress: z.object({ bytesRead: z.number(), bytesTotal: z.number().nullable() }),
  counts: z.object({
    fetched: z.number(),
    created: z.number(),
    createdServiceEvents: z.number(),
    updated: z.number(),
    skipped: z.number(),
    failed: z.number(),
  }),
  errors: z.array(z.record(z.string(), z.unknown())),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
})
export type ImportRunView = z.infer<typeof importRunViewSchema>

export async function createImportRun(
  ctx: ServiceContext,
  params: ImportRunParams,
  status: 'queued' | 'running',
): Promise<string> {
  const rows = await ctx.database.query<{ id: string }>(
    `INSERT INTO job_runs (workspace_id, kind, status, trigger, params, started_at, heartbeat_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, CASE WHEN $3 = 'running' THEN now() END, CASE WHEN $3 = 'running' THEN now() END)
     RETURNING id`,
    [ctx.workspaceId, importJobKind, status, ctx.actor.kind === 'system' ? 'cli' : 'manual', JSON.stringify(params)],
  )
  return rows[0].id
}

/** What earlier attempts of a run (a retry after a crash) had counted; all zero for a first attempt. */
export type EarlierAttempts = Pick<ImportCounters, 'created' | 'createdServiceEvents' | 'updated' | 'skipped'>

/** Starts (or restarts) a queued run. A restart re-reads the whole file, so its error log starts afresh (the
 * "interrupted" note included) while the counters of what earlier attempts stored are returned to be kept. */
export async function markImportRunning(ctx: ServiceContext, id: string): Promise<EarlierAttempts> {
  const rows = await ctx.database.query<{ stored: number; updated: number; skipped: number; service: number }>(
    `UPDATE job_runs SET status = 'running', started_at = coalesce(started_at, now()), heartbeat_at = now(), finished_at = NULL,
       error_log = '[]'::jsonb
     WHERE id = $1 AND workspace_id = $2
     RETURNING stored, updated, skipped, coalesce((params->>'createdServiceEvents')::int, 0) AS service`,
    [id, ctx.workspaceId],
  )
  const row = rows[0]
  return { created: row?.stored ?? 0, createdServiceEvents: row?.service ?? 0, updated: row?.updated ?? 0, skipped: row?.skipped ?? 0 }
}

/**
 * The run's counters across attempts. A retry meets again, as "skipped", everything earlier attempts stored or
 * skipped; those are not counted twice (a run that created 50,000 before a crash once ended "created 0,
 * skipped 50,000", issue 18 item 11).
 */
export function countersAcrossAttempts(earlier: EarlierAttempts, attempt: ImportCounters): ImportCounters {
  const seenBefore = earlier.created + earlier.updated + earlier.skipped
  return {
    ...attempt,
    created: earlier.created + attempt.created,
    createdServiceEvents: earlier.createdServiceEvents + attempt.createdServiceEvents,
    updated: earlier.updated + attempt.updated,
    skipped: earlier.skipped + Math.max(0, attempt.skipped - seenBefore),
  }
}

/** Counters are absolute (the importer keeps the totals), so a retried update cannot double count. */
export async function recordImportProgress(
  ctx: ServiceContext,
  id: string,
  counters: ImportCounters,
  newErrors: Array<Record<string, unknown>>,
  finalStatus?: 'completed' | 'failed',
) {
  await ctx.database.query(
    `UPDATE job_runs SET fetched = $3, stored = $4, updated = $5, skipped = $6, errors = $7,
       progress_done = $8, progress_total = $9, heartbeat_at = now(),
       error_log = CASE WHEN jsonb_array_length(error_log) >= $10 THEN error_log
                        ELSE error_log || $11::jsonb END,
       status = coalesce($12, status), finished_at = CASE WHEN $12 IS NULL THEN finished_at ELSE now() END,
       -- job_runs has no import-specific columns: this one outcome detail is kept beside the run's parameters.
       params = params || jsonb_build_object('createdServiceEvents', $13::int)
     WHERE id = $1 AND workspace_id = $2`,
    [
      id,
      ctx.workspaceId,
      counters.fetched,
      counters.created,
      counters.updated,
      counters.skipped,
      counters.failed,
      counters.bytesRead,
      counters.bytesTotal,
      maxLoggedErrors,
      JSON.stringify(newErrors.slice(0, maxLoggedErrors)),
      finalStatus ?? null,
      counters.createdServiceEvents,
    ],
  )
}

/** Imports running in this process; any other 'running' import of an embedded database has lost its process. */
export const importsInThisProcess = new Set<string>()

/** No progress for this long on a PostgreSQL server (several processes) means the process running it died. */
export const abandonedAfterMinutes = 10

export const interruptedMessage =
  'interrupted: the process running this import stopped before it finished; run the import again (it skips what was stored)'

/**
 * Closes import runs left 'running' by a process that was killed: they become 'failed' with an "interrupted" error
 * instead of looking busy forever. On the embedded database the data dir lock makes this process the only one, so
 * every running import not in this process is abandoned; on a server, those without progress for 10 minutes.
 */
export async function closeAbandonedImportRuns(database: ServiceContext['database']): Promise<string[]> {
  const rows = await database.query<{ id: string }>(
    `UPDATE job_runs SET status = 'failed', finished_at = now(),
       error_log = error_log || jsonb_build_array(jsonb_build_object('message', $4::text))
     WHERE kind = $1 AND status = 'running' AND NOT (id = ANY($2::uuid[]))
       AND ($3::boolean OR coalesce(heartbeat_at, started_at, created_at) < now() - make_interval(mins => $5))
     RETURNING id`,
    [importJobKind, [...importsInThisProcess], database.kind === 'pglite', interruptedMessage, abandonedAfterMinutes],
  )
  return rows.map((r) => r.id)
}

type JobRunRow = {
  id: string
  status: ImportRunView['status']
  params: ImportRunParams & { createdServiceEvents?: number }
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

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString())

function toView(row: JobRunRow): ImportRunView {
  return {
    id: row.id,
    kind: row.params.kind,
    fileName: row.params.fileName,
    status: row.status,
    progress: { bytesRead: row.progress_done, bytesTotal: row.progress_total },
    counts: {
      fetched: row.fetched,
      created: row.stored,
      createdServiceEvents: row.params.createdServiceEvents ?? 0,
      updated: row.updated,
      skipped: row.skipped,
      failed: row.errors,
    },
    errors: row.error_log,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  }
}

const columns = `id, status, params, progress_done, progress_total, fetched, stored, updated, skipped, errors, error_log,
  created_at, started_at, finished_at`

export async function getImportRun(ctx: ServiceContext, id: string): Promise<ImportRunView> {
  const rows = await ctx.database.query<JobRunRow>(
    `SELECT ${columns} FROM job_runs WHERE id = $1 AND workspace_id = $2 AND kind = $3`,
    [id, ctx.workspaceId, importJobKind],
  )
  if (!rows[0]) throw new NotFoundError('Import')
  return toView(rows[0])
}

export async function listImportRuns(ctx: ServiceContext, input: { limit: number }): Promise<{ items: ImportRunView[] }> {
  const rows = await ctx.database.query<JobRunRow>(
    `SELECT ${columns} FROM job_runs WHERE workspace_id = $1 AND kind = $2 ORDER BY created_at DESC, id DESC LIMIT $3`,
    [ctx.workspaceId, importJobKind, input.limit],
  )
  return { items: rows.map(toView) }
}
