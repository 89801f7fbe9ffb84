// The transactional outbox. An event is written in the same transaction as the change it announces
// (`recordEvent`) and handed to pg-boss afterwards (`dispatchEvents`): right after the commit when the process has
// a queue, and by every worker every few seconds. So a process that dies between its commit and the publish, or
// a CLI import made while no server runs, delays the work instead of losing it. Delivery is at least once (a
// dispatcher that dies after publishing and before deleting leaves its events to be published again when its
// claim expires); the jobs that subscribe to events are idempotent.
import type { Database } from '../db/client.js'
import type { Queryable } from '../db/transaction.js'
import type { Log } from '../lib/logger.js'
import type { JobQueue } from './queue.js'

/** Records `event` inside the caller's transaction: it exists exactly when the change does. */
export async function recordEvent(q: Queryable, event: string, payload: object): Promise<void> {
  await q.query(`INSERT INTO event_outbox (event, payload) VALUES ($1, $2::jsonb)`, [event, JSON.stringify(payload)])
}

/** How long a dispatcher owns the events it claimed before another may take them. */
const claimSeconds = 60
const batchSize = 100

/** Holders (imports running in this process) that keep this process's dispatcher waiting: the pipeline's jobs
 * then start after an import instead of contending with it for the embedded database, which made uploads 3-8x
 * slower than the CLI (issue 18 item 12). The events wait in the outbox meanwhile; nothing is lost. */
const dispatchHolds = new Set<string>()

export function holdEventDispatch(holder: string) {
  dispatchHolds.add(holder)
}

export function releaseEventDispatch(holder: string) {
  dispatchHolds.delete(holder)
}

/** Publishes every waiting event, oldest first; returns how many. Several dispatchers never claim the same event.
 * Takes the database and queue, not a context: the outbox holds every workspace's events (each names its own). */
export async function dispatchEvents(database: Database, queue: JobQueue): Promise<number> {
  if (dispatchHolds.size > 0) return 0
  let total = 0
  for (;;) {
    const claimed = await database.query<{ id: string; event: string; payload: object }>(
      `UPDATE event_outbox SET claimed_until = now() + make_interval(secs => $1)
       WHERE id IN (SELECT id FROM event_outbox WHERE claimed_until IS NULL OR claimed_until < now()
                    ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, event, payload`,
      [claimSeconds, batchSize],
    )
    if (claimed.length === 0) return total
    claimed.sort((a, b) => Number(a.id) - Number(b.id))
    const published: string[] = []
    try {
      for (const row of claimed) {
        await queue.publish(row.event, row.payload)
        published.push(row.id)
      }
    } catch (error) {
      // Give the rest back at once rather than when the claim expires.
      const unpublished = claimed.slice(published.length).map((r) => r.id)
      await database.query(`UPDATE event_outbox SET claimed_until = NULL WHERE id = ANY($1::bigint[])`, [unpublished])
      throw error
    } finally {
      if (published.length > 0) await database.query(`DELETE FROM event_outbox WHERE id = ANY($1::bigint[])`, [published])
    }
    total += claimed.length
    // A short batch was the last: no extra round trip to find the outbox empty (this runs after every ingest batch).
    if (claimed.length < batchSize) return total
  }
}

export type EventDispatcher = { stop(): Promise<void> }

/** Dispatches now and then every `intervalMs` (a pass still running skips the next); used by every worker process. */
export function startEventDispatcher(database: Database, queue: JobQueue, log: Log, intervalMs = 2000): EventDispatcher {
  let running: Promise<void> | null = null
  const pass = () => {
    if (running) return
    running = dispatchEvents(database, queue)
      .then((n) => {
        if (n > 0) log.debug({ events: n }, 'dispatched events')
      })
      .catch((error) => log.warn({ err: error }, 'event dispatch failed; retrying at the next pass'))
      .finally(() => {
        running = null
      })
  }
  pass()
  const timer = setInterval(pass, intervalMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}

/** How many entries of the array `field` the undispatched `event`s of a workspace carry in their payloads (a
 * progress hint: e.g. messages announced as changed that no job has been given yet). */
export async function countPendingEventItems(q: Queryable, input: { event: string; workspaceId: string; field: string }): Promise<number> {
  const [row] = await q.query<{ n: number }>(
    `SELECT coalesce(sum(jsonb_array_length(payload->$3::text)), 0)::int AS n FROM event_outbox
     WHERE event = $1 AND payload->>'workspaceId' = $2::text`,
    [input.event, input.workspaceId, input.field],
  )
  return row.n
}
