// Periodic poll: the workers look every scan for active IMAP sources whose poll interval has passed (and whose
// backoff after failures is over) and run a sync pass for each, one process per source (poller lock).
import type { WorkerDeps } from '../../../jobs/types.js'
import type { ServiceContext } from '../../../lib/context.js'
import { tryPollerLock } from '../poller-lock.js'
import { listSourcesDueForPoll, runSourceSync } from '../../sources/index.js'

export type ImapPollerOptions = { scanMs?: number }

const defaultPollSeconds = 120

export function startImapPolling(deps: WorkerDeps, options: ImapPollerOptions = {}): { stop(): Promise<void> } {
  const scanMs = options.scanMs ?? 15_000
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let current: Promise<void> = Promise.resolve()

  const pollDueSources = async () => {
    const due = await listSourcesDueForPoll(deps, { connector: 'imap', defaultPollSeconds })
    for (const row of due) {
      if (stopped) return
      const lock = await tryPollerLock(deps.database, `imap-poller:${row.id}`)
      if (!lock) continue
      try {
        // Another process may have synced it between the list and the lock.
        const [stillDue] = await listSourcesDueForPoll(deps, { connector: 'imap', defaultPollSeconds, id: row.id })
        if (!stillDue) continue
        const ctx: ServiceContext = { ...deps, workspaceId: row.workspace_id, actor: { kind: 'system' } }
        const result = await runSourceSync(ctx, row.id, 'poll')
        if (result.status === 'failed') deps.log.warn({ sourceId: row.id, error: result.error }, 'IMAP poll failed')
      } finally {
        await lock.release()
      }
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
