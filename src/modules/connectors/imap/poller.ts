// Periodic poll: the workers look every scan for active IMAP sources whose poll interval has passed (and whose
// backoff after failures is over) and run a sync pass for each, one process per source (poller lock).
import type { WorkerDeps } from '../../../jobs/types.js'
import type { ServiceContext } from '../../../lib/context.js'
import { tryPollerLock } from '../poller-lock.js'
import { runSourceSync } from '../../sources/index.js'

export type ImapPollerOptions = { scanMs?: number }

const dueImapSources = `SELECT id, workspace_id FROM sources
  WHERE connector = 'imap' AND active AND (next_retry_at IS NULL OR next_retry_at <= now())
    AND (last_attempt_at IS NULL OR last_attempt_at <= now() - make_interval(secs => coalesce((config->>'pollSeconds')::int, 120)))`

/** One sync pass under the source's lock (shared by the poll and IDLE): 'busy' when another pass holds it. `recheck`,
 * a query taking the source id, skips the pass when it returns no row once the lock is held. */
export async function syncImapSourceLocked(
  deps: WorkerDeps,
  source: { id: string; workspaceId: string },
  trigger: string,
  recheck?: string,
): Promise<'synced' | 'busy' | 'not due'> {
  const lock = await tryPollerLock(deps.database, `imap-poller:${source.id}`)
  if (!lock) return 'busy'
  try {
    if (recheck && (await deps.database.query(recheck, [source.id])).length === 0) return 'not due'
    const ctx: ServiceContext = { ...deps, workspaceId: source.workspaceId, actor: { kind: 'system' } }
    const result = await runSourceSync(ctx, source.id, trigger)
    if (result.status === 'failed') deps.log.warn({ sourceId: source.id, trigger, error: result.error }, 'IMAP sync failed')
    return 'synced'
  } finally {
    await lock.release()
  }
}

export function startImapPolling(deps: WorkerDeps, options: ImapPollerOptions = {}): { stop(): Promise<void> } {
  const scanMs = options.scanMs ?? 15_000
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let current: Promise<void> = Promise.resolve()

  const pollDueSources = async () => {
    const due = await deps.database.query<{ id: string; workspace_id: string }>(dueImapSources)
    for (const row of due) {
      if (stopped) return
      // Another process may have synced it between the list and the lock.
      await syncImapSourceLocked(deps, { id: row.id, workspaceId: row.workspace_id }, 'poll', `${dueImapSources} AND id = $1`)
    }
  }
  const loop = () => {
    if (stopped) return
    current = pollDueSources()
      .catch((error) => deps.log.error({ err: error }, 'IMAP polling pass failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, scanMs)
      })
  }
  loop()
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await current
    },
  }
}
