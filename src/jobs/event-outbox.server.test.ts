// The outbox on a real multi-connection PostgreSQL server: two worker processes' dispatchers, each with its own
// connection pool and pg-boss, drain the same outbox at once and publish every event exactly once.
// The server has no pgvector (Debian ships none), so this test creates only the outbox table, from its migration.
import fs from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrationsFolder, openPostgres, type Database } from '../db/client.js'
import { dispatchEvents, recordEvent } from './event-outbox.js'
import { startQueue, type JobQueue } from './queue.js'
import { silentLog } from '../../test/helpers/database.js'
import { testPostgresUrl } from '../../test/helpers/postgres-server.js'

const serverUrl = testPostgresUrl('event outbox on a PostgreSQL server')
const databaseName = `signalbox_outbox_${randomUUID().replace(/-/g, '').slice(0, 12)}`

describe.runIf(serverUrl)('event outbox on a PostgreSQL server', () => {
  const workers: Array<{ database: Database; queue: JobQueue }> = []

  async function admin(sql: string) {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${databaseName}`)
    const url = new URL(serverUrl!)
    url.pathname = `/${databaseName}`
    for (let i = 0; i < 2; i++) {
      const database = await openPostgres(url.toString())
      if (i === 0) await database.exec(fs.readFileSync(path.join(migrationsFolder, '0013_event_outbox.sql'), 'utf8'))
      const queue = await startQueue(database, silentLog, { supervise: false })
      workers.push({ database, queue })
    }
    await workers[0].queue.boss.createQueue('test.listener')
    await workers[0].queue.boss.subscribe('test.happened', 'test.listener')
  }, 60_000)

  afterAll(async () => {
    for (const worker of workers) {
      await worker.queue.stop()
      await worker.database.close()
    }
    if (serverUrl) await admin(`DROP DATABASE IF EXISTS ${databaseName}`)
  })

  it('two dispatchers draining one outbox publish each event once', async () => {
    const [first, second] = workers
    for (let step = 1; step <= 400; step++) await recordEvent(first.database, 'test.happened', { step })
    const [a, b] = await Promise.all([dispatchEvents(first.database, first.queue), dispatchEvents(second.database, second.queue)])
    expect(a + b).toBe(400)
    const jobs = await first.database.query<{ step: number; n: number }>(
      `SELECT (data->>'step')::int AS step, count(*)::int AS n FROM pgboss.job WHERE name = 'test.listener' GROUP BY 1 ORDER BY 1`,
    )
    expect(jobs).toHaveLength(400)
    expect(jobs.every((j) => j.n === 1)).toBe(true)
    const [{ left }] = await first.database.query<{ left: number }>(`SELECT count(*)::int AS left FROM event_outbox`)
    expect(left).toBe(0)
  })
})
