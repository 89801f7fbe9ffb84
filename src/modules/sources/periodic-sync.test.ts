// Scheduled pull syncs through the real job function: a Chatwoot source (fake Chatwoot on 127.0.0.1) is synced
// when due, not again within its interval, and not while paused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import { connectSource, countRows } from '../../../test/helpers/connectors.js'
import { startFakeChatwoot, type FakeChatwoot } from '../../../test/fakes/chatwoot-api.js'
import { syncDueSources } from './periodic-sync.js'

const config = testConfig()
let t: Awaited<ReturnType<typeof testApp>>
let fake: FakeChatwoot

beforeAll(async () => {
  t = await testApp({ config })
  fake = await startFakeChatwoot({ conversations: 2 })
})
afterAll(async () => {
  await t?.app.close()
  await fake?.close()
})

describe('periodic syncs', () => {
  it('runs a due source once per interval, records the run, and skips paused sources', async () => {
    const source = await connectSource(t, 'chatwoot', { baseUrl: fake.url, accountId: fake.accountId, apiAccessToken: fake.token })
    const deps = { database: t.database, config, log: silentLog }
    expect(await syncDueSources(deps)).toBe(1)
    expect(await countRows(t.database, `SELECT 1 FROM messages WHERE source_id = $1`, [source.id])).toBe(
      [...fake.messages.values()].flat().length,
    )
    expect(await countRows(t.database, `SELECT 1 FROM job_runs WHERE kind = 'sync:chatwoot' AND trigger = 'schedule'`)).toBe(1)
    expect(await syncDueSources(deps)).toBe(0)

    // Fifteen minutes later it is due again, unless paused.
    await t.database.query(`UPDATE sources SET last_attempt_at = now() - interval '16 minutes' WHERE id = $1`, [source.id])
    await t.app.inject({ method: 'POST', url: `/api/v1/sources/${source.id}/pause`, headers: t.auth })
    expect(await syncDueSources(deps)).toBe(0)
    await t.app.inject({ method: 'POST', url: `/api/v1/sources/${source.id}/resume`, headers: t.auth })
    expect(await syncDueSources(deps)).toBe(1)
  })
})
