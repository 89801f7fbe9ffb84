// Classification experiments over labelled messages: figures that match the per-message results, the confusion
// matrix, a model experiment without a model, and a re-run of the job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import type { ServiceContext } from '../../lib/context.js'
import { ingestMessages } from '../messages/index.js'
import { runExperimentJob } from './jobs.js'
import { perTopicMetrics, summariseOutcomes } from './metrics.js'
import { startFakeOpenAi, type FakeOpenAi } from '../../../test/fakes/openai-server.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
let t: TestApp
let ctx: ServiceContext
const topicIds = new Map<string, string>()
const messageIds = new Map<string, string>()

// Short customer messages in the style of CLINC150 (../shared/eval/labelled_datasets/clinc150), labelled by domain.
const labelled: Array<[string, string, string]> = [
  ['m1', 'how do i transfer money from checking to savings', 'Banking'],
  ['m2', 'what is the routing number of my bank account', 'Banking'],
  ['m3', 'freeze my account, i think someone stole my pin', 'Banking'],
  ['m4', 'my credit card was declined at the store', 'Credit cards'],
  ['m5', 'can you raise the credit limit on my card', 'Credit cards'],
  ['m6', 'book a flight to paris for next monday', 'Travel'],
  ['m7', 'do i need a visa to travel to japan', 'Travel'],
  ['m8', 'what is the weather like today', 'Travel'],
]

