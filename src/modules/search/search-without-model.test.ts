// Search in the default configuration (SIGNALBOX_EMBEDDER=none): chunks get no vectors, search says it answered
// with full text (and trigram for a misspelt word), vector mode is refused with the fix, "more like this" uses
// the message's words; configuring a model later embeds the existing chunks in the background while search
// keeps answering and reports the progress.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import { ingestMessages } from '../messages/index.js'
import { embedPendingChunks, indexMessages, markOtherModelsPending, searchEmbedder } from '../pipeline/index.js'
import type { ServiceContext } from '../../lib/context.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
let t: TestApp
let ctx: ServiceContext

const messages = [
  ['m-1', 'The production deploy failed: the database migration timed out after 30 seconds.'],
  ['m-2', 'I will roll back the release and raise the migration timeout to five minutes.'],
  ['m-3', 'Kubernetes node pool is running out of memory, pods are being evicted.'],
  ['m-4', 'Production deploy failed again, the database migration timed out.'],
  ['m-5', 'Lunch is at noon, pizza again.'],
  ['m-6', 'Grafana dashboard for latency is here, p95 went up after Tuesday.'],
] as const

const externalIdOf = async (messageId: string) =>
  (await t.database.query<{ external_id: string }>('SELECT external_id FROM messages WHERE id = $1', [messageId]))[0].external_id
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: t.auth })

beforeAll(async () => {
  t = await testApp()
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'system' }, log: silentLog, config: testConfig() }
  const result = await ingestMessages(ctx, {
    source: { type: 'slack', name: 'team' },
    messages: messages.map(([externalId, content], i) => ({
      externalId,
      conversation: { externalId: 'ops' },
      sentAt: new Date(Date.UTC(2026, 0, 5, 9, i)).toISOString(),
      content,
    })),
  })
  await indexMessages(ctx, result.changedMessageIds)
})
afterAll(async () => {
  await t?.app.close()
})

describe('search without an embedding model (the default)', () => {
  it('writes chunks without vectors and answers hybrid queries with full text, saying so', async () => {
    expect(searchEmbedder(ctx.config)).toBeNull()
    const [chunks] = await t.database.query<{ n: number; skipped: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE embedding_status = 'skipped' AND embedding IS NULL)::int AS skipped FROM chunks`,
    )
    expect(chunks).toEqual({ n: messages.length, skipped: messages.length })
    const res = await get('/api/v1/search?q=pods%20evicted%20memory')
    expect(res.statusCode, res.body).toBe(200)
    const page = res.json()
    expect(page).toMatchObject({ mode: 'hybrid', model: 'none', rankers: ['fulltext'], vectorsPending: null })
    expect(await externalIdOf(page.items[0].messageId)).toBe('m-3')
    expect(page.items[0].ranks).toEqual({ fulltext: 1 })
  })

  it('names the trigram ranker when a misspelt word was matched', async () => {
    const page = (await get('/api/v1/search?q=kubernets%20evictd')).json()
    expect(page.rankers).toEqual(['fulltext', 'trigram'])
    expect(await externalIdOf(page.items[0].messageId)).toBe('m-3')
  })

  it('refuses vector mode with the field and the fix', async () => {
    const res = await get('/api/v1/search?q=deploy&mode=vector')
    expect(res.statusCode).toBe(400)
    expect(res.json().error.details[0]).toMatchObject({ path: 'mode' })
    expect(res.json().error.details[0].message).toContain('SIGNALBOX_EMBEDDER')
  })

  it('finds similar messages by their words', async () => {
    const [deploy] = await t.database.query<{ id: string }>("SELECT id FROM messages WHERE external_id = 'm-1'")
    const res = await get(`/api/v1/messages/${deploy.id}/similar?k=2`)
    expect(res.statusCode, res.body).toBe(200)
    const ids = await Promise.all(res.json().items.map((i: { messageId: string }) => externalIdOf(i.messageId)))
    expect(ids[0]).toBe('m-4')
    expect(ids).not.toContain('m-1')
  })

  it('embeds the existing chunks in the background once a model is configured, answering meanwhile', async () => {
    const withModel = testConfig({ SIGNALBOX_EMBEDDER: 'local' })
    const modelCtx = { ...ctx, config: withModel }
    const app = await testApp({ database: t.database, config: withModel })
    try {
      expect(await markOtherModelsPending(modelCtx)).toBe(messages.length)
      const before = (await app.app.inject({ method: 'GET', url: '/api/v1/search?q=deploy%20failed', headers: app.auth })).json()
      // Nothing embedded yet: full text still answers, and the page says how many chunks wait for vectors.
      expect(before.rankers).toEqual(['fulltext', 'vector'])
      expect(before.vectorsPending).toBe(messages.length)
      expect(before.items.length).toBeGreaterThan(0)
      expect(before.items.every((i: { ranks: object }) => !('vector' in i.ranks))).toBe(true)
      await embedPendingChunks(modelCtx, { limit: 2 })
      const partway = (await app.app.inject({ method: 'GET', url: '/api/v1/search?q=deploy%20failed', headers: app.auth })).json()
      expect(partway.vectorsPending).toBe(messages.length - 2)
      while ((await embedPendingChunks(modelCtx)).claimed > 0);
      const after = (await app.app.inject({ method: 'GET', url: '/api/v1/search?q=deploy%20failed', headers: app.auth })).json()
      expect(after.vectorsPending).toBe(0)
      expect(after.items.some((i: { ranks: object }) => 'vector' in i.ranks)).toBe(true)
    } finally {
      await app.app.close()
    }
  })
})
