// Noise scoring over the real message store: the job that follows ingest, the on-demand endpoint, duplicates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import { startQueue, type JobQueue } from '../../jobs/queue.js'
import type { ServiceContext } from '../../lib/context.js'
import { ingestMessages, messagesChangedEvent } from '../messages/index.js'
import { scoreMessagesJob, scoreMessagesPayload } from './jobs.js'
import { startFakeOpenAi, type FakeOpenAi } from '../../../test/fakes/openai-server.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
let t: TestApp
let queue: JobQueue
let ctx: ServiceContext

// Lines from the Slack export test archive (hfaran/slack-export-viewer tests/testarchive.zip, channel "enrique").
const source = { type: 'slack' as const, name: 'mesos-magellan' }
const author = { externalId: 'U0BMQB6JE', displayName: 'hfaran' }
const line = (id: string, content: string, extra: Record<string, unknown> = {}) => ({
  externalId: id,
  conversation: { externalId: 'C0BMQ-enrique', title: 'enrique' },
  author,
  sentAt: `2016-01-15T10:${id.padStart(2, '0')}:00Z`,
  content,
  ...extra,
})

beforeAll(async () => {
  t = await testApp()
  queue = await startQueue(t.database, silentLog, { supervise: false })
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'system' }, log: silentLog, config: testConfig(), queue }
  // The same wiring the background worker sets up for a subscribing job.
  await queue.boss.createQueue(scoreMessagesJob.name)
  for (const event of scoreMessagesJob.subscribes ?? []) await queue.boss.subscribe(event, scoreMessagesJob.name)
}, 180_000)
afterAll(async () => {
  await queue?.stop()
  await t?.app.close()
})

const row = async (externalId: string) =>
  (
    await t.database.query<any>(
      `SELECT importance_score, noise_classification, noise_factors, analysis_status FROM messages WHERE external_id = $1`,
      [externalId],
    )
  )[0]

describe('noise.score-messages job', () => {
  it('subscribes to messages.changed and scores what ingest stored', async () => {
    expect(scoreMessagesJob.subscribes).toContain(messagesChangedEvent)
    await ingestMessages(ctx, {
      source,
      messages: [
        line('1', '<@U0BMYT2FL>: Created an issue for a setup.py so that it can be installed to a standard place'),
        line('2', 'Need that done before it can be used in victoria'),
        line('3', ':+1: '),
        line('4', 'Need that done before it can be used in victoria'),
        line('5', '<@U0BMQB6JE> has joined the channel', { contentKind: 'service' }),
        line('6', 'Build #12 passed', { author: { externalId: 'B0JL6RASU', displayName: 'github', isBot: true } }),
      ],
    })
    expect((await row('1')).analysis_status).toBe('pending')

    const jobs = await queue.boss.fetch(scoreMessagesJob.name, { batchSize: 10 })
    expect(jobs?.length).toBe(1)
    const payload = scoreMessagesPayload.parse(jobs![0].data)
    expect(payload.messageIds).toHaveLength(6)
    await scoreMessagesJob.handle({ database: t.database, config: testConfig(), log: silentLog, queue }, payload, { id: jobs![0].id })

    const request = await row('1')
    expect(request.analysis_status).toBe('analyzed')
    expect(['signal', 'high_quality']).toContain(request.noise_classification)
    expect(request.noise_factors.mentions).toBeGreaterThan(0)
    expect(await row('3')).toMatchObject({ noise_classification: 'noise', analysis_status: 'noise' })
    // The second copy of the same line is a duplicate; the first is not.
    expect((await row('2')).noise_factors.duplicate).toBe(0)
    expect(await row('4')).toMatchObject({ noise_classification: 'noise', noise_factors: expect.objectContaining({ duplicate: 1 }) })
    expect(await row('5')).toMatchObject({ noise_classification: 'noise', noise_factors: expect.objectContaining({ service: 1 }) })
    expect((await row('6')).noise_factors.bot_author).toBe(1)
    expect((await row('6')).importance_score).toBeLessThan(request.importance_score)
  })

  it('rescores an edited message after the next ingest', async () => {
    await ingestMessages(ctx, { source, messages: [line('3', 'Can you review PR #3 today? the executor crashes on start')] })
    const jobs = await queue.boss.fetch(scoreMessagesJob.name, { batchSize: 10 })
    expect((await row('3')).analysis_status).toBe('pending')
    await scoreMessagesJob.handle(
      { database: t.database, config: testConfig(), log: silentLog, queue },
      scoreMessagesPayload.parse(jobs![0].data),
      { id: jobs![0].id },
    )
    expect(await row('3')).toMatchObject({ noise_classification: 'high_quality', analysis_status: 'analyzed' })
  })
})

