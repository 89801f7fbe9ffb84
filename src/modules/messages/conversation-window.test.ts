// A long conversation read from anywhere in it: around a message, paged both ways, and its people counted by the
// server. Through the HTTP API, as the web app calls it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'

let harness: Awaited<ReturnType<typeof testApp>>
let conversationId: string
const ids: string[] = [] // message ids in time order
const total = 41
/** Person 0 writes most, then 1, then 2. */
const personOf = (i: number) => (i % 6 < 3 ? 0 : i % 6 < 5 ? 1 : 2)

beforeAll(async () => {
  harness = await testApp()
  const messages = Array.from({ length: total }, (_, i) => ({
    externalId: `m${i}`,
    conversation: { externalId: 'big-chat', title: 'Big chat' },
    // Everyone writes in turn; every 10th line comes from an account since deleted (Telegram's "from": null) and
    // the first line has no author at all.
    ...(i === 0
      ? {}
      : {
          author: i % 10 === 0 ? { externalId: 'user-gone' } : { externalId: `user-${personOf(i)}`, displayName: `Person ${personOf(i)}` },
        }),
    sentAt: new Date(Date.UTC(2025, 5, 1) + i * 60_000).toISOString(),
    content: `line ${i}`,
  }))
  const stored = await harness.app.inject({
    method: 'POST',
    url: '/api/v1/ingest/messages',
    headers: harness.auth,
    payload: { source: { type: 'api', name: 'window-test' }, messages },
  })
  expect(stored.json().created).toBe(total)
  const conversations = await get('/api/v1/conversations')
  conversationId = conversations.items[0].id
  let cursor: string | null = null
  do {
    const page: any = await get(`/api/v1/conversations/${conversationId}/messages?limit=15${cursor ? `&cursor=${cursor}` : ''}`)
    ids.push(...page.items.map((m: { id: string }) => m.id))
    cursor = page.nextCursor
  } while (cursor)
})

afterAll(async () => {
  await harness.app.close()
  await harness.database.close()
})

async function get(url: string, status = 200) {
  const response = await harness.app.inject({ url, headers: harness.auth })
  expect(response.statusCode, response.body).toBe(status)
  return response.json()
}

const contents = (page: { items: Array<{ content: string }> }) => page.items.map((m) => m.content)

describe('a conversation around one message', () => {
  it('opens at the last message with the ones before it, and pages back to the first', async () => {
    const window = await get(`/api/v1/conversations/${conversationId}/messages/around/${ids[total - 1]}?limit=9`)
    expect(contents(window)).toEqual(Array.from({ length: 5 }, (_, k) => `line ${total - 5 + k}`))
    expect(window.nextCursor).toBeNull()
    let earlier: string[] = []
    let cursor = window.previousCursor
    while (cursor) {
      const page = await get(`/api/v1/conversations/${conversationId}/messages?order=desc&limit=10&cursor=${cursor}`)
      earlier = [...[...contents(page)].reverse(), ...earlier]
      cursor = page.nextCursor
    }
    expect([...earlier, ...contents(window)]).toEqual(Array.from({ length: total }, (_, i) => `line ${i}`))
  })

  it('puts the message in the middle and pages forward to the end', async () => {
    const window = await get(`/api/v1/conversations/${conversationId}/messages/around/${ids[20]}?limit=5`)
    expect(contents(window)).toEqual(['line 18', 'line 19', 'line 20', 'line 21', 'line 22'])
    const later = await get(`/api/v1/conversations/${conversationId}/messages?order=asc&limit=100&cursor=${window.nextCursor}`)
    expect(contents(later)[0]).toBe('line 23')
    expect(contents(later).at(-1)).toBe(`line ${total - 1}`)
    expect(later.nextCursor).toBeNull()
  })

  it('answers 404 for a message of another conversation and names the limit field when it is out of range', async () => {
    await get(`/api/v1/conversations/${conversationId}/messages/around/00000000-0000-4000-8000-000000000000`, 404)
    const bad = await get(`/api/v1/conversations/${conversationId}/messages/around/${ids[3]}?limit=1`, 400)
    expect(JSON.stringify(bad)).toContain('limit')
  })

  it('reads one conversation by id', async () => {
    const conversation = await get(`/api/v1/conversations/${conversationId}`)
    expect(conversation).toMatchObject({ id: conversationId, title: 'Big chat', messageCount: total })
  })
})

describe('the people of a conversation', () => {
  it('counts every author on the server, most messages first, and names deleted accounts', async () => {
    const top = await get(`/api/v1/conversations/${conversationId}/participants?limit=2`)
    expect(top.total).toBe(5) // three people, a deleted account, no author
    expect(top.items).toHaveLength(2)
    const all = await get(`/api/v1/conversations/${conversationId}/participants?limit=100`)
    expect(all.items.map((p: { messageCount: number }) => p.messageCount).reduce((a: number, b: number) => a + b, 0)).toBe(total)
    const counts = Object.fromEntries(all.items.map((p: { name: string; messageCount: number }) => [p.name, p.messageCount]))
    const expected: Record<string, number> = { 'Deleted account': 4, 'Unknown author': 1 }
    for (let i = 1; i < total; i++) if (i % 10 !== 0) expected[`Person ${personOf(i)}`] = (expected[`Person ${personOf(i)}`] ?? 0) + 1
    expect(counts).toEqual(expected)
    expect(all.items.map((p: { name: string }) => p.name).slice(0, 3)).toEqual(['Person 0', 'Person 1', 'Person 2'])
    expect(top.items.map((p: { name: string }) => p.name)).toEqual(['Person 0', 'Person 1'])
    expect(all.items.find((p: { name: string }) => p.name === 'Deleted account').deletedAccount).toBe(true)
  })
})