beforeAll(async () => {
  t = await testApp()
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'system' }, log: silentLog, config: testConfig() }
  const topics = [
    {
      name: 'Banking',
      description: 'accounts, transfers, balances',
      keywords: ['transfer', 'routing', 'freeze account', 'pin', 'balance'],
    },
    {
      name: 'Credit cards',
      description: 'card limits, rewards, declined payments',
      keywords: ['credit limit', 'card declined', 'rewards', 'apr'],
    },
    { name: 'Travel', description: 'flights, visas, hotels', keywords: ['flight', 'visa', 'hotel', 'travel'] },
  ]
  for (const topic of topics) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/topics', headers: t.auth, payload: topic })
    topicIds.set(topic.name, res.json().id)
  }
  await ingestMessages(ctx, {
    source: { type: 'api', name: 'support' },
    messages: labelled.map(([id, content], i) => ({
      externalId: id,
      conversation: { externalId: 'support-chat' },
      sentAt: `2026-03-01T09:0${i}:00Z`,
      content,
    })),
  })
  for (const r of await t.database.query<{ id: string; external_id: string }>('SELECT id, external_id FROM messages')) {
    messageIds.set(r.external_id, r.id)
  }
  for (const [id, , topic] of labelled) {
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/messages/${messageIds.get(id)}/topic`,
      headers: t.auth,
      payload: { topicId: topicIds.get(topic) },
    })
  }
}, 180_000)
afterAll(async () => {
  await t?.app.close()
})

describe('POST /api/v1/experiments with the local classifier', () => {
  let experimentId: string
  it('runs over the labelled messages and stores results, accuracy and a confusion matrix', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/experiments',
      headers: t.auth,
      payload: { classifier: 'local', messageCount: 50 },
    })
    expect(res.statusCode).toBe(201)
    const created = res.json()
    experimentId = created.id
    expect(created).toMatchObject({ status: 'completed', classifier: 'local', messageCount: 8, modelName: 'local-tfidf' })
    expect(created.topicsSnapshot.map((x: { name: string }) => x.name).sort()).toEqual(['Banking', 'Credit cards', 'Travel'])

    const read = (await t.app.inject({ method: 'GET', url: `/api/v1/experiments/${experimentId}`, headers: t.auth })).json()
    expect(read.results).toHaveLength(8)
    const correct = read.results.filter((r: { correct: boolean }) => r.correct).length
    expect(read.accuracy).toBeCloseTo(correct / 8, 5)
    // The weather question is labelled Travel but shares no word with it: the classifier must miss it.
    const weather = read.results.find((r: any) => r.messageId === messageIds.get('m8'))
    expect(weather.correct).toBe(false)
    expect(read.accuracy).toBeGreaterThanOrEqual(0.75)
    expect(read.accuracy).toBeLessThan(1)

    const travel = topicIds.get('Travel')!
    const matrixTotal = Object.values(read.confusionMatrix as Record<string, Record<string, number>>)
      .flatMap((row) => Object.values(row))
      .reduce((s, v) => s + v, 0)
    expect(matrixTotal).toBe(8)
    expect(Object.values(read.confusionMatrix[travel]).reduce((s: number, v) => s + (v as number), 0)).toBe(3)
    expect(read.perTopic.find((p: any) => p.name === 'Travel')).toMatchObject({ support: 3 })
    expect(read.avgExecutionTimeMs).toBeGreaterThanOrEqual(0)
    expect(read.avgConfidence).toBeGreaterThan(0)
  })

  it('a re-run of the job replaces the results instead of adding to them', async () => {
    await runExperimentJob.handle(
      { database: t.database, config: testConfig(), log: silentLog, queue: undefined as never },
      { workspaceId: t.defaultWorkspaceId, experimentId, messageIds: [...messageIds.values()] },
      { id: 'job-1' },
    )
    const read = (await t.app.inject({ method: 'GET', url: `/api/v1/experiments/${experimentId}`, headers: t.auth })).json()
    expect(read.status).toBe('completed')
    expect(read.results).toHaveLength(8)
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/experiments', headers: t.auth })).json()
    expect(list.items.map((x: { id: string }) => x.id)).toContain(experimentId)
  })

  it('runs over chosen messages only', async () => {
    const chosen = [messageIds.get('m1'), messageIds.get('m6')]
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/experiments', headers: t.auth, payload: { messageIds: chosen } })
    expect(res.json()).toMatchObject({ messageCount: 2, accuracy: 1 })
  })
})

describe('experiments that cannot run', () => {
  it('a model experiment with no model available is stored as failed with the reason', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/experiments',
      headers: t.auth,
      payload: { classifier: 'model', messageCount: 3 },
    })
    expect([201, 202]).toContain(res.statusCode)
    const read = (await t.app.inject({ method: 'GET', url: `/api/v1/experiments/${res.json().id}`, headers: t.auth })).json()
    expect(read.status).toBe('failed')
    expect(read.errorMessage).toMatch(/model/i)
  })

  it('refuses bad input with a 400 naming the field, and an unknown id with 404', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/experiments', headers: t.auth, payload: { classifier: 'oracle' } })
    expect(bad.statusCode).toBe(400)
    expect(JSON.stringify(bad.json().error.details)).toContain('classifier')
    const unlabelled = await t.app.inject({
      method: 'POST',
      url: '/api/v1/experiments',
      headers: t.auth,
      payload: { messageIds: ['00000000-0000-4000-8000-000000000000'] },
    })
    expect(unlabelled.statusCode).toBe(400)
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/experiments/00000000-0000-4000-8000-000000000000', headers: t.auth })
    expect(missing.statusCode).toBe(404)
  })
})

describe('a model experiment against an OpenAI-compatible server', () => {
  let fake: FakeOpenAi
  afterAll(async () => {
    await fake?.close()
  })

  it("records the agent's model and scores the model's answers, unknown topic ids counting as no topic", async () => {
    fake = await startFakeOpenAi()
    const inject = async (url: string, payload: object) => (await t.app.inject({ method: 'POST', url, headers: t.auth, payload })).json()
    const provider = await inject('/api/v1/llm/providers', {
      name: 'fake',
      type: 'openai_compatible',
      baseUrl: fake.url,
      apiKey: 'sk-test-exp',
    })
    const agent = await inject('/api/v1/llm/agents', {
      name: 'classifier',
      role: 'classifier',
      providerId: provider.id,
      modelName: 'gpt-4o-mini',
    })
    const chosen = ['m1', 'm4', 'm6'].map((id) => messageIds.get(id)!)
    fake.enqueue({
      kind: 'content',
      content: {
        results: [
          { id: messageIds.get('m1'), topic_id: topicIds.get('Banking'), confidence: 0.9 },
          { id: messageIds.get('m4'), topic_id: topicIds.get('Travel'), confidence: 0.6 },
          { id: messageIds.get('m6'), topic_id: 'not-a-topic', confidence: 0.8 },
        ],
      },
    })
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/experiments',
      headers: t.auth,
      payload: { classifier: 'model', agentId: agent.id, messageIds: chosen },
    })
    const read = (await t.app.inject({ method: 'GET', url: `/api/v1/experiments/${res.json().id}`, headers: t.auth })).json()
    expect(read).toMatchObject({ status: 'completed', modelName: 'gpt-4o-mini', providerId: provider.id, messageCount: 3 })
    expect(read.accuracy).toBeCloseTo(1 / 3, 3)
    expect(read.avgConfidence).toBeCloseTo(0.75, 5)
    expect(read.confusionMatrix[topicIds.get('Travel')!]).toEqual({ none: 1 })
    expect(read.confusionMatrix[topicIds.get('Credit cards')!]).toEqual({ [topicIds.get('Travel')!]: 1 })
    // The prompt carried the topics and the messages.
    const prompt = JSON.stringify(fake.chatRequests()[0].body.messages)
    expect(prompt).toContain('Credit cards')
    expect(prompt).toContain('book a flight to paris')
  })
})

describe('experiment figures', () => {
  it('summarises outcomes into accuracy, averages, a confusion matrix and per-topic precision/recall', () => {
    const summary = summariseOutcomes([
      { expectedTopicId: 'a', predictedTopicId: 'a', confidence: 0.9, executionTimeMs: 2 },
      { expectedTopicId: 'a', predictedTopicId: 'b', confidence: 0.5, executionTimeMs: 4 },
      { expectedTopicId: 'b', predictedTopicId: null, confidence: null, executionTimeMs: 3 },
      { expectedTopicId: 'b', predictedTopicId: 'b', confidence: 0.7, executionTimeMs: 3 },
    ])
    expect(summary.accuracy).toBe(0.5)
    expect(summary.avgConfidence).toBeCloseTo(0.7, 5)
    expect(summary.avgExecutionTimeMs).toBe(3)
    expect(summary.confusionMatrix).toEqual({ a: { a: 1, b: 1 }, b: { none: 1, b: 1 } })
    expect(perTopicMetrics(summary.confusionMatrix, ['a', 'b'])).toEqual([
      { topicId: 'a', support: 2, predicted: 1, precision: 1, recall: 0.5 },
      { topicId: 'b', support: 2, predicted: 2, precision: 0.5, recall: 0.5 },
    ])
  })
})
