// The outbox on a real pg-boss: events exist only if their transaction commits, are published once and in
// order, and an abandoned claim (a dispatcher that died) is taken over once it expires.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { dispatchEvents, recordEvent } from './event-outbox.js'
import { startQueue, type JobQueue } from './queue.js'
import { freshDatabase, silentLog, testConfig } from '../../test/helpers/database.js'
import type { Database } from '../db/client.js'
import { inTransaction } from '../db/transaction.js'
import { storeMessages } from '../modules/messages/index.js'
import { indexMessages } from '../modules/pipeline/index.js'
import { ensureDefaultWorkspace } from '../modules/workspaces/index.js'
import { migrationsFolder } from '../db/client.js'
import fs from 'node:fs'
import path from 'node:path'

let database: Database
let queue: JobQueue

beforeAll(async () => {
  database = await freshDatabase()
  queue = await startQueue(database, silentLog, { supervise: false })
  await queue.boss.createQueue('test.listener')
  await queue.boss.subscribe('test.happened', 'test.listener')
})
afterAll(async () => {
  await queue.stop()
  await database.close()
})
beforeEach(async () => {
  await database.query(`DELETE FROM event_outbox`)
  await database.query(`DELETE FROM pgboss.job WHERE name = 'test.listener'`)
})

const publishedSteps = async () =>
  (
    await database.query<{ data: { step: number } }>(
      `SELECT data FROM pgboss.job WHERE name = 'test.listener' ORDER BY created_on, (data->>'step')::int`,
    )
  ).map((j) => j.data.step)

describe('event outbox', () => {
  it('keeps an event only when its transaction commits', async () => {
    await inTransaction({ database }, (q) => recordEvent(q, 'test.happened', { step: 1 }))
    await expect(
      inTransaction({ database }, async (q) => {
        await recordEvent(q, 'test.happened', { step: 2 })
        throw new Error('the batch failed')
      }),
    ).rejects.toThrow('the batch failed')
    const rows = await database.query<{ payload: { step: number } }>(`SELECT payload FROM event_outbox`)
    expect(rows.map((r) => r.payload.step)).toEqual([1])
  })

  it('publishes every waiting event once, oldest first, and empties the outbox', async () => {
    for (let step = 1; step <= 150; step++) await recordEvent(database, 'test.happened', { step })
    expect(await dispatchEvents(database, queue)).toBe(150)
    expect(await dispatchEvents(database, queue)).toBe(0)
    expect(await publishedSteps()).toEqual(Array.from({ length: 150 }, (_, i) => i + 1))
    const [{ left }] = await database.query<{ left: number }>(`SELECT count(*)::int AS left FROM event_outbox`)
    expect(left).toBe(0)
  })

  it('leaves events another dispatcher holds, and takes over a claim that expired', async () => {
    await database.query(
      `INSERT INTO event_outbox (event, payload, claimed_until) VALUES
         ('test.happened', '{"step": 1}', now() - interval '1 second'),
         ('test.happened', '{"step": 2}', now() + interval '1 minute'),
         ('test.happened', '{"step": 3}', NULL)`,
    )
    expect(await dispatchEvents(database, queue)).toBe(2)
    expect(await publishedSteps()).toEqual([1, 3])
    const held = await database.query<{ payload: { step: number } }>(`SELECT payload FROM event_outbox`)
    expect(held.map((r) => r.payload.step)).toEqual([2])
  })

  it('migration 0014 queues the messages an earlier local import left unindexed', async () => {
    const workspaceId = await ensureDefaultWorkspace({ database })
    const ctx = { database, workspaceId, config: testConfig(), log: silentLog, actor: { kind: 'system' as const } }
    const stored = await storeMessages(ctx, {
      source: { type: 'api', name: 'before-the-outbox' },
      messages: ['indexed one', 'indexed two', 'never indexed', 'never indexed either', 'joined the chat'].map((content, i) => ({
        externalId: `m${i}`,
        conversation: { externalId: 'room' },
        sentAt: `2026-01-01T10:0${i}:00Z`,
        content,
        contentKind: i === 4 ? 'service' : 'text',
      })),
    })
    const ids = stored.changedMessageIds
    await indexMessages(ctx, ids.slice(0, 2))
    await database.query(`DELETE FROM event_outbox`) // as before 0013: the events were lost
    await database.exec(fs.readFileSync(path.join(migrationsFolder, '0014_backfill_unindexed_messages.sql'), 'utf8'))
    const events = await database.query<{ event: string; payload: { workspaceId: string; messageIds: string[] } }>(
      `SELECT event, payload FROM event_outbox`,
    )
    expect(events).toEqual([{ event: 'messages.changed', payload: { workspaceId, messageIds: [ids[2], ids[3]].sort() } }])
  })
})
