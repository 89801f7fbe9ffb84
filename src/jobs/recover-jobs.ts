// Jobs left `active` by a process that died: pg-boss would only notice after each job's expiry (15 minutes by
// default), and until then the job shows as running and its work is not done. On the embedded database the data
// dir lock proves that no other process is alive, so every active job at start-up belongs to a dead one.
import type { Database } from '../db/client.js'
import type { Log } from '../lib/logger.js'
import { readJobTable } from './queue.js'

/**
 * Hands the active jobs of a dead process back to the queue (state `retry`, due now); returns how many.
 * Only for a database this process holds alone (PGlite): on a shared server other live workers own active jobs,
 * and pg-boss's expiry (expireInSeconds) recovers a dead worker's jobs there.
 */
export async function requeueJobsOfDeadProcess(database: Database, log: Log): Promise<number> {
  if (database.kind !== 'pglite') return 0
  const rows = await readJobTable(
    () =>
      database.query<{ name: string }>(`UPDATE pgboss.job SET state = 'retry', start_after = now() WHERE state = 'active' RETURNING name`),
    [],
  )
  if (rows.length > 0) {
    const byName: Record<string, number> = {}
    for (const row of rows) byName[row.name] = (byName[row.name] ?? 0) + 1
    log.warn({ jobs: byName }, `requeued ${rows.length} job(s) left active by a process that stopped`)
  }
  return rows.length
}
