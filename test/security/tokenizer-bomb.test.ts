// Replays issue 18 item 2: ten valid messages of one unbroken 1,000,000-character word sent indexing into the
// tokenizer's byte-pair merge for minutes, /healthz timed out, and the retried job froze the server again. Every
// text step is now bounded, indexing yields to the event loop, and a message that fails alone is marked and skipped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { testApp } from '../helpers/app.js'
import { silentLog, testConfig } from '../helpers/database.js'
import type { Database } from '../../src/db/client.js'
import type { ServiceContext } from '../../src/lib/context.js'
import { countTokensBounded } from '../../src/lib/token-count.js'
import { unstorableTextReason } from '../../src/lib/storable-values.js'
import { estimateTokens } from '../../src/modules/llm/index.js'
import { chunkText } from '../../src/modules/pipeline/chunking.js'
import { chunksOfMessage, indexMessagesIsolatingFailures } from '../../src/modules/pipeline/index-messages.js'
import { listIndexingFailures } from '../../src/modules/messages/index.js'

/** Generous bounds: before the fix one such word took minutes; the point is "bounded", not a benchmark. */
const boundMs = 5_000
const bomb = (seed: number) => `${seed}x7Qa`.repeat(200_000).slice(0, 1_000_000)

let app: FastifyInstance
let database: Database
let ctx: ServiceContext
let auth: Record<string, string>

beforeAll(async () => {
  const built = await testApp()
  app = built.app
  database = built.database
  auth = built.auth
  ctx = { database, workspaceId: built.defaultWorkspaceId, actor: { kind: 'system' }, log: silentLog, config: testConfig() }
}, 300_000)
afterAll(async () => {
  await app.close()
})

function timed<T>(work: () => T): { result: T; ms: number } {
  const started = performance.now()
  const result = work()
  return { result, ms: performance.now() - started }
}

describe('tokenizer bomb', () => {
  it('counts the tokens of a 1,000,000-character word within the bound, and ordinary text exactly as before', () => {
    countTokensBounded('warm up the tokenizer')
    const counted = timed(() => estimateTokens(bomb(1)))
    expect(counted.ms).toBeLessThan(boundMs)
    expect(counted.result).toBeGreaterThan(100_000)
    const whitespace = timed(() => countTokensBounded(`a${' '.repeat(1_000_000)}b`))
    expect(whitespace.ms).toBeLessThan(boundMs)
    expect(countTokensBounded('The quick brown fox jumps over the lazy dog.')).toBe(10)
  })

  it('chunks an unbroken word into chunks within the token limit, never splitting a surrogate pair', () => {
    const chunked = timed(() => chunkText('😀'.repeat(50_000)))
    expect(chunked.ms).toBeLessThan(boundMs)
    for (const chunk of chunked.result) {
      expect(chunk.tokenCount).toBeLessThanOrEqual(300)
      expect(unstorableTextReason(chunk.text)).toBeNull()
    }
    const message = timed(() => chunksOfMessage({ content: bomb(2), content_kind: 'text' }))
    expect(message.ms).toBeLessThan(boundMs)
    expect(message.result.length).toBeGreaterThan(0)
  })

  it('indexes ten 1,000,000-character messages while the event loop keeps answering', async () => {
    const messages = Array.from({ length: 10 }, (_, i) => ({
      externalId: `bomb-${i}`,
      conversation: { externalId: 'bombs' },
      sentAt: '2026-03-01T10:00:00Z',
      content: bomb(i),
    }))
    for (const batch of [messages.slice(0, 5), messages.slice(5)]) {
      const stored = await app.inject({
        method: 'POST',
        url: '/api/v1/ingest/messages',
        headers: auth,
        payload: { source: { type: 'api', name: 'bombs' }, messages: batch },
      })
      expect(stored.json()).toMatchObject({ created: 5, failed: 0 })
    }
    const ids = (await database.query<{ id: string }>(`SELECT id FROM messages WHERE external_id LIKE 'bomb-%'`)).map((r) => r.id)

    // The longest stretch the event loop was held, sampled every 10 ms, and a health check during the work.
    let last = performance.now()
    let longestGapMs = 0
    const sampler = setInterval(() => {
      const now = performance.now()
      longestGapMs = Math.max(longestGapMs, now - last)
      last = now
    }, 10)
    const indexing = indexMessagesIsolatingFailures(ctx, ids)
    const health = await app.inject({ method: 'GET', url: '/healthz' })
    const indexed = await indexing
    clearInterval(sampler)

    expect(health.statusCode).toBe(200)
    expect(indexed).toMatchObject({ messages: 10, failed: 0 })
    expect(indexed.chunksWritten).toBeGreaterThan(10)
    expect(longestGapMs).toBeLessThan(boundMs)
  })

  it('marks a message that fails alone with its reason and indexes the rest of the batch', async () => {
    const batch = ['fine one', 'poison pill', 'fine two'].map((content, i) => ({
      externalId: `iso-${i}`,
      conversation: { externalId: 'iso' },
      sentAt: '2026-03-02T10:00:00Z',
      content,
    }))
    await app.inject({
      method: 'POST',
      url: '/api/v1/ingest/messages',
      headers: auth,
      payload: { source: { type: 'api', name: 'iso' }, messages: batch },
    })
    const ids = (await database.query<{ id: string }>(`SELECT id FROM messages WHERE external_id LIKE 'iso-%' ORDER BY external_id`)).map(
      (r) => r.id,
    )
    // A real database failure for one message's chunk (fault injected in the database, not in our code).
    await database.query(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.text LIKE '%poison%' THEN RAISE EXCEPTION 'chunk refused by test trigger'; END IF; RETURN NEW; END $$`)
    await database.query(`CREATE TRIGGER refuse_poison BEFORE INSERT ON chunks FOR EACH ROW EXECUTE FUNCTION refuse_poison()`)
    try {
      const indexed = await indexMessagesIsolatingFailures(ctx, ids)
      expect(indexed).toMatchObject({ messages: 2, failed: 1 })
    } finally {
      await database.query(`DROP TRIGGER refuse_poison ON chunks`)
    }
    const failures = await listIndexingFailures(ctx)
    expect(failures).toEqual([{ id: ids[1], externalId: 'iso-1', reason: expect.stringContaining('chunk refused') }])
    const chunked = await database.query<{ owner_id: string }>(`SELECT DISTINCT owner_id FROM chunks WHERE owner_id = ANY($1::uuid[])`, [
      ids,
    ])
    expect(chunked.map((c) => c.owner_id).sort()).toEqual([ids[0], ids[2]].sort())
  })
})
