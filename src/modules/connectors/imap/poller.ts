// Periodic poll: the workers look every scan for active IMAP sources whose poll interval has passed (and whose
// backoff after failures is over) and run a sync pass for each, one process per source (poller lock).
import type { WorkerDeps } from '../../../jobs/types.js'
import type { ServiceContext } from '../../../lib/context.js'
import { tryPollerLock } from '../poller-lock.js'
import { listSourcesDueForPoll, runSourceSync } from '../../sources/index.js'

export type ImapPollerOptions = { scanMs?: number }

const defaultPollSeconds = 120

/** One sync pass under the source's lock (shared by the poll and IDLE): 'busy' when another pass holds it. `recheck`
 * skips the pass when it answers false once the lock is held. */
export async function syncImapSourceLocked(
  deps: WorkerDeps,
  source: { id: string; workspaceId: string },
  trigger: string,
  recheck?: () => Promise<boolean>,
): Promise<'synced' | 'busy' | 'not due'> {
  const lock = await tryPollerLock(deps.database, `imap-poller:${source.id}`)
  if (!lock) return 'busy'
  try {
    if (recheck && !(await recheck())) return 'not due'
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
    const due = await listSourcesDueForPoll(deps, { connector: 'imap', defaultPollSeconds })
    for (const row of due) {
      if (stopped) return
      // Another process may have synced it between the list and the lock.
      await syncImapSourceLocked(deps, { id: row.id, workspaceId: row.workspace_id }, 'poll', async () => {
        const [stillDue] = await listSourcesDueForPoll(deps, { connector: 'imap', defaultPollSeconds, id: row.id })
        return Boolean(stillDue)
      })
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
