// Topics over HTTP and PGlite: CRUD with colour conversion and unique names, classification of ingested messages,
// ground truth kept apart from the prediction, and the job that follows ingest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import type { ServiceContext } from '../../lib/context.js'
import { ingestMessages } from '../messages/index.js'
import { classifyMessagesJob } from './jobs.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
let t: TestApp
let ctx: ServiceContext

// Real lines, English (Slack export test archive of hfaran/slack-export-viewer) and Indonesian (Telegram exports,
// ../shared/fixtures/telegram_export/tgif), in the ingest API's shape.
const source = { type: 'api' as const, name: 'samples' }
const samples = [
  ['s1', 'what should setup.py do? install dependencies for docker and install docker plus contain the executor?'],
  ['s2', 'read committed => Ga bakal baca dari write yang belum beres. Cuma yang udah di-commit aja. isolation level transaksi'],
  ['s3', 'serializable itu ngejamin consistency, tapi ada drawback di performance kalo 1 table punya write rps yang banyak'],
  ['s4', 'Use unittest or py.test; up to you. Write a couple quick tests for the executor'],
  ['s5', 'thanks bang'],
] as const
const ids = new Map<string, string>()

beforeAll(async () => {
  t = await testApp()
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'system' }, log: silentLog, config: testConfig() }
  await ingestMessages(ctx, {
    source,
    messages: samples.map(([id, content], i) => ({
      externalId: id,
      conversation: { externalId: 'room' },
      author: { externalId: 'u1', displayName: 'D Noor' },
      sentAt: `2026-02-01T10:0${i}:00Z`,
      content,
    })),
  })
  for (const r of await t.database.query<{ id: string; external_id: string }>('SELECT id, external_id FROM messages')) {
    ids.set(r.external_id, r.id)
  }
}, 180_000)
afterAll(async () => {
  await t?.app.close()
})

const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: t.auth, payload: payload as any })

