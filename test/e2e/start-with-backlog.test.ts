// The README's first-day flow: an import made while no server ran leaves a large backlog in the outbox (chunking,
// embedding, noise scoring), and the process that was working on it may have died with a job `active`. The next
// `signalbox start` must be ready within seconds whatever is waiting (workers start once the server listens) and
// hand the dead process's job back to the queue instead of leaving it stuck.
import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase } from '../../src/db/open.js'
import { startQueue } from '../../src/jobs/queue.js'
import { ingestMessages } from '../../src/modules/messages/index.js'
import { ensureDefaultWorkspace } from '../../src/modules/workspaces/index.js'
import { startServer, type RunningServer } from '../../src/server.js'
import { silentLog, testConfig } from '../helpers/database.js'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-backlog-'))
const config = testConfig({ SIGNALBOX_DATA_DIR: dataDir, PORT: '0' })
const backlogMessages = 5_000
let server: RunningServer | undefined

afterAll(async () => {
  await server?.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

/** What a CLI import with no server running leaves behind: messages stored, their events waiting in the outbox,
 * and a job that a killed worker process had taken (state `active`, started a minute ago). */
async function leaveBacklogAndStuckJob(): Promise<string> {
  const database = await openDatabase(config)
  try {
    const workspaceId = await ensureDefaultWorkspace({ database })
    const ctx = { database, config, log: silentLog, workspaceId, actor: { kind: 'system' as const } }
    for (let start = 0; start < backlogMessages; start += 1000) {
      const messages = Array.from({ length: 1000 }, (_, k) => {
        const i = start + k
        return {
          externalId: `m${i}`,
          conversation: { externalId: `chat-${i % 7}` },
          author: { externalId: `user-${i % 250}` },
          sentAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
          content: `message ${i} about the deployment of service ${i % 40} and the budget for quarter ${i % 4}`,
        }
      })
      await ingestMessages(ctx, { source: { type: 'api', name: 'backlog' }, messages })
    }
    const queue = await startQueue(database, silentLog, { supervise: false })
    const [{ id: messageId }] = await database.query<{ id: string }>(`SELECT id FROM messages LIMIT 1`)
    const jobId = await queue.send('noise.score-messages', { workspaceId, messageIds: [messageId] })
    await database.query(`UPDATE pgboss.job SET state = 'active', started_on = now() - interval '1 minute' WHERE id = $1`, [jobId])
    await queue.stop()
    return jobId!
  } finally {
    await database.close()
  }
}

describe('signalbox start with a waiting backlog', () => {
  it('is ready within 10 s and requeues the job a dead process left active', async () => {
    const stuckJobId = await leaveBacklogAndStuckJob()
    const began = Date.now()
    // Before the fix this threw "Plugin did not start in time: '@fastify/swagger-ui'" (the backlog's jobs ran first).
    server = await startServer(config, silentLog)
    const listening = Date.now()
    let ready = await fetch(`${server.url}/readyz`)
    while (ready.status !== 200 && Date.now() - listening < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      ready = await fetch(`${server.url}/readyz`)
    }
    expect(ready.status).toBe(200)
    // Measured from the moment the server listens: opening the database and building the app take seconds more on
    // a loaded machine whatever the backlog; before the fix the backlog's work starved the server for 30-40 s.
    const readyAfterMs = Date.now() - listening
    expect(readyAfterMs, `ready ${readyAfterMs} ms after listening, ${Date.now() - began} ms after start`).toBeLessThan(10_000)
    // The API answers while the backlog is being worked through.
    const docs = await fetch(`${server.url}/api/docs/json`)
    expect(docs.status).toBe(200)

    const [job] = await server.app.deps.database.query<{ state: string; started_on: Date | null }>(
      `SELECT state, started_on FROM pgboss.job WHERE id = $1`,
      [stuckJobId],
    )
    // Either waiting to run again or already taken by this process's worker (started after this start-up).
    const takenAgain = job.state !== 'active' || new Date(job.started_on!).getTime() >= began - 1000
    expect(takenAgain, `job left ${job.state} since ${job.started_on}`).toBe(true)
    const [{ waiting }] = await server.app.deps.database.query<{ waiting: number }>(`SELECT count(*)::int AS waiting FROM event_outbox`)
    const [{ unscored }] = await server.app.deps.database.query<{ unscored: number }>(
      `SELECT count(*)::int AS unscored FROM messages WHERE noise_classification IS NULL`,
    )
    // The backlog was still there when the server became ready: it did not wait for it.
    expect(waiting + unscored).toBeGreaterThan(0)
  }, 240_000)
})
