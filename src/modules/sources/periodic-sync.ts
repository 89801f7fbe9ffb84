// Periodic pull syncs: every five minutes the workers run one pass for each active connected source whose
// connector asks for it (syncIntervalMinutes) and whose last attempt is that old, unless it is backing off after
// failures (next_retry_at). Passes run one after another, each audited in job_runs like "sync now".
import { z } from 'zod'
import type { JobDefinition, WorkerDeps } from '../../jobs/types.js'
import type { ServiceContext } from '../../lib/context.js'
import { enabledConnectors } from '../connectors/index.js'
import { runSourceSync } from './sync.js'

export const periodicSyncJobName = 'sources.sync-due'

export async function syncDueSources(deps: Pick<WorkerDeps, 'database' | 'config' | 'log'> & Partial<WorkerDeps>): Promise<number> {
  const intervals = enabledConnectors(deps.config).flatMap((c) =>
    c.sync && c.syncIntervalMinutes ? [{ connector: c.id, minutes: c.syncIntervalMinutes }] : [],
  )
  if (intervals.length === 0) return 0
  const due = await deps.database.query<{ id: string; workspace_id: string }>(
    `SELECT s.id, s.workspace_id FROM sources s JOIN jsonb_to_recordset($1::jsonb) AS i(connector text, minutes int) ON i.connector = s.connector
     WHERE s.active AND (s.next_retry_at IS NULL OR s.next_retry_at <= now())
       AND (s.last_attempt_at IS NULL OR s.last_attempt_at <= now() - make_interval(mins => i.minutes))
     ORDER BY s.last_attempt_at NULLS FIRST`,
    [JSON.stringify(intervals)],
  )
  for (const row of due) {
    const ctx: ServiceContext = { ...deps, workspaceId: row.workspace_id, actor: { kind: 'system' } } as ServiceContext
    const result = await runSourceSync(ctx, row.id, 'schedule')
    if (result.status === 'failed')
      deps.log.warn({ sourceId: row.id, error: result.error }, 'scheduled sync failed; retried after the backoff')
  }
  return due.length
}

export const periodicSyncJob: JobDefinition<Record<string, never>> = {
  name: periodicSyncJobName,
  payload: z.object({}).passthrough() as never,
  schedule: '*/5 * * * *',
  handle: async (deps) => void (await syncDueSources(deps)),
}
