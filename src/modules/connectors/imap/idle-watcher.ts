// IMAP IDLE (RFC 2177): while the workers run, each active IMAP source that is not failing keeps one session per
// followed folder open and idle, so new mail, flag changes and expunges start a sync pass within moments instead of
// at the next poll. The periodic poll (poller.ts) stays as the fallback; both take the same per-source lock. A
// source is watched by one process only (its own lock); a dropped session is reopened at the next scan, and a
// failing source is left to the poll and its backoff, so a wrong password does not hammer the server.
import type { ImapFlow } from 'imapflow'
import type { WorkerDeps } from '../../../jobs/types.js'
import type { ServiceContext } from '../../../lib/context.js'
import { tryPollerLock, type HeldLock } from '../poller-lock.js'
import { listActiveConnectedSources, loadConnectedSource } from '../../sources/index.js'
import { closeImapSession, defaultImapFolders, openImapSession, type ImapSourceConfig } from './imap-client.js'
import { syncImapSourceLocked } from './poller.js'
import { resolveImapFolders } from './sync-mailbox.js'

export type ImapIdleOptions = { scanMs?: number; settleMs?: number; busyRetryMs?: number }

type SourceWatch = { sessions: ImapFlow[]; lock: HeldLock; closed: boolean; close(): Promise<void> }

export function startImapIdle(deps: WorkerDeps, options: ImapIdleOptions = {}): { stop(): Promise<void>; watchedFolders(): number } {
  const scanMs = options.scanMs ?? 15_000
  const settleMs = options.settleMs ?? 300
  const busyRetryMs = options.busyRetryMs ?? 1_000
  const watches = new Map<string, SourceWatch>()
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let current: Promise<void> = Promise.resolve()

  const watchSource = async (source: { id: string; workspaceId: string }): Promise<SourceWatch | null> => {
    const lock = await tryPollerLock(deps.database, `imap-idle:${source.id}`)
    if (!lock) return null
    const ctx: ServiceContext = { ...deps, workspaceId: source.workspaceId, actor: { kind: 'system' } }
    const watch: SourceWatch = {
      sessions: [],
      lock,
      closed: false,
      async close() {
        if (watch.closed) return
        watch.closed = true
        await Promise.all(watch.sessions.map((s) => closeImapSession(s)))
        await lock.release()
      },
    }
    const syncSoon = changeTrigger(deps, source, { settleMs, busyRetryMs, isClosed: () => watch.closed || stopped })
    try {
      const { source: connected, secrets } = await loadConnectedSource(ctx, source.id)
      const config = connected.config as ImapSourceConfig
      const first = await openImapSession(config, secrets)
      watch.sessions.push(first)
      const { found } = await resolveImapFolders(first, config.folders ?? defaultImapFolders)
      for (const [index, folder] of found.entries()) {
        const session = index === 0 ? first : await openImapSession(config, secrets)
        if (index > 0) watch.sessions.push(session)
        await session.mailboxOpen(folder, { readOnly: true })
        session.on('exists', syncSoon)
        session.on('flags', syncSoon)
        session.on('expunge', syncSoon)
        session.on('close', () => void watch.close().finally(() => watches.get(source.id) === watch && watches.delete(source.id)))
        // imapflow would enter IDLE by itself only after 15 s of quiet; mail arriving meanwhile would wait for it.
        session.idle().catch(() => undefined)
      }
      return watch
    } catch (error) {
      deps.log.warn({ sourceId: source.id, err: (error as Error).message }, 'IMAP IDLE not started; the poll still runs')
      await watch.close()
      return null
    }
  }

  const scan = async () => {
    // A failing source is left to the poll's backoff: watching it would retry at every scan.
    const rows = await listActiveConnectedSources(deps, { connector: 'imap', withoutFailures: true })
    const wanted = new Set(rows.map((r) => r.id))
    for (const [id, watch] of watches) {
      if (wanted.has(id)) continue
      watches.delete(id)
      await watch.close()
    }
    for (const row of rows) {
      if (stopped) return
      if (watches.has(row.id)) continue
      const watch = await watchSource({ id: row.id, workspaceId: row.workspace_id })
      if (watch && !watch.closed) watches.set(row.id, watch)
    }
  }
  const loop = () => {
    if (stopped) return
    current = scan()
      .catch((error) => deps.log.error({ err: error }, 'IMAP IDLE scan failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, scanMs)
      })
  }
  loop()
  return {
    watchedFolders: () => [...watches.values()].reduce((n, w) => n + w.sessions.length, 0),
    async stop() {
      stopped = true
      clearTimeout(timer)
      await current
      await Promise.all([...watches.values()].map((w) => w.close()))
      watches.clear()
    },
  }
}

/** A burst of IDLE notices becomes one sync pass (after `settleMs`); a change seen while a pass runs, or while
 * another process holds the source's lock, is followed by one more pass. */
function changeTrigger(
  deps: WorkerDeps,
  source: { id: string; workspaceId: string },
  options: { settleMs: number; busyRetryMs: number; isClosed(): boolean },
): () => void {
  let scheduled = false
  let running = false
  let again = false
  const run = async (): Promise<void> => {
    scheduled = false
    if (options.isClosed()) return
    running = true
    try {
      const outcome = await syncImapSourceLocked(deps, source, 'idle')
      if (outcome === 'busy') again = true
    } catch (error) {
      deps.log.warn({ sourceId: source.id, err: (error as Error).message }, 'IMAP sync after IDLE failed')
    } finally {
      running = false
    }
    if (again) {
      again = false
      schedule(options.busyRetryMs)
    }
  }
  const schedule = (delay: number) => {
    if (scheduled) return
    scheduled = true
    setTimeout(() => void run(), delay).unref()
  }
  return () => {
    if (running) again = true
    else schedule(options.settleMs)
  }
}
