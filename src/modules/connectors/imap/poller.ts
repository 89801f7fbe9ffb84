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

export function startImapPolling(deps: WorkerDeps, options: ImapPollerOptions = {}): { stop(): Promise<void> } {
  const scanMs = options.scanMs ?? 15_000
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let current: Promise<void> = Promise.resolve()

  const pollDueSources = async () => {
    const due = await deps.database.query<{ id: string; workspace_id: string }>(dueImapSources)
    for (const row of due) {
      if (stopped) return
      const lock = await tryPollerLock(deps.database, `imap-poller:${row.id}`)
      if (!lock) continue
      try {
        // Another process may have synced it between the list and the lock.
        const [stillDue] = await deps.database.query(`${dueImapSources} AND id = $1`, [row.id])
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
