// A handler that outlives the queue's graceful stop ends after the database closed: its completion or failure must
// not reach the closed database (an unhandled rejection that used to fail the run); the job stays active and
// pg-boss retries it at the next start.
import { describe, expect, it } from 'vitest'
import { startQueue } from './queue.js'
import { freshDatabase, silentLog } from '../../test/helpers/database.js'

describe('the job queue after stop()', () => {
  it('drops a late completion and failure instead of writing to the closed database', async () => {
    const database = await freshDatabase()
    const queue = await startQueue(database, silentLog, { supervise: false })
    await queue.boss.createQueue('test.late')
    const id = (await queue.send('test.late', {}))!
    await queue.stop()
    await database.close()
    await expect(queue.boss.fail('test.late', id, new Error('late'))).resolves.toMatchObject({ requested: 1 })
    await expect(queue.boss.complete('test.late', id)).resolves.toMatchObject({ requested: 1 })
  })
})
