// Run lifecycle on a real-format Telegram export: cancellation between batches, crash recovery, and a run
// against an OpenAI-compatible model (the fake server) answering with valid and invalid proposals.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../helpers/app.js'
import { silentLog, testConfig } from '../helpers/database.js'
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.js'
import type { ServiceContext } from '../../src/lib/context.js'
import { runImport } from '../../src/modules/importers/index.js'
import { cancelRun, createRun, executeRun, getRun, recoverStaleRuns } from '../../src/modules/analysis/index.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
let t: TestApp
let ctx: ServiceContext
let fake: FakeOpenAi
let agentId: string
// Four real Telegram Desktop exports (teknologi-umum/tgif), copied into test/fixtures (sources in its README).
const chats = path.resolve(__dirname, '../fixtures/telegram-tgif')
// One database for the file; each test analyses its own chat (its own day), so runs do not see each other's messages.
const windows = {
  cancel: { from: '2023-02-10T00:00:00Z', to: '2023-02-11T00:00:00Z' }, // praktik-load-balancer
  crash: { from: '2023-01-27T00:00:00Z', to: '2023-01-28T00:00:00Z' }, // membuat-linq-efisien
  valid: { from: '2022-09-16T00:00:00Z', to: '2022-09-17T00:00:00Z' }, // oop
  invalid: { from: '2022-08-28T00:00:00Z', to: '2022-08-29T00:00:00Z' }, // database-isolation-level
}
/** Small batches so that a run has several batch boundaries. */
const smallBatches = (window: { from: string; to: string }) => ({ ...window, tokenBudget: 500, gapMinutes: 2, extractAtoms: false })

const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: t.auth, payload: payload as any })

beforeAll(async () => {
  fake = await startFakeOpenAi()
  t = await testApp()
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'local-token' }, log: silentLog, config: testConfig() }
  for (const chat of ['praktik-load-balancer', 'membuat-linq-efisien', 'oop', 'database-isolation-level']) {
    const result = await runImport(ctx, { kind: 'telegram', path: path.join(chats, chat, 'exported.json') })
    expect(result.created).toBeGreaterThan(25)
  }
  const provider = await call('POST', '/api/v1/llm/providers', {
    name: 'fake',
    type: 'openai_compatible',
    baseUrl: fake.url,
    apiKey: 'sk-test-analysis',
  })
  expect(provider.statusCode).toBe(201)
  const agent = await call('POST', '/api/v1/llm/agents', { name: 'extractor', providerId: provider.json().id, modelName: 'gpt-4o-mini' })
  expect(agent.statusCode).toBe(201)
  agentId = agent.json().id
})
afterAll(async () => {
  await t?.app.close()
  await fake?.close()
})

