// Replays issue 18 items 3 and 5: NUL, lone surrogates, year-0 dates, 5,000-level raw payloads and invalid UTF-8
// gave 500s (or were silently altered). A fuzz pass puts every bad value into every string field of an ingest
// item, in one batch with good items: each bad item is reported with its field path, the good ones are stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { testApp } from '../helpers/app.js'
import type { Database } from '../../src/db/client.js'

let app: FastifyInstance
let database: Database
let auth: Record<string, string>

beforeAll(async () => {
  const built = await testApp()
  app = built.app
  database = built.database
  auth = built.auth
}, 300_000)
afterAll(async () => {
  await app.close()
})

const goodItem = (id: string) => ({
  externalId: id,
  conversation: { externalId: 'c1', title: 'General' },
  author: { externalId: 'u1', username: 'ann', displayName: 'Ann' },
  sentAt: '2026-03-01T10:00:00Z',
  content: `hello ${id}`,
  raw: { id, text: 'hello' },
})

/** JSON nested `depth` levels, as text: the client's own JSON.stringify would overflow its stack on it. */
const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`
const deepMarker = '__deep_json__'
/** The payload as JSON text, with each deepMarker string replaced by 5,000 levels of nesting. */
const withDeepJson = (payload: unknown) => JSON.stringify(payload).replaceAll(`"${deepMarker}"`, deepJson(5000))

const badStrings = { nul: 'a\u0000b', highSurrogate: 'a\ud800b', lowSurrogate: '\udc00x' }
/** Every string field of an item, as a setter, with the path the error must name. */
const stringFields: Array<[string, (item: any, value: string) => void]> = [
  ['externalId', (m, v) => (m.externalId = v)],
  ['content', (m, v) => (m.content = v)],
  ['conversation.externalId', (m, v) => (m.conversation.externalId = v)],
  ['conversation.title', (m, v) => (m.conversation.title = v)],
  ['author.externalId', (m, v) => (m.author.externalId = v)],
  ['author.username', (m, v) => (m.author.username = v)],
  ['author.displayName', (m, v) => (m.author.displayName = v)],
  ['replyToExternalId', (m, v) => (m.replyToExternalId = v)],
  ['forwardedFrom', (m, v) => (m.forwardedFrom = v)],
  ['attachments[0].name', (m, v) => (m.attachments = [{ kind: 'file', name: v }])],
  ['raw.text', (m, v) => (m.raw.text = v)],
  ['raw', (m, v) => (m.raw = { [v]: 1 })],
]
const badDates: Record<string, string> = {
  yearZero: '0000-01-01T00:00:00Z',
  yearZeroByOffset: '0001-01-01T00:30:00+01:00',
  notADate: '2026-13-45T99:00:00Z',
}

const ingest = (payload: unknown) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/ingest/messages',
    headers: { ...auth, 'content-type': 'application/json' },
    payload: withDeepJson(payload),
  })

describe('ingest API fuzz pass over edge values', () => {
  it('reports each bad item with its field path and stores every good item of the batch', async () => {
    const messages: any[] = [goodItem('good-first')]
    const expectedPaths = new Map<number, string>()
    for (const [field, set] of stringFields) {
      for (const [name, value] of Object.entries(badStrings)) {
        const item = goodItem(`bad-${field}-${name}`)
        set(item, value)
        expectedPaths.set(messages.length, field)
        messages.push(item)
      }
    }
    for (const [name, value] of Object.entries(badDates)) {
      const item: any = goodItem(`bad-date-${name}`)
      item.sentAt = value
      expectedPaths.set(messages.length, 'sentAt')
      messages.push(item)
      const edited: any = goodItem(`bad-edited-${name}`)
      edited.editedAt = value
      expectedPaths.set(messages.length, 'editedAt')
      messages.push(edited)
    }
    const deep: any = goodItem('bad-deep-raw')
    deep.raw = deepMarker
    expectedPaths.set(messages.length, 'raw')
    messages.push(deep)
    messages.push(goodItem('good-last'))

    const response = await ingest({ source: { type: 'api', name: 'fuzz' }, messages })
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body.created).toBe(2)
    expect(body.failed).toBe(expectedPaths.size)
    for (const [index, field] of expectedPaths) {
      const reported = body.errors.filter((e: any) => e.index === index)
      expect(reported.length, `item ${index} (${field})`).toBeGreaterThan(0)
      expect(reported[0].path.startsWith(`messages[${index}].${field.split(/[.[]/)[0]}`), `${reported[0].path} names ${field}`).toBe(true)
    }
    const stored = await database.query<{ external_id: string }>(`SELECT external_id FROM messages ORDER BY external_id`)
    expect(stored.map((s) => s.external_id)).toEqual(['good-first', 'good-last'])
  })

  it('answers 400 naming the field for a bad source name, a NUL in a search query and a year-0 search date', async () => {
    const source = await ingest({ source: { type: 'api', name: 'x\u0000' }, messages: [goodItem('s1')] })
    expect(source.statusCode).toBe(400)
    expect(JSON.stringify(source.json().error.details)).toContain('source.name')

    const search = await app.inject({ method: 'GET', url: '/api/v1/search?q=hello%00world', headers: auth })
    expect(search.statusCode).toBe(400)
    expect(search.json().error.details[0].path).toBe('querystring.q')

    const yearZero = await app.inject({ method: 'GET', url: '/api/v1/search?q=hello&from=0000-01-01', headers: auth })
    expect(yearZero.statusCode).toBe(400)
    expect(JSON.stringify(yearZero.json().error.details)).toContain('from')
  })

  it('refuses NUL, lone surrogates and deep nesting in the JSON body of any other route', async () => {
    const topic = await app.inject({ method: 'POST', url: '/api/v1/topics', headers: auth, payload: { name: 'bad\u0000name' } })
    expect(topic.statusCode).toBe(400)
    expect(topic.json().error.details[0].path).toBe('body.name')
    const deep = await app.inject({
      method: 'POST',
      url: '/api/v1/topics',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: withDeepJson({ name: 'x', extra: deepMarker }),
    })
    expect(deep.statusCode).toBe(400)
  })

  it('rejects a body that is not valid UTF-8 instead of storing U+FFFD', async () => {
    const json = JSON.stringify({ source: { type: 'api', name: 'utf8' }, messages: [goodItem('utf8-1')] })
    const body = Buffer.concat([Buffer.from(json.replace('hello utf8-1', 'hello ')), Buffer.from([0xc3, 0x28])])
    // Put the invalid bytes inside the content string.
    const at = body.indexOf('hello ') + 6
    const broken = Buffer.concat([body.subarray(0, at), Buffer.from([0xff, 0xfe]), body.subarray(at, body.length - 2)])
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/ingest/messages',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: broken,
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toMatch(/UTF-8/)
    const stored = await database.query(`SELECT 1 FROM messages WHERE external_id = 'utf8-1'`)
    expect(stored).toHaveLength(0)
  })
})
