// pg-boss on the same database. On PGlite it runs through an executeSql adapter: PGlite's `query` takes one
// statement, so pg-boss's multi-statement migration SQL (sent without parameters) goes through `exec`.
import PgBoss from 'pg-boss'
import type { Database } from '../db/client.js'
import type { Log } from '../lib/logger.js'

export type JobQueue = {
  boss: PgBoss
  send(name: string, data: object, options?: PgBoss.SendOptions): Promise<string | null>
  /** Fans an event out to every job queue that subscribed to it (JobDefinition.subscribes). */
  publish(event: string, data: object): Promise<void>
  stop(): Promise<void>
}

// After stop() the database is about to close: a handler still running past the graceful timeout would have its
// completion or failure written to a closed database (an unhandled rejection). Its job stays active and pg-boss
// expires and retries it at the next start, so those late writes are dropped instead. pg-boss reads
// `rows[0].count` from what its complete() and fail() get back, hence the one row.
type StopState = { stopped: boolean }
const droppedWrite = { rows: [{ count: 0 }] }

function pgliteAdapter(database: Database, state: StopState): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      if (state.stopped) return droppedWrite
      if (!values || values.length === 0) {
        const results = await database.pglite!.exec(text)
        return { rows: results.length ? results[results.length - 1].rows : [] }
      }
      return { rows: await database.query(text, values) }
    },
  }
}

/** Starts pg-boss on the database (its own schema); the queue serves every workspace, so it takes no context. */
export async function startQueue(database: Database, log: Log, options: { supervise?: boolean } = {}): Promise<JobQueue> {
  const common = {
    schema: 'pgboss',
    supervise: options.supervise ?? true,
    schedule: options.supervise ?? true,
    migrate: true,
  }
  const state: StopState = { stopped: false }
  const boss =
    database.kind === 'pglite'
      ? new PgBoss({ ...common, db: pgliteAdapter(database, state) })
      : new PgBoss({
          ...common,
          db: { executeSql: async (text, values) => (state.stopped ? droppedWrite : database.pool!.query(text, values)) },
        })
  boss.on('error', (error) => log.error({ err: error }, 'job queue error'))
  await boss.start()
  const created = new Set<string>()
  return {
    boss,
    async send(name, data, sendOptions) {
      if (!created.has(name)) {
        await boss.createQueue(name)
        created.add(name)
      }
      return boss.send(name, data, { retryLimit: 5, retryDelay: 2, retryBackoff: true, ...sendOptions })
    },
    async publish(event, data) {
      await boss.publish(event, data, { retryLimit: 5, retryDelay: 2, retryBackoff: true })
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 })
      state.stopped = true
    },
  }
}

/** Reads pg-boss's job table, or returns `none` before the first worker has created pg-boss's schema (a data dir
 * that only CLI commands have opened): there are no jobs yet. */
export async function readJobTable<T>(read: () => Promise<T>, none: T): Promise<T> {
  try {
    return await read()
  } catch (error) {
    if (/relation "pgboss\.job" does not exist|schema "pgboss" does not exist/.test(String((error as Error)?.message))) return none
    throw error
  }
}
