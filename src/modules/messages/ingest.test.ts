import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
let t: TestApp

const source = { type: 'api', name: 'test-feed' }
const message = (id: string, content: string, extra: Record<string, unknown> = {}) => ({
  externalId: id,
  conversation: { externalId: 'room-1', title: 'Room one' },
  author: { externalId: 'u1', displayName: 'Ada' },
  sentAt: '2026-01-05T10:00:00Z',
  content,
  ...extra,
})

beforeEach(async () => {
  t = await testApp()
})
afterAll(async () => {
  await t?.app.close()
})

describe('POST /api/v1/ingest/messages', () => {
  it('creates people, conversations and messages, then skips an identical re-send', async () => {
    const body = { source, messages: [message('1', 'hello'), message('2', 'deploy is broken', { replyToExternalId: '1' })] }
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/ingest/messages', headers: t.auth, payload: body })
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({ created: 2, updated: 0, skipped: 0, failed: 0 })

    const again = await t.app.inject({ method: 'POST', url: '/api/v1/ingest/messages', headers: t.auth, payload: body })
    expect(again.json()).toMatchObject({ created: 0, updated: 0, skipped: 2 })

    const people = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM people')
    expect(people[0].n).toBe(1)
    const reply = await t.database.query<{ reply_to_message_id: string | null }>(
      "SELECT reply_to_message_id FROM messages WHERE external_id = '2'",
    )
    expect(reply[0].reply_to_message_id).not.toBeNull()
  })

  it('updates a message whose content changed and marks it edited', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/messages',
      headers: t.auth,
      payload: { source, messages: [message('1', 'v1')] },
    })
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/messages',
      headers: t.auth,
      payload: { source, messages: [message('1', 'v2')] },
    })
    expect(res.json()).toMatchObject({ created: 0, updated: 1, skipped: 0 })
    const rows = await t.database.query<{ content: string; edited: boolean }>('SELECT content, edited FROM messages')
    expect(rows).toEqual([{ content: 'v2', edited: true }])
  })

  it('stores the valid items and reports the invalid ones with field paths', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/messages',
      headers: t.auth,
      payload: { source, messages: [message('ok', 'fine'), { ...message('bad', 'x'), sentAt: 'yesterday' }] },
    })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.created).toBe(1)
    expect(body.failed).toBe(1)
    expect(body.errors[0]).toMatchObject({ index: 1, externalId: 'bad', path: 'messages[1].sentAt' })
  })

  it('rejects a malformed envelope with a 400 naming the field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/messages',
      headers: t.auth,
      payload: { source: { type: 'pigeon', name: 'x' }, messages: [] },
    })
    expect(res.statusCode).toBe(400)
    const paths = res.json().error.details.map((d: { path: string }) => d.path)
    expect(paths).toContain('body.source.type')
  })

  it('refuses requests without credentials', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/conversations' })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.code).toBe('unauthorized')
  })
})

describe('reading conversations and messages', () => {
  it('pages through a conversation with cursors', async () => {
    const messages = Array.from({ length: 5 }, (_, i) => message(String(i), `m${i}`, { sentAt: `2026-01-05T10:0${i}:00Z` }))
    await t.app.inject({ method: 'POST', url: '/api/v1/ingest/messages', headers: t.auth, payload: { source, messages } })
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: t.auth })
    const conversation = list.json().items[0]
    expect(conversation).toMatchObject({ title: 'Room one', messageCount: 5 })

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const url: string = `/api/v1/conversations/${conversation.id}/messages?limit=2${cursor ? `&cursor=${cursor}` : ''}`
      const page = (await t.app.inject({ method: 'GET', url, headers: t.auth })).json()
      seen.push(...page.items.map((m: { content: string }) => m.content))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'])

    const firstId = (await t.database.query<{ id: string }>("SELECT id FROM messages WHERE external_id = '0'"))[0].id
    const one = await t.app.inject({ method: 'GET', url: `/api/v1/messages/${firstId}`, headers: t.auth })
    expect(one.json()).toMatchObject({ content: 'm0', author: { displayName: 'Ada' } })
  })

  it('answers 404 for an unknown message and 400 for a malformed id', async () => {
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/v1/messages/00000000-0000-4000-8000-000000000000',
      headers: t.auth,
    })
    expect(missing.statusCode).toBe(404)
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/messages/nope', headers: t.auth })
    expect(bad.statusCode).toBe(400)
  })
})
