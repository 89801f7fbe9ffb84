import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase, silentLog, testConfig } from '../../../test/helpers/database.js'
import { testApp } from '../../../test/helpers/app.js'
import { startBackground, type Background } from '../../jobs/background.js'
import type { Database } from '../../db/client.js'
import type { ServiceContext } from '../../lib/context.js'
import { ensureDefaultWorkspace } from '../workspaces/index.js'
import { ingestMessages } from '../messages/index.js'
import { indexMessagesJob } from './jobs.js'
import { waitFor } from '../../../test/helpers/wait-for.js'

let database: Database
let workers: Background[] = []
let ctx: ServiceContext

beforeAll(async () => {
  database = await freshDatabase()
  const config = testConfig()
  // Two workers on one database, as `signalbox worker` twice would be.
  workers = [await startBackground({ database, config, log: silentLog }), await startBackground({ database, config, log: silentLog })]
  ctx = {
    database,
    workspaceId: await ensureDefaultWorkspace({ database }),
    actor: { kind: 'system' },
    log: silentLog,
    config,
    queue: workers[0].queue,
  }
}, 120_000)
afterAll(async () => {
  for (const worker of workers) await worker.stop()
})

describe('pipeline jobs', () => {
  it('indexes and embeds after ingest in the background, each job once across two workers', async () => {
    const batches = 4
    for (let b = 0; b < batches; b++) {
      await ingestMessages(ctx, {
        source: { type: 'api', name: 'feed' },
        messages: Array.from({ length: 5 }, (_, i) => ({
          externalId: `${b}-${i}`,
          conversation: { externalId: `room-${b}` },
          sentAt: `2026-04-0${b + 1}T10:0${i}:00Z`,
          content: `batch ${b} message ${i} about the release checklist`,
        })),
      })
    }
    // Nothing was processed inside the ingest calls.
    const rows = await waitFor('all index jobs to complete', async () => {
      const jobs = await database.query<{ state: string }>(`SELECT state::text FROM pgboss.job WHERE name = $1`, [indexMessagesJob])
      return jobs.length === batches && jobs.every((j) => j.state === 'completed') ? jobs : undefined
    })
    expect(rows).toHaveLength(batches)
    const runs = await database.query<{ job_id: string; n: number; status: string; fetched: number }>(
      `SELECT params->>'jobId' AS job_id, count(*)::int AS n, min(status) AS status, sum(fetched)::int AS fetched
       FROM job_runs WHERE kind = $1 GROUP BY 1`,
      [indexMessagesJob],
    )
    expect(runs).toHaveLength(batches)
    expect(runs.every((r) => r.n === 1 && r.status === 'completed' && r.fetched === 5)).toBe(true)
    // The default configuration has no embedding model: every chunk is indexed for full text, without a vector.
    const chunks = await database.query<{ n: number; skipped: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE embedding_status = 'skipped' AND embedding IS NULL)::int AS skipped FROM chunks`,
    )
    expect(chunks[0]).toEqual({ n: batches * 5, skipped: batches * 5 })
  }, 120_000)

  it('shows failed jobs with their error in GET /api/v1/jobs, only for the caller workspace', async () => {
    await workers[0].queue.send(indexMessagesJob, { workspaceId: ctx.workspaceId, messageIds: ['not-a-uuid'] }, { retryLimit: 0 })
    // Another workspace's job must not be listed.
    await workers[0].queue.send('pipeline.unknown-elsewhere', { workspaceId: '00000000-0000-4000-8000-000000000000' })
    await waitFor('the bad job to fail', async () => {
      const jobs = await database.query(`SELECT 1 FROM pgboss.job WHERE name = $1 AND state = 'failed'`, [indexMessagesJob])
      return jobs.length ? jobs : undefined
    })
    const t = await testApp({ database, defaultWorkspaceId: ctx.workspaceId })
    try {
      const failed = await t.app.inject({ method: 'GET', url: '/api/v1/jobs?state=failed', headers: t.auth })
      expect(failed.statusCode).toBe(200)
      const [job] = failed.json().items
      expect(job).toMatchObject({ name: indexMessagesJob, state: 'failed', retryLimit: 0 })
      expect(JSON.stringify(job.error)).toMatch(/uuid|Invalid/i)

      const all = (await t.app.inject({ method: 'GET', url: '/api/v1/jobs?limit=200', headers: t.auth })).json()
      expect(all.items.some((j: { name: string }) => j.name === 'pipeline.unknown-elsewhere')).toBe(false)
      expect(all.items.filter((j: { name: string; state: string }) => j.name === indexMessagesJob && j.state === 'completed')).toHaveLength(
        4,
      )

      const runs = (await t.app.inject({ method: 'GET', url: '/api/v1/jobs/runs?limit=2', headers: t.auth })).json()
      expect(runs.items).toHaveLength(2)
      expect(runs.nextCursor).not.toBeNull()
    } finally {
      await t.app.close()
    }
  }, 120_000)
})
