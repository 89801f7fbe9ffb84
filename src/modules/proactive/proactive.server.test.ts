// Two worker processes (each its own connection pool) deliver the same due proactive messages at once on a real
// PostgreSQL server: every message reaches the person exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase, openPostgres, type Database } from '../../db/client.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import { pgvectorSkipReason, scratchDatabase, serverHasPgvector } from '../../../test/helpers/server-database.js'
import { ensureDefaultWorkspace } from '../workspaces/index.js'
import { createTestUser } from '../../../test/helpers/identity.js'
import { deliverDueMessages } from './delivery.js'
import { scheduleMessage } from './messages.js'

const withServer = await serverHasPgvector()
if (!withServer) console.log(`proactive.server.test.ts ${pgvectorSkipReason}`)

describe.runIf(withServer)('proactive delivery with two workers on a PostgreSQL server', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>
  const workers: Database[] = []

  beforeAll(async () => {
    scratch = await scratchDatabase('signalbox_proactive')
    for (let i = 0; i < 2; i++) workers.push(await openPostgres(scratch.url))
    await migrateDatabase(workers[0])
  }, 120_000)
  afterAll(async () => {
    for (const database of workers) await database.close()
    await scratch?.drop()
  })

  it('sends each of 60 due messages once', async () => {
    const database = workers[0]
    const workspaceId = await ensureDefaultWorkspace({ database })
    const user = await createTestUser(database, { username: 'carol' })
    const ctx = { database, workspaceId, actor: { kind: 'system' as const }, log: silentLog, config: testConfig() }
    const now = new Date()
    for (let i = 0; i < 60; i++)
      await scheduleMessage(ctx, { userId: user.id, kind: 'custom', title: 'Reminder', content: `reminder ${i}`, scheduledFor: now })

    const sentBy = [0, 0]
    await Promise.all(
      workers.map(async (db, w) => {
        for (;;) {
          const pass = await deliverDueMessages({ database: db, config: testConfig(), log: silentLog }, { limit: 7 })
          sentBy[w] += pass.sent
          if (pass.sent === 0) return
        }
      }),
    )
    expect(sentBy[0] + sentBy[1]).toBe(60)
    const perMessage = await database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications WHERE metadata ? 'proactiveMessageId' GROUP BY metadata->>'proactiveMessageId'`,
    )
    expect(perMessage).toHaveLength(60)
    expect(perMessage.every((r) => r.n === 1)).toBe(true)
    const [left] = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM proactive_messages WHERE status <> 'sent'`)
    expect(left.n).toBe(0)
  })
})
