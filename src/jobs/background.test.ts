// A job blocked by a budget is parked until the period ends instead of failing and burning its retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { runJob } from './background.js'
import { startQueue, type JobQueue } from './queue.js'
import { BudgetExceededError } from '../lib/errors.js'
import { freshDatabase, silentLog, testConfig } from '../../test/helpers/database.js'
import type { Database } from '../db/client.js'

let database: Database
let queue: JobQueue

beforeAll(async () => {
  database = await freshDatabase()
  queue = await startQueue(database, silentLog, { supervise: false })
})
afterAll(async () => {
  await queue.stop()
  await database.close()
})

describe('runJob', () => {
  it('parks a budget-blocked job until the period ends', async () => {
    const periodEndsAt = new Date(Date.now() + 3 * 24 * 3600 * 1000)
    const definition = {
      name: 'test.budgeted',
      payload: z.object({ workspaceId: z.string() }),
      handle: async () => {
        throw new BudgetExceededError('blocked', { periodEndsAt: periodEndsAt.toISOString() })
      },
    }
    await runJob(definition, { database, config: testConfig(), log: silentLog, queue }, { id: 'j1', data: { workspaceId: 'w1' } })
    const rows = await database.query<{ data: { workspaceId: string }; start_after: Date }>(
      `select data, start_after from pgboss.job where name = 'test.budgeted'`,
    )
    expect(rows).toHaveLength(1)
    expect(rows[0].data.workspaceId).toBe('w1')
    expect(new Date(rows[0].start_after).getTime()).toBe(periodEndsAt.getTime())
  })

  it('lets other errors fail the job so pg-boss retries it', async () => {
    const definition = {
      name: 'test.failing',
      payload: z.object({}),
      handle: async () => {
        throw new Error('provider down')
      },
    }
    await expect(runJob(definition, { database, config: testConfig(), log: silentLog, queue }, { id: 'j2', data: {} })).rejects.toThrow(
      'provider down',
    )
    const rows = await database.query(`select 1 from pgboss.job where name = 'test.failing'`)
    expect(rows).toHaveLength(0)
  })
})
