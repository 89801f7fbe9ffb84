// A reminder wakes the delivery tick at its own time (a one-off job on the real pg-boss queue), instead of waiting
// up to a minute for the next scheduled tick.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { freshDatabase, silentLog, testConfig } from '../../../test/helpers/database.js'
import { createTestUser } from '../../../test/helpers/identity.js'
import { startQueue, type JobQueue } from '../../jobs/queue.js'
import type { Database } from '../../db/client.js'
import type { ServiceContext } from '../../lib/context.js'
import { ensureDefaultWorkspace } from '../workspaces/index.js'
import { createReminder } from './messages.js'
import { proactiveJobName } from './job-name.js'

let database: Database
let queue: JobQueue

beforeAll(async () => {
  database = await freshDatabase()
  queue = await startQueue(database, silentLog, { supervise: false })
  await queue.boss.createQueue(proactiveJobName)
})
afterAll(async () => {
  await queue.stop()
  await database.close()
})

it('queues a tick that starts at the reminder time', async () => {
  const workspaceId = await ensureDefaultWorkspace({ database })
  const user = await createTestUser(database, { workspaceId })
  const ctx: ServiceContext = {
    database,
    workspaceId,
    actor: { kind: 'user', userId: user.id, role: 'member' },
    log: silentLog,
    config: testConfig(),
    queue,
  }
  const at = new Date(Date.now() + 90 * 60_000)
  const reminder = await createReminder(ctx, { content: 'call Bob', scheduledFor: at })
  expect(new Date(reminder.scheduledFor).getTime()).toBe(at.getTime())
  const jobs = await database.query<{ start_after: Date }>(`SELECT start_after FROM pgboss.job WHERE name = $1`, [proactiveJobName])
  expect(jobs).toHaveLength(1)
  expect(new Date(jobs[0].start_after).getTime()).toBe(at.getTime())
})
