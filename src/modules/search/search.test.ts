import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import { ingestMessages } from '../messages/index.js'
import { createWorkspace } from '../workspaces/index.js'
import { embedAllPending, indexMessages } from '../pipeline/index.js'
import type { ServiceContext } from '../../lib/context.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
let t: TestApp
let ctx: ServiceContext

// A small hand-labelled set: team chat in two channels; each query below names the message it must find.
const ops = [
  ['ops-1', 'ada', '2026-01-05T09:00:00Z', 'Morning! Coffee machine on floor 3 is fixed.'],
  ['ops-2', 'bob', '2026-01-05T09:05:00Z', 'The production deploy failed: the database migration timed out after 30 seconds.'],
  ['ops-3', 'ada', '2026-01-05T09:07:00Z', 'I will roll back the release and raise the migration timeout to five minutes.'],
  ['ops-4', 'cy', '2026-01-05T09:30:00Z', 'Kubernetes node pool is running out of memory, pods are being evicted.'],
  ['ops-5', 'bob', '2026-01-06T10:00:00Z', 'Renewed the TLS certificate for api.example.com, it expires in March next year.'],
  ['ops-6', 'cy', '2026-01-06T11:00:00Z', 'Grafana dashboard for latency is here, p95 went up after Tuesday.'],
] as const
const sales = [
  ['sales-1', 'dee', '2026-02-01T09:00:00Z', 'Acme Corp signed the annual contract, invoice goes out on Friday.'],
  ['sales-2', 'eve', '2026-02-01T09:10:00Z', 'Customer Globex asked for a refund because the onboarding was confusing.'],
  ['sales-3', 'dee', '2026-02-02T15:00:00Z', 'Pricing page needs a new enterprise tier with single sign-on.'],
  ['sales-4', 'eve', '2026-02-03T12:00:00Z', 'Lunch is at noon, pizza again.'],
] as const

const labelled: Array<[string, string]> = [
  ['deploy failed migration timeout', 'ops-2'],
  ['rollback of the release', 'ops-3'],
  ['pods evicted memory', 'ops-4'],
  ['when does the certificate expire', 'ops-5'],
  ['refund request from a customer', 'sales-2'],
  ['enterprise pricing with SSO', 'sales-3'],
  ['Acme contract invoice', 'sales-1'],
  ['latency dashboard', 'ops-6'],
]

const toMessages = (conversation: string, rows: ReadonlyArray<readonly [string, string, string, string]>) =>
  rows.map(([externalId, author, sentAt, content]) => ({
    externalId,
    conversation: { externalId: conversation, title: `#${conversation}` },
    author: { externalId: author, displayName: author.toUpperCase() },
    sentAt,
    content,
  }))

async function ingestAndIndex(
  context: ServiceContext,
  sourceName: string,
  conversation: string,
  rows: ReadonlyArray<readonly [string, string, string, string]>,
) {
  const result = await ingestMessages(context, { source: { type: 'slack', name: sourceName }, messages: toMessages(conversation, rows) })
  await indexMessages(context, result.changedMessageIds)
  await embedAllPending(context)
}

const externalIdOf = async (messageId: string) =>
  (await t.database.query<{ external_id: string }>('SELECT external_id FROM messages WHERE id = $1', [messageId]))[0].external_id
