// Every import is one job_runs row (kind 'import'): its parameters, status, progress and counters, and the
// first errors, so the CLI, the API and the web UI all read the same record.
import { z } from 'zod'
import type { DatabaseContext, ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import {
  closeAbandonedJobRuns,
  getJobRun,
  listActiveJobRunParams,
  listJobRunRows,
  markJobRunRunning,
  recordJobRunProgress,
  startJobRun,
  type JobRunRow,
} from '../../jobs/job-runs.js'
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

export async function createImportRun(ctx: ServiceContext, params: ImportRunParams, status: 'queued' | 'running'): Promise<string> {
  return startJobRun(ctx, { kind: importJobKind, status, trigger: ctx.actor.kind === 'system' ? 'cli' : 'manual', params })
}

/** What earlier attempts of a run (a retry after a crash) had counted; all zero for a first attempt. */
export type EarlierAttempts = Pick<ImportCounters, 'created' | 'createdServiceEvents' | 'updated' | 'skipped'>

/** Starts (or restarts) a queued run. A restart re-reads the whole file, so its error log starts afresh (the
 * "interrupted" note included) while the counters of what earlier attempts stored are returned to be kept. */
export async function markImportRunning(ctx: ServiceContext, id: string): Promise<EarlierAttempts> {
  const row = await markJobRunRunning(ctx, id)
  const service = Number((row?.params as ImportRunRecord['params'] | undefined)?.createdServiceEvents ?? 0)
  return { created: row?.stored ?? 0, createdServiceEvents: service, updated: row?.updated ?? 0, skipped: row?.skipped ?? 0 }
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
  await recordJobRunProgress(ctx, id, {
    counters: {
      fetched: counters.fetched,
      stored: counters.created,
      updated: counters.updated,
      skipped: counters.skipped,
      errors: counters.failed,
    },
    progress: { done: counters.bytesRead, total: counters.bytesTotal },
    newErrors,
    maxLoggedErrors,
    // job_runs has no import-specific columns: this one outcome detail is kept beside the run's parameters.
    params: { createdServiceEvents: counters.createdServiceEvents },
    finalStatus,
  })
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
export async function closeAbandonedImportRuns(ctx: DatabaseContext): Promise<string[]> {
  return closeAbandonedJobRuns(ctx.database, {
    kind: importJobKind,
    runningHere: [...importsInThisProcess],
    allOthers: ctx.database.kind === 'pglite',
    staleAfterMinutes: abandonedAfterMinutes,
    message: interruptedMessage,
  })
}

/** An import's row: its parameters name the file and keep the service-event count. */
type ImportRunRecord = JobRunRow & { params: ImportRunParams & { createdServiceEvents?: number } }

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString())

function toView(row: ImportRunRecord): ImportRunView {
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

export async function getImportRun(ctx: ServiceContext, id: string): Promise<ImportRunView> {
  const row = await getJobRun(ctx, id, importJobKind)
  if (!row) throw new NotFoundError('Import')
  return toView(row as ImportRunRecord)
}

/** A run's status and parameters, of any kind (the import job reads its own queued row). */
export async function getImportRunParams(
  ctx: ServiceContext,
  id: string,
): Promise<{ status: string; params: ImportRunParams } | undefined> {
  const row = await getJobRun(ctx, id)
  return row && { status: row.status, params: (row as ImportRunRecord).params }
}

export async function listImportRuns(ctx: ServiceContext, input: { limit: number }): Promise<{ items: ImportRunView[] }> {
  const rows = await listJobRunRows(ctx, { kind: importJobKind, limit: input.limit })
  return { items: rows.map((row) => toView(row as ImportRunRecord)) }
}

/** Parameters of the queued and running imports of every workspace (the imports folder serves them all). */
export async function listActiveImportParams(ctx: DatabaseContext): Promise<ImportRunParams[]> {
  return (await listActiveJobRunParams(ctx.database, importJobKind)) as ImportRunParams[]
}