describe('POST /api/v1/messages/score-noise', () => {
  it('rescores a whole conversation and reports the classes', async () => {
    const conversationId = (await t.database.query<{ id: string }>(`SELECT id FROM conversations LIMIT 1`))[0].id
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/messages/score-noise',
      headers: t.auth,
      payload: { conversationId },
    })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.scored).toBe(6)
    expect(body.scorer).toBe('local')
    expect(body.byClassification.noise).toBeGreaterThanOrEqual(2)

    const read = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/messages`, headers: t.auth })
    const scoredItems = read.json().items.filter((m: { importanceScore: number | null }) => m.importanceScore !== null)
    expect(scoredItems).toHaveLength(6)
  })

  it('pages through a conversation longer than one batch', async () => {
    const long = Array.from({ length: 450 }, (_, i) => ({
      externalId: `long-${i}`,
      conversation: { externalId: 'C-long', title: 'long' },
      author,
      sentAt: new Date(Date.UTC(2016, 1, 1, 0, 0, i)).toISOString(),
      content: i % 3 === 0 ? 'thanks!' : `Build step ${i} needs a fix: the executor crashes on start`,
    }))
    await ingestMessages({ ...ctx, queue: undefined }, { source, messages: long })
    const conversationId = (await t.database.query<{ id: string }>(`SELECT id FROM conversations WHERE external_id = 'C-long'`))[0].id
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/messages/score-noise', headers: t.auth, payload: { conversationId } })
    expect(res.json().scored).toBe(450)
    expect(res.json().byClassification.noise).toBe(150)
    const unscored = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND importance_score IS NULL`,
      [conversationId],
    )
    expect(unscored[0].n).toBe(0)
  })

  it('rejects a body with neither messageIds nor conversationId, and an unknown conversation', async () => {
    const empty = await t.app.inject({ method: 'POST', url: '/api/v1/messages/score-noise', headers: t.auth, payload: {} })
    expect(empty.statusCode).toBe(400)
    expect(JSON.stringify(empty.json().error.details)).toContain('messageIds')
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/messages/score-noise',
      headers: t.auth,
      payload: { conversationId: '00000000-0000-4000-8000-000000000000' },
    })
    expect(unknown.statusCode).toBe(404)
  })
})

describe('with a model assigned to noise_scoring', () => {
  let fake: FakeOpenAi
  beforeAll(async () => {
    fake = await startFakeOpenAi()
    const inject = async (url: string, payload: object) => (await t.app.inject({ method: 'POST', url, headers: t.auth, payload })).json()
    const provider = await inject('/api/v1/llm/providers', {
      name: 'fake',
      type: 'openai_compatible',
      baseUrl: fake.url,
      apiKey: 'sk-test-noise',
    })
    const agent = await inject('/api/v1/llm/agents', { name: 'noise-judge', providerId: provider.id, modelName: 'gpt-4o-mini' })
    const tasks = (await t.app.inject({ method: 'GET', url: '/api/v1/llm/task-configs', headers: t.auth })).json().items
    const task = tasks.find((x: { builtinKey: string | null }) => x.builtinKey === 'noise_scoring')
    await inject('/api/v1/llm/assignments', { agentId: agent.id, taskId: task.id })
  }, 60_000)
  afterAll(async () => {
    await fake?.close()
  })

  it("takes the model's verdict, but a duplicate stays noise whatever the model says", async () => {
    const rows = await t.database.query<{ id: string; external_id: string }>(
      `SELECT id, external_id FROM messages WHERE external_id IN ('1', '4') ORDER BY external_id`,
    )
    fake.enqueue({
      kind: 'content',
      content: {
        results: rows.map((r) => ({
          id: r.id,
          importance_score: 0.91,
          noise_classification: 'high_quality',
          factors: { model_judgement: 0.9 },
        })),
      },
    })
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/messages/score-noise',
      headers: t.auth,
      payload: { messageIds: rows.map((r) => r.id) },
    })
    expect(res.json()).toMatchObject({ scored: 2, scorer: 'model' })
    expect(fake.chatRequests()).toHaveLength(1)
    expect(await row('1')).toMatchObject({ importance_score: expect.closeTo(0.91, 5), noise_classification: 'high_quality' })
    expect((await row('1')).noise_factors.model_judgement).toBe(0.9)
    expect(await row('4')).toMatchObject({ noise_classification: 'noise', analysis_status: 'noise' })
  })

  it('falls back to the local rules when the model fails', async () => {
    fake.enqueue(...Array.from({ length: 4 }, () => ({ kind: 'error' as const, status: 400, message: 'bad request' })))
    const id = (await t.database.query<{ id: string }>(`SELECT id FROM messages WHERE external_id = '3'`))[0].id
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/messages/score-noise', headers: t.auth, payload: { messageIds: [id] } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ scored: 1, scorer: 'local' })
    expect((await row('3')).noise_classification).toBe('high_quality')
  })
})