const search = async (query: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/search?${query}`, headers: t.auth })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

// Vector and hybrid modes need an embedding model: the local hashing one stands in for a real model here
// (search-without-model.test.ts covers the default configuration, which has none).
const config = testConfig({ SIGNALBOX_EMBEDDER: 'local' })

beforeAll(async () => {
  t = await testApp({ config })
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'system' }, log: silentLog, config }
  await ingestAndIndex(ctx, 'team', 'ops', ops)
  await ingestAndIndex(ctx, 'team', 'sales', sales)
})
afterAll(async () => {
  await t?.app.close()
})

describe('GET /api/v1/search', () => {
  it.each(['hybrid', 'fulltext', 'vector'] as const)('finds the labelled message first for most queries in %s mode', async (mode) => {
    let top1 = 0
    let top3 = 0
    for (const [query, expected] of labelled) {
      const page = await search(`q=${encodeURIComponent(query)}&mode=${mode}&k=3`)
      const ids = await Promise.all(page.items.map((item: { messageId: string }) => externalIdOf(item.messageId)))
      if (ids[0] === expected) top1++
      if (ids.includes(expected)) top3++
    }
    // The local embedder is lexical, so "SSO" vs "single sign-on" can miss; everything else must land.
    expect(top3).toBeGreaterThanOrEqual(labelled.length - 1)
    expect(top1).toBeGreaterThanOrEqual(labelled.length - 2)
  })

  it('returns a highlighted snippet and the neighbouring messages of the conversation', async () => {
    const page = await search('q=database%20migration%20timed%20out&k=1')
    const hit = page.items[0]
    expect(await externalIdOf(hit.messageId)).toBe('ops-2')
    const highlighted = hit.highlights.map(([s, e]: [number, number]) => hit.snippet.slice(s, e).toLowerCase())
    expect(highlighted).toEqual(expect.arrayContaining(['database', 'migration', 'timed']))
    expect(hit.context.before.content).toContain('Coffee machine')
    expect(hit.context.after.content).toContain('roll back the release')
    expect(hit).toMatchObject({ conversationTitle: '#ops', sourceType: 'slack', author: { displayName: 'BOB' } })
    expect(hit.ranks.fulltext).toBe(1)
  })

  it('pages through results with a cursor without repeating a message', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page: any = await search(`q=the&mode=vector&k=3${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...page.items.map((i: { messageId: string }) => i.messageId))
      cursor = page.nextCursor
      pages++
    } while (cursor && pages < 10)
    expect(pages).toBeGreaterThan(1)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.length).toBe(ops.length + sales.length)
  })

  it('filters by conversation, person and date range', async () => {
    const conversations = await t.database.query<{ id: string; external_id: string }>('SELECT id, external_id FROM conversations')
    const salesId = conversations.find((c) => c.external_id === 'sales')!.id
    const inSales = await search(`q=customer%20deploy%20contract&conversationId=${salesId}`)
    expect(inSales.items.length).toBeGreaterThan(0)
    expect(inSales.items.every((i: { conversationId: string }) => i.conversationId === salesId)).toBe(true)

    const [bob] = await t.database.query<{ person_id: string }>("SELECT person_id FROM identities WHERE external_id = 'bob'")
    const byBob = await search(`q=deploy%20certificate%20coffee&personId=${bob.person_id}`)
    const bobIds = await Promise.all(byBob.items.map((i: { messageId: string }) => externalIdOf(i.messageId)))
    expect(bobIds.sort()).toEqual(['ops-2', 'ops-5'])

    const january6 = await search('q=certificate%20latency%20deploy&mode=fulltext&from=2026-01-06T00:00:00Z&to=2026-01-07T00:00:00Z')
    const dayIds = await Promise.all(january6.items.map((i: { messageId: string }) => externalIdOf(i.messageId)))
    expect(dayIds.sort()).toEqual(['ops-5', 'ops-6'])
  })

  it('matches a misspelt word to the nearest indexed term', async () => {
    const page = await search('q=kubernets%20evictd&mode=fulltext&k=1')
    expect(await externalIdOf(page.items[0].messageId)).toBe('ops-4')
  })

  it('answers 400 with the field for a missing query or a bad filter', async () => {
    const empty = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=', headers: t.auth })
    expect(empty.statusCode).toBe(400)
    expect(empty.json().error.details[0].path).toContain('q')
    const badDate = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=x&from=soon', headers: t.auth })
    expect(badDate.statusCode).toBe(400)
    const badMode = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=x&mode=magic', headers: t.auth })
    expect(badMode.statusCode).toBe(400)
  })

  it('finds similar messages ("more like this") without the message itself', async () => {
    await ingestAndIndex(ctx, 'team', 'ops', [
      ['ops-7', 'cy', '2026-01-07T09:00:00Z', 'Production deploy failed again, the database migration timed out.'],
    ])
    const [deploy] = await t.database.query<{ id: string }>("SELECT id FROM messages WHERE external_id = 'ops-2'")
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/messages/${deploy.id}/similar?k=3`, headers: t.auth })
    expect(res.statusCode).toBe(200)
    const ids = await Promise.all(res.json().items.map((i: { messageId: string }) => externalIdOf(i.messageId)))
    expect(ids).not.toContain('ops-2')
    expect(ids[0]).toBe('ops-7')
    expect(ids).toHaveLength(3)
  })

  it('never shows another workspace its messages', async () => {
    const other = await createWorkspace(t, { name: 'Other', slug: 'other' })
    const otherCtx = { ...ctx, workspaceId: other.id }
    await ingestAndIndex(otherCtx, 'secret', 'board', [
      ['b-1', 'zed', '2026-01-05T09:00:00Z', 'Confidential: the zeppelin acquisition closes Monday.'],
    ])
    const [secret] = await t.database.query<{ id: string }>("SELECT id FROM messages WHERE external_id = 'b-1'")
    for (const mode of ['hybrid', 'fulltext', 'vector']) {
      const page = await search(`q=zeppelin%20acquisition&mode=${mode}`)
      // Vector search always returns the nearest neighbours; they must all be this workspace's.
      expect(page.items.map((i: { messageId: string }) => i.messageId)).not.toContain(secret.id)
      if (mode === 'fulltext') expect(page.items).toEqual([])
    }
    const similar = await t.app.inject({ method: 'GET', url: `/api/v1/messages/${secret.id}/similar`, headers: t.auth })
    expect(similar.statusCode).toBe(404)
  })
})
