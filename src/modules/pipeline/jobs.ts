// Background jobs of the pipeline. `pipeline.index-messages` reacts to messages.changed: chunk, then embed.
// `pipeline.embed-pending` sweeps every few minutes: chunks whose embedding failed earlier, and chunks of
// another model after SIGNALBOX_EMBEDDING_* changed (re-embedding in the background).
// A provider failure makes the job throw, so pg-boss retries it with exponential backoff (queue defaults).
import { z } from 'zod'
import type { JobDefinition, WorkerDeps } from '../../jobs/types.js'
import type { ServiceContext } from '../../lib/context.js'
import { messagesChangedEvent } from '../messages/index.js'
import { indexMessagesIsolatingFailures } from './index-messages.js'
import { embedPendingChunks, markOtherModelsPending } from './embed-chunks.js'
import { finishJobRun, startJobRun } from '../../jobs/job-runs.js'
import { runAutovacuumChores } from '../../db/maintenance.js'

export const indexMessagesJob = 'pipeline.index-messages'
export const embedPendingJob = 'pipeline.embed-pending'
export const refreshStatisticsJob = 'pipeline.refresh-statistics'

const indexPayload = z.object({ workspaceId: z.uuid(), messageIds: z.array(z.uuid()) })
const sweepPayload = z.object({ workspaceId: z.uuid().optional() }).passthrough()

function workerContext(deps: WorkerDeps, workspaceId: string): ServiceContext {
  return { ...deps, workspaceId, actor: { kind: 'system' } }
}

/** Embeds until nothing is left; throws on a provider failure so the job is retried with backoff. */
export async function embedAllPending(ctx: ServiceContext) {
  const total = { embedded: 0, reused: 0, failed: 0 }
  for (;;) {
    const result = await embedPendingChunks(ctx)
    total.embedded += result.embedded
    total.reused += result.reused
    total.failed += result.failed
    if (result.error) throw Object.assign(new Error(`embedding failed: ${result.error}`), { total })
    if (result.claimed === 0) return total
  }
}

async function runRecorded(
  ctx: ServiceContext,
  kind: string,
  trigger: string,
  params: Record<string, unknown>,
  work: () => Promise<{ fetched: number; stored: number; updated: number; skipped?: number; errors?: number }>,
) {
  const runId = await startJobRun(ctx, { kind, trigger, params })
  try {
    const counters = await work()
    await finishJobRun(ctx, runId, { status: 'completed', counters })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    await finishJobRun(ctx, runId, { status: 'failed', counters: { errors: 1 }, errorLog: [{ message }] })
    throw error
  }
}

export const indexMessagesDefinition: JobDefinition<z.infer<typeof indexPayload>> = {
  name: indexMessagesJob,
  payload: indexPayload,
  subscribes: [messagesChangedEvent],
  async handle(deps, payload, job) {
    const ctx = workerContext(deps, payload.workspaceId)
    await runRecorded(ctx, indexMessagesJob, 'event', { jobId: job.id, messages: payload.messageIds.length }, async () => {
      const indexed = await indexMessagesIsolatingFailures(ctx, payload.messageIds)
      const embedded = await embedAllPending(ctx)
      return {
        fetched: indexed.messages,
        stored: indexed.chunksWritten,
        updated: embedded.embedded + embedded.reused,
        skipped: indexed.chunksRemoved,
        errors: indexed.failed,
      }
    })
    // Right after the tables grew, not at the next sweep: a search meanwhile would be planned as on an empty table
    // and would read the batch's GIN entries from the pending list one by one.
    // The indexing is done by now; a failure here must not make pg-boss retry it, the sweep will try again.
    await runAutovacuumChores(deps.database).catch((error) => deps.log.warn({ err: error }, 'autovacuum chores failed'))
  },
}

export const embedPendingDefinition: JobDefinition<z.infer<typeof sweepPayload>> = {
  name: embedPendingJob,
  payload: sweepPayload,
  schedule: '*/5 * * * *',
  async handle(deps, payload, job) {
    const workspaces = payload.workspaceId
      ? [payload.workspaceId]
      : (await deps.database.query<{ workspace_id: string }>(`SELECT DISTINCT workspace_id FROM chunks`)).map((r) => r.workspace_id)
    for (const workspaceId of workspaces) {
      const ctx = workerContext(deps, workspaceId)
      const stale = await markOtherModelsPending(ctx)
      const waiting = await deps.database.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM chunks WHERE workspace_id = $1 AND embedding_status NOT IN ('ready', 'skipped')`,
        [workspaceId],
      )
      if (waiting[0].n === 0) continue
      await runRecorded(ctx, embedPendingJob, payload.workspaceId ? 'manual' : 'schedule', { jobId: job.id, stale }, async () => {
        const embedded = await embedAllPending(ctx)
        return { fetched: waiting[0].n, stored: 0, updated: embedded.embedded + embedded.reused }
      })
    }
  },
}

/** PGlite has no autovacuum; this sweep ANALYZEs (and VACUUMs) the tables that changed since and merges GIN pending
 * lists (see db/maintenance.ts). */
export const refreshStatisticsDefinition: JobDefinition<Record<string, unknown>> = {
  name: refreshStatisticsJob,
  payload: z.object({}).passthrough(),
  schedule: '*/10 * * * *',
  async handle(deps) {
    const result = await runAutovacuumChores(deps.database)
    if (result.analyzed.length || result.pendingListsMerged.length) deps.log.info(result, 'ran autovacuum chores')
  },
}
