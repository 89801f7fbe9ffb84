// Runs one import: parser -> validation -> storeMessages in batches of 1,000 (each one transaction) -> job_runs.
// Idempotent through external ids: a re-run, or a run after a crash, stores only what is missing.
import path from 'node:path'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { holdEventDispatch, releaseEventDispatch } from '../../jobs/event-outbox.js'
import type { ServiceContext } from '../../lib/context.js'
import { formatPath } from '../../lib/errors.js'
import { ingestMessageSchema, storeMessages, type IngestMessage, type SourceRef } from '../messages/index.js'
import { ImportFileError, type ImportItemError, type ImportKind, type ImportParser, type ImportProgress } from './import-types.js'
import {
  closeAbandonedImportRuns,
  countersAcrossAttempts,
  createImportRun,
  importsInThisProcess,
  markImportRunning,
  recordImportProgress,
  type EarlierAttempts,
  type ImportCounters,
} from './import-runs.js'
import { parseTelegramExport } from './telegram-export.js'
import { parseJsonl } from './jsonl.js'
import { parseSlackExport } from './slack-export.js'
import { parseEmail } from './email-import.js'

const parsers: Record<ImportKind, ImportParser> = {
  telegram: parseTelegramExport,
  slack: parseSlackExport,
  email: parseEmail,
  jsonl: parseJsonl,
}

export type ImportSummary = ImportCounters & {
  jobRunId: string
  kind: ImportKind
  status: 'completed' | 'failed'
  seconds: number
  errors: ImportItemError[]
}

export type RunImportInput = {
  kind: ImportKind
  path: string
  /** An existing job_runs row (an upload queued by the API); otherwise one is created. */
  jobRunId?: string
  fileName?: string
  onProgress?: (counters: ImportCounters) => void
  /** Items per transaction (default importBatchSize). */
  batchSize?: number
}

/** Messages stored per transaction. Larger than the ingest API's 1,000 per request: each transaction has a fixed
 * cost, and 5,000 made bench:ingest ~10% faster; a batch of long emails is still only tens of MB. */
export const importBatchSize = 5000

/** Items parsed between turns of the event loop (costs ~1% of an import's time). */
const yieldEveryItems = 200

/** Reported errors beyond this are counted but not kept in memory. */
const maxKeptErrors = 1000

type KnownReferences = NonNullable<Parameters<typeof storeMessages>[1]['known']>

export async function runImport(ctx: ServiceContext, input: RunImportInput): Promise<ImportSummary> {
  const fileName = input.fileName ?? path.basename(input.path)
  if (input.jobRunId) importsInThisProcess.add(input.jobRunId)
  // A run left 'running' by a killed process is closed as interrupted before this one starts.
  await closeAbandonedImportRuns(ctx)
  const jobRunId = input.jobRunId ?? (await createImportRun(ctx, { kind: input.kind, path: input.path, fileName }, 'running'))
  importsInThisProcess.add(jobRunId)
  holdEventDispatch(jobRunId)
  try {
    const earlier = input.jobRunId
      ? await markImportRunning(ctx, jobRunId)
      : { created: 0, createdServiceEvents: 0, updated: 0, skipped: 0 }
    return await importIntoRun(ctx, input, jobRunId, fileName, earlier)
  } finally {
    importsInThisProcess.delete(jobRunId)
    releaseEventDispatch(jobRunId)
  }
}

async function importIntoRun(
  ctx: ServiceContext,
  input: RunImportInput,
  jobRunId: string,
  fileName: string,
  earlier: EarlierAttempts,
): Promise<ImportSummary> {
  const started = performance.now()

  const batchSize = input.batchSize ?? importBatchSize
  const progress: ImportProgress = { bytesRead: 0, bytesTotal: 0 }
  const counters: ImportCounters = {
    fetched: 0,
    created: 0,
    createdServiceEvents: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    bytesRead: 0,
    bytesTotal: 0,
  }
  const errors: ImportItemError[] = []
  let unsavedErrors: ImportItemError[] = []
  const pending = new Map<string, { source: SourceRef; messages: IngestMessage[] }>()
  // Per source: authors and conversations already stored by this run, so later batches skip their upserts.
  const knownBySource = new Map<string, KnownReferences>()

  const reportError = (error: ImportItemError) => {
    counters.failed++
    if (errors.length < maxKeptErrors) errors.push(error)
    unsavedErrors.push(error)
  }
  const saveProgress = async (finalStatus?: 'completed' | 'failed') => {
    counters.bytesRead = progress.bytesRead
    counters.bytesTotal = progress.bytesTotal
    lastSaved = performance.now()
    await recordImportProgress(ctx, jobRunId, countersAcrossAttempts(earlier, counters), unsavedErrors, finalStatus)
    unsavedErrors = []
    input.onProgress?.(countersAcrossAttempts(earlier, counters))
  }
  // Progress (bytes read, items parsed) is saved at least this often, not only when a batch is stored: a poller
  // (the CLI through a server, the web UI) otherwise saw "bytes=0/0" until the first 5,000 messages were in.
  const progressEveryMs = 1000
  let lastSaved = performance.now()
  const flush = async (key: string) => {
    const batch = pending.get(key)
    if (!batch || batch.messages.length === 0) return
    pending.delete(key)
    let known = knownBySource.get(key)
    if (!known) knownBySource.set(key, (known = { identities: new Map(), conversations: new Map() }))
    const stored = await storeMessages(ctx, { ...batch, known })
    counters.created += stored.created
    counters.createdServiceEvents += stored.createdServiceEvents
    counters.updated += stored.updated
    counters.skipped += stored.skipped
    await saveProgress()
  }

  let status: 'completed' | 'failed' = 'completed'
  try {
    for await (const item of parsers[input.kind](input.path, progress)) {
      counters.fetched++
      // The embedded database answers in microtasks, so an import never gives the event loop a turn by itself:
      // in a server, HTTP requests (health checks included) waited until it ended (issue 18 item 12).
      if (counters.fetched % yieldEveryItems === 0) await yieldToEventLoop()
      if ('error' in item) {
        reportError(item.error)
        continue
      }
      const parsed = ingestMessageSchema.safeParse(item.message)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        reportError({ file: item.file, position: item.position, message: `${formatPath(issue.path)}: ${issue.message}` })
        continue
      }
      const key = `${item.source.type}\u0000${item.source.name}`
      let batch = pending.get(key)
      if (!batch) pending.set(key, (batch = { source: item.source, messages: [] }))
      batch.messages.push(parsed.data)
      if (batch.messages.length >= batchSize) await flush(key)
      else if (performance.now() - lastSaved > progressEveryMs) await saveProgress()
    }
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw await failRun(error)
    // The file is broken from here on: keep what was read before, report where it broke.
    reportError({ file: error.file, position: error.position, message: error.reason })
    status = 'failed'
  }
  try {
    for (const key of [...pending.keys()]) await flush(key)
    await saveProgress(status)
  } catch (error) {
    throw await failRun(error)
  }
  return {
    ...countersAcrossAttempts(earlier, counters),
    jobRunId,
    kind: input.kind,
    status,
    seconds: (performance.now() - started) / 1000,
    errors,
  }

  /** An unexpected error (database down, a bug) still closes the job_runs row before it propagates. */
  async function failRun(error: unknown) {
    unsavedErrors.push({ file: fileName, position: '-', message: error instanceof Error ? error.message : String(error) })
    await saveProgress('failed').catch(() => {})
    return error
  }
}