describe('topics CRUD', () => {
  let packagingId: string
  it('creates topics, converting Tailwind colours and picking one when absent', async () => {
    const named = await post('/api/v1/topics', {
      name: 'Packaging',
      description: 'Python packaging, setup.py, installing',
      color: 'emerald-600',
      keywords: ['Docker', 'setup.py', ' pip '],
    })
    expect(named.statusCode).toBe(201)
    expect(named.json()).toMatchObject({ name: 'Packaging', color: '#059669', keywords: ['docker', 'setup.py', 'pip'] })
    packagingId = named.json().id

    const auto = await post('/api/v1/topics', {
      name: 'Databases',
      description: 'Transaction isolation, consistency, SQL',
      keywords: ['serializable', 'read committed'],
    })
    expect(auto.statusCode).toBe(201)
    expect(auto.json().color).toMatch(/^#[0-9a-f]{6}$/)
    expect(auto.json().color).not.toBe('#059669')

    const hex = await post('/api/v1/topics', { name: 'Testing', color: '#F43F5E', keywords: ['unittest', 'tests'] })
    expect(hex.json().color).toBe('#f43f5e')
  })

  it('refuses a duplicate name (any case) with 409 and a bad colour with 400 naming the field', async () => {
    const duplicate = await post('/api/v1/topics', { name: 'packaging' })
    expect(duplicate.statusCode).toBe(409)
    expect(duplicate.json().error.code).toBe('conflict')
    const badColor = await post('/api/v1/topics', { name: 'Other', color: 'blurple' })
    expect(badColor.statusCode).toBe(400)
    expect(JSON.stringify(badColor.json().error.details)).toContain('color')
    const noName = await post('/api/v1/topics', { name: '  ' })
    expect(noName.statusCode).toBe(400)
  })

  it('lists, reads, updates and deletes', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/topics', headers: t.auth })
    expect(list.json().items.map((x: { name: string }) => x.name)).toEqual(['Databases', 'Packaging', 'Testing'])
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/topics/${packagingId}`,
      headers: t.auth,
      payload: { color: 'sky', icon: 'package' },
    })
    expect(patched.json()).toMatchObject({ color: '#0ea5e9', icon: 'package', name: 'Packaging' })
    const clash = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/topics/${packagingId}`,
      headers: t.auth,
      payload: { name: 'TESTING' },
    })
    expect(clash.statusCode).toBe(409)
    // Creating and changing a topic each wrote a numbered version (knowledge module); the refused rename did not.
    const versions = await t.app.inject({ method: 'GET', url: `/api/v1/topics/${packagingId}/versions`, headers: t.auth })
    expect(versions.statusCode).toBe(200)
    expect(versions.json().items.map((v: { version: number }) => v.version)).toEqual([1, 2])

    const temp = await post('/api/v1/topics', { name: 'Temporary' })
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/topics/${temp.json().id}`, headers: t.auth })
    expect(removed.statusCode).toBe(204)
    const gone = await t.app.inject({ method: 'GET', url: `/api/v1/topics/${temp.json().id}`, headers: t.auth })
    expect(gone.statusCode).toBe(404)
  })
})

describe('classification and ground truth', () => {
  it('classifies a conversation, skipping noise once it is scored', async () => {
    const conversationId = (await t.database.query<{ id: string }>('SELECT id FROM conversations'))[0].id
    await post('/api/v1/messages/score-noise', { conversationId })
    const res = await post('/api/v1/topics/classify', { conversationId })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ classified: 4, skipped: 1, classifier: 'local' })

    const topicOf = async (externalId: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/v1/messages/${ids.get(externalId)}/topic`, headers: t.auth })).json()
    const topics = new Map<string, string>(
      (await t.app.inject({ method: 'GET', url: '/api/v1/topics', headers: t.auth })).json().items.map((x: any) => [x.name, x.id]),
    )
    expect((await topicOf('s1')).predicted.topicId).toBe(topics.get('Packaging'))
    expect((await topicOf('s2')).predicted.topicId).toBe(topics.get('Databases'))
    expect((await topicOf('s4')).predicted.topicId).toBe(topics.get('Testing'))
    expect((await topicOf('s1')).predicted.confidence).toBeGreaterThan(0)
    expect((await topicOf('s5')).predicted.topicId).toBeNull()

    const message = await t.app.inject({ method: 'GET', url: `/api/v1/messages/${ids.get('s1')}`, headers: t.auth })
    expect(message.json().topicId).toBe(topics.get('Packaging'))
  })

  it('stores the ground truth apart from the prediction, and clears it with null', async () => {
    const topics = (await t.app.inject({ method: 'GET', url: '/api/v1/topics', headers: t.auth })).json().items
    const testing = topics.find((x: any) => x.name === 'Testing').id
    const url = `/api/v1/messages/${ids.get('s1')}/topic`
    const set = await t.app.inject({ method: 'PUT', url, headers: t.auth, payload: { topicId: testing } })
    expect(set.statusCode).toBe(200)
    expect(set.json().groundTruth).toMatchObject({ topicId: testing, labelledBy: 'local-token' })
    expect(set.json().predicted.topicId).not.toBe(testing)

    // Re-classifying does not touch the label.
    await post('/api/v1/topics/classify', { messageIds: [ids.get('s1')] })
    expect((await t.app.inject({ method: 'GET', url, headers: t.auth })).json().groundTruth.topicId).toBe(testing)
    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/topics', headers: t.auth })).json().items
    expect(listed.find((x: any) => x.name === 'Testing').labelledCount).toBe(1)

    const cleared = await t.app.inject({ method: 'PUT', url, headers: t.auth, payload: { topicId: null } })
    expect(cleared.json().groundTruth).toBeNull()
    const unknownTopic = await t.app.inject({
      method: 'PUT',
      url,
      headers: t.auth,
      payload: { topicId: '00000000-0000-4000-8000-000000000000' },
    })
    expect(unknownTopic.statusCode).toBe(404)
    const badBody = await t.app.inject({ method: 'PUT', url, headers: t.auth, payload: { topicId: 'nope' } })
    expect(badBody.statusCode).toBe(400)
  })

  it('the job classifies ingested messages when the workspace has topics', async () => {
    await ingestMessages(ctx, {
      source,
      messages: [
        {
          externalId: 's6',
          conversation: { externalId: 'room' },
          sentAt: '2026-02-01T11:00:00Z',
          content: 'pip install fails inside the docker image',
        },
      ],
    })
    const id = (await t.database.query<{ id: string }>(`SELECT id FROM messages WHERE external_id = 's6'`))[0].id
    await classifyMessagesJob.handle(
      { database: t.database, config: testConfig(), log: silentLog, queue: undefined as never },
      { workspaceId: t.defaultWorkspaceId, messageIds: [id] },
      { id: 'job-1' },
    )
    const row = (
      await t.database.query<{ topic_id: string | null; name: string | null }>(
        `SELECT m.topic_id, t.name FROM messages m LEFT JOIN topics t ON t.id = m.topic_id WHERE m.id = $1`,
        [id],
      )
    )[0]
    expect(row.name).toBe('Packaging')
  })

  it('refuses to classify without a selection', async () => {
    const res = await post('/api/v1/topics/classify', {})
    expect(res.statusCode).toBe(400)
  })
})
