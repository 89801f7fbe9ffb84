// Pull syncs: one pass of a connector's `sync`, audited in job_runs (fetched/stored/skipped/errors, seed 0
// message_ingestion_jobs) and summarised on the source (last success, failure streak, next retry).
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { ValidationError } from '../../lib/errors.js'
import type { JobDefinition } from '../../jobs/types.js'
import { finishJobRun, startJobRun } from '../../jobs/job-runs.js'
import { findConnector } from '../connectors/index.js'
import { loadConnectedSource } from './service.js'
import { recordSourceFailure, recordSourceSuccess } from './source-state.js'

export const syncSourceJobName = 'sources.sync'

export type SyncResult = {
  jobRunId: string
  status: 'completed' | 'failed'
  fetched: number
  stored: number
  skipped: number
  errors: number
  error?: string
}

export async function runSourceSync(ctx: ServiceContext, sourceId: string, trigger: string): Promise<SyncResult> {
  const { source, secrets } = await loadConnectedSource(ctx, sourceId)
  const connector = findConnector(ctx.config, source.connector)
  if (!connector.sync) throw new ValidationError(`${connector.title} sources cannot be pulled; they receive webhooks`)
  const jobRunId = await startJobRun(ctx, { kind: `sync:${connector.id}`, trigger, params: { sourceId } })
  try {
    const counters = await connector.sync(ctx, source, secrets)
    await finishJobRun(ctx, jobRunId, { status: 'completed', counters })
    await recordSourceSuccess(ctx, sourceId)
    return { jobRunId, status: 'completed', ...counters }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    await finishJobRun(ctx, jobRunId, { status: 'failed', counters: { errors: 1 }, errorLog: [{ message }] })
    await recordSourceFailure(ctx, sourceId, message)
    return { jobRunId, status: 'failed', fetched: 0, stored: 0, skipped: 0, errors: 1, error: message }
  }
}

/** "Sync now": queued for the workers when there are some, else run here. */
export async function requestSourceSync(ctx: ServiceContext, sourceId: string): Promise<{ queued: boolean; result?: SyncResult }> {
  await loadConnectedSource(ctx, sourceId)
  if (ctx.queue) {
    await ctx.queue.send(syncSourceJobName, { workspaceId: ctx.workspaceId, sourceId, trigger: 'manual' })
    return { queued: true }
  }
  return { queued: false, result: await runSourceSync(ctx, sourceId, 'manual') }
}

export const syncSourceJob: JobDefinition<{ workspaceId: string; sourceId: string; trigger: string }> = {
  name: syncSourceJobName,
  payload: z.object({ workspaceId: z.uuid(), sourceId: z.uuid(), trigger: z.string() }),
  async handle(deps, payload) {
    const ctx: ServiceContext = { ...deps, workspaceId: payload.workspaceId, actor: { kind: 'system' } }
    await runSourceSync(ctx, payload.sourceId, payload.trigger)
  },
}
