// "One poller per bot across all processes" on a real PostgreSQL server: two workers, each with its own
// connection pool (as two processes have), contend for the same bot's poller lock; one wins until it lets go.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { openPostgres, type Database } from '../../db/client.js'
import { tryPollerLock } from './poller-lock.js'

const serverUrl = process.env.SIGNALBOX_TEST_DATABASE_URL
if (!serverUrl) console.log('poller lock server test skipped: set SIGNALBOX_TEST_DATABASE_URL (bash .ci/start-postgres.sh prints one)')

describe.runIf(serverUrl)('the poller lock on a PostgreSQL server', () => {
  const workers: Database[] = []
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) workers.push(await openPostgres(serverUrl!))
  })
  afterAll(async () => {
    for (const worker of workers) await worker.close()
  })

  it('lets one of two workers poll a bot, and the other take over once it stops', async () => {
    const key = `telegram-poller:${randomUUID()}`
    const first = await tryPollerLock(workers[0], key)
    expect(first).not.toBeNull()
    expect(await tryPollerLock(workers[1], key)).toBeNull()
    // The same worker asking again (a second scan) does not get a second poller either.
    expect(await tryPollerLock(workers[0], key)).toBeNull()
    await first!.release()
    const second = await tryPollerLock(workers[1], key)
    expect(second).not.toBeNull()
    await second!.release()
  })
})