describe('cancellation', () => {
  it('cancels a pending run at once and a running run at its next batch boundary', async () => {
    const pending = await createRun(ctx, smallBatches(windows.cancel))
    expect((await call('POST', `/api/v1/analysis/runs/${pending.id}/cancel`)).json().status).toBe('cancelled')
    expect((await executeRun(ctx, pending.id)).status).toBe('cancelled')

    const run = await createRun(ctx, smallBatches(windows.cancel))
    const finished = await executeRun(ctx, run.id, {
      onProgress: async ({ batch }) => {
        if (batch?.index === 0) await cancelRun(ctx, run.id)
      },
    })
    expect(finished.status).toBe('cancelled')
    expect(finished.counters.batchesCreated).toBeGreaterThan(2)
    expect(finished.counters.batchesDone).toBe(1)
    // Messages of batches never reached stay free for the next run.
    const free = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE sent_at >= $1 AND sent_at < $2 AND cardinality(included_in_runs) = 0 AND analysis_status NOT IN ('noise', 'spam')`,
      [windows.cancel.from, windows.cancel.to],
    )
    expect(free[0].n).toBeGreaterThan(0)
  })
})

describe('crash recovery', () => {
  it('resumes a run whose worker died mid-way, without proposing its finished batch again', async () => {
    const run = await createRun(ctx, smallBatches(windows.crash))
    // The first worker commits batch 0, then hangs forever (as if its process died).
    let batchCommitted!: () => void
    const firstBatch = new Promise<void>((resolve) => (batchCommitted = resolve))
    const firstWorker = executeRun(ctx, run.id, {
      onProgress: ({ batch }) => {
        if (batch?.index !== 0) return
        batchCommitted()
        return new Promise<void>(() => {})
      },
    })
    await Promise.race([firstBatch, firstWorker.then(() => Promise.reject(new Error('the run ended before its first batch')))])
    const stuck = await getRun(ctx, run.id)
    expect(stuck).toMatchObject({ status: 'running', counters: { batchesDone: 1 } })
    const afterFirstBatch = stuck.counters.proposalsTotal

    // A live heartbeat is not touched; a stale one is handed back to the queue.
    expect(await recoverStaleRuns({ database: t.database }, { staleAfterSeconds: 60 })).toEqual({ resumed: [], failed: [], cancelled: [] })
    await t.database.query(`UPDATE analysis_runs SET heartbeat_at = now() - interval '10 minutes' WHERE id = $1`, [run.id])
    expect(await recoverStaleRuns({ database: t.database }, { staleAfterSeconds: 60 })).toEqual({
      resumed: [run.id],
      failed: [],
      cancelled: [],
    })
    expect((await getRun(ctx, run.id)).status).toBe('pending')

    const resumed = await executeRun(ctx, run.id)
    expect(resumed.status).toBe('completed')
    expect(resumed.attempts).toBe(2)
    expect(resumed.errorLog.map((e) => e.kind)).toContain('worker_lost')
    expect(resumed.counters.proposalsTotal).toBeGreaterThanOrEqual(afterFirstBatch)
    const duplicates = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT m FROM task_proposals, jsonb_array_elements_text(source_message_ids) m
        WHERE run_id = $1 AND kind = 'task' GROUP BY m HAVING count(*) > 1) d`,
      [run.id],
    )
    expect(duplicates[0].n).toBe(0)
    const left = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE sent_at >= $1 AND sent_at < $2 AND cardinality(included_in_runs) = 0
         AND analysis_status NOT IN ('noise', 'spam') AND content_kind <> 'service' AND btrim(content) <> ''`,
      [windows.crash.from, windows.crash.to],
    )
    expect(left[0].n).toBe(0)
  })

  it('marks a run failed, never stuck in running, after too many attempts', async () => {
    const run = await createRun(ctx, smallBatches(windows.cancel))
    await t.database.query(
      `UPDATE analysis_runs SET status = 'running', attempts = 3, heartbeat_at = now() - interval '1 hour' WHERE id = $1`,
      [run.id],
    )
    expect(await recoverStaleRuns({ database: t.database }, { staleAfterSeconds: 60 })).toEqual({
      resumed: [],
      failed: [run.id],
      cancelled: [],
    })
    const failed = await getRun(ctx, run.id)
    expect(failed.status).toBe('failed')
    expect(failed.errorLog.at(-1)?.message).toMatch(/gave up after 3 attempts/)

    // A cancel requested while the worker was dying ends the run as cancelled, not pending forever.
    const cancelling = await createRun(ctx, smallBatches(windows.cancel))
    await t.database.query(
      `UPDATE analysis_runs SET status = 'running', attempts = 1, heartbeat_at = now() - interval '1 hour', cancel_requested_at = now() WHERE id = $1`,
      [cancelling.id],
    )
    expect(await recoverStaleRuns({ database: t.database }, { staleAfterSeconds: 60 })).toEqual({
      resumed: [],
      failed: [],
      cancelled: [cancelling.id],
    })
    expect((await getRun(ctx, cancelling.id)).status).toBe('cancelled')
  })
})

describe('with an OpenAI-compatible model', () => {
  const messageIds = (window: { from: string; to: string }) =>
    t.database.query<{ id: string }>(`SELECT id FROM messages WHERE sent_at >= $1 AND sent_at < $2 ORDER BY sent_at`, [
      window.from,
      window.to,
    ])

  it('stores schema-valid proposals, drops invented message ids, and logs tokens and cost', async () => {
    const ids = (await messageIds(windows.valid)).map((m) => m.id)
    const task = (title: string, sources: string[]) => ({
      title,
      description: `${title} as discussed`,
      priority: 'high',
      category: 'feature',
      tags: ['infra'],
      sub_tasks: ['provision two VMs'],
      source_message_ids: sources,
      due_date: null,
      assignee: 'Reinaldy',
      confidence: 0.82,
      reasoning: 'asked for in the chat',
      recommendation: 'new_task',
    })
    fake.enqueue({
      kind: 'content',
      content: { tasks: [task('Set up an nginx load balancer', [ids[0], ids[1]]), task('Invented task', ['not-a-message-id'])] },
      usage: { prompt_tokens: 1200, completion_tokens: 300 },
    })
    const run = await executeRun(
      ctx,
      (await createRun(ctx, { ...windows.valid, agentId, tokenBudget: 100_000, gapMinutes: 600, extractAtoms: false })).id,
    )
    expect(run.status).toBe('completed')
    expect(run.counters).toMatchObject({ batchesCreated: 1, proposalsTotal: 1, llmTokensUsed: 1500 })
    expect(run.counters.costEstimate).toBeGreaterThan(0)
    expect(run.errorLog.map((e) => e.kind)).toEqual(['unknown_source_messages'])
    const [proposal] = (await call('GET', `/api/v1/proposals?runId=${run.id}`)).json().items
    expect(proposal).toMatchObject({
      title: 'Set up an nginx load balancer',
      priority: 'high',
      assigneeName: 'Reinaldy',
      messageCount: 2,
      subTasks: [{ title: 'provision two VMs' }],
    })
    const request = fake.chatRequests().at(-1)!
    expect(request.body.model).toBe('gpt-4o-mini')
    expect(JSON.stringify(request.body.messages)).toContain(ids[0])
  })

  it('fails the batch on schema-invalid output and leaves its messages for the next run', async () => {
    const invalid = { kind: 'content' as const, content: { tasks: [{ title: '', priority: 'urgent', source_message_ids: [] }] } }
    fake.enqueue(invalid, invalid)
    const run = await executeRun(
      ctx,
      (await createRun(ctx, { ...windows.invalid, agentId, tokenBudget: 100_000, gapMinutes: 600, extractAtoms: false })).id,
    )
    expect(run.status).toBe('failed')
    expect(run.counters.proposalsTotal).toBe(0)
    expect(run.errorLog[0]).toMatchObject({ batch: 0, kind: 'llm_invalid_output' })
    const included = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE $1::uuid = ANY(included_in_runs)`,
      [run.id],
    )
    expect(included[0].n).toBe(0)

    // The local analyser picks the same window up afterwards.
    const local = await executeRun(ctx, (await createRun(ctx, { ...windows.invalid, extractAtoms: false })).id)
    expect(local.status).toBe('completed')
    expect(local.counters.messagesAfterPrefilter).toBe(run.counters.messagesAfterPrefilter)
  })
})
