import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase, silentLog, testConfig } from '../../../test/helpers/database.js'
import { startFakeEmbeddingsServer, type FakeEmbeddingsServer } from '../../../test/fakes/embeddings-server.js'
import { ensureDefaultWorkspace } from '../workspaces/index.js'
import { ingestMessages } from '../messages/index.js'
import type { ServiceContext } from '../../lib/context.js'
import {
  createLocalEmbedder,
  createOpenAiCompatibleEmbedder,
  embedderFor,
  embedPendingChunks,
  indexMessages,
  markOtherModelsPending,
} from './index.js'
import { rankChunksByVector } from '../search/index.js'

let fake: FakeEmbeddingsServer
let ctx: ServiceContext

const chat = (id: string, content: string) => ({
  externalId: id,
  conversation: { externalId: 'room' },
  author: { externalId: 'u1' },
  sentAt: `2026-03-01T10:00:0${id.length % 10}Z`,
  content,
})

async function ingestAndIndex(messages: ReturnType<typeof chat>[]) {
  const stored = await ingestMessages(ctx, { source: { type: 'api', name: 'feed' }, messages })
  // A remote (not inline) embedder: chunks are written 'pending' and embedded by embedPendingChunks.
  const remote = createOpenAiCompatibleEmbedder({ baseUrl: fake.baseUrl, model: 'flaky' })
  return indexMessages(ctx, stored.changedMessageIds, { embedder: remote })
}

const statuses = () =>
  ctx.database.query<{ status: string; attempts: number; error: string | null; model: string | null; text: string }>(
    `SELECT embedding_status AS status, embedding_attempts AS attempts, embedding_error AS error, embedding_model AS model, text
     FROM chunks ORDER BY text`,
  )

beforeAll(async () => {
  fake = await startFakeEmbeddingsServer({ dimension: 16 })
  const database = await freshDatabase()
  ctx = {
    database,
    workspaceId: await ensureDefaultWorkspace({ database }),
    actor: { kind: 'system' },
    log: silentLog,
    config: testConfig(),
  }
})
afterAll(async () => {
  await fake?.close()
})

describe('embedding lifecycle', () => {
  it('survives a provider that answers 500, 429 and times out, then recovers: every chunk ends ready, attempts counted', async () => {
    // No retries inside the client, so each failure shows up as one attempt on the chunks.
    const flaky = createOpenAiCompatibleEmbedder({ baseUrl: fake.baseUrl, model: 'flaky', maxRetries: 0, timeoutMs: 2000 })
    await ingestAndIndex([chat('a', 'the deploy is broken'), chat('bb', 'rollback done'), chat('ccc', 'the deploy is broken')])
    fake.failNext('500', '429', 'timeout')

    const errors: string[] = []
    for (let round = 0; round < 3; round++) {
      const result = await embedPendingChunks(ctx, { embedder: flaky })
      expect(result).toMatchObject({ claimed: 3, failed: 3, embedded: 0 })
      errors.push(result.error!)
      expect((await statuses()).every((c) => c.status === 'failed')).toBe(true)
    }
    expect(errors[0]).toContain('HTTP 500')
    expect(errors[1]).toContain('HTTP 429')
    expect(errors[2]).toContain('timed out')

    const recovered = await embedPendingChunks(ctx, { embedder: flaky })
    expect(recovered).toMatchObject({ claimed: 3, embedded: 3, failed: 0 })
    const rows = await statuses()
    expect(rows).toHaveLength(3)
    expect(rows.every((c) => c.status === 'ready' && c.attempts === 4 && c.error === null && c.model === 'openai-compatible:flaky')).toBe(
      true,
    )
    // The two identical texts went to the provider once.
    expect(fake.requests[fake.requests.length - 1].inputs.sort()).toEqual(['rollback done', 'the deploy is broken'])
    expect((await embedPendingChunks(ctx, { embedder: flaky })).claimed).toBe(0)
  })

  it('retries 429 and 5xx inside the client with backoff before giving up', async () => {
    const patient = createOpenAiCompatibleEmbedder({
      baseUrl: fake.baseUrl,
      model: 'patient',
      maxRetries: 3,
      retryDelayMs: 5,
      apiKey: 'sk-test',
    })
    const before = fake.requests.length
    fake.failNext('429', '500')
    const [vector] = await patient.embed(['hello world'])
    expect(vector).toHaveLength(16)
    expect(fake.requests.length - before).toBe(3)
    expect(fake.requests[fake.requests.length - 1].authorization).toBe('Bearer sk-test')
    fake.failNext('500', '500', '500', '500')
    await expect(patient.embed(['again'])).rejects.toThrow(/HTTP 500/)
  })

  it('re-embeds in the background when the model changes, and search never mixes the two models', async () => {
    const local = createLocalEmbedder({ dimension: 384 })
    const remote = createOpenAiCompatibleEmbedder({ baseUrl: fake.baseUrl, model: 'flaky', maxRetries: 0 })
    // The chunks are 'openai-compatible:flaky' now (first test); switch to the local model.
    expect(await markOtherModelsPending(ctx, local)).toBe(3)
    expect(await embedPendingChunks(ctx, { embedder: local })).toMatchObject({ embedded: 3, reused: 0 })
    const rows = await statuses()
    expect(rows.every((c) => c.status === 'ready' && c.model === local.model)).toBe(true)
    const dims = await ctx.database.query<{ d: number }>('SELECT DISTINCT vector_dims(embedding) AS d FROM chunks')
    expect(dims).toEqual([{ d: 384 }])

    // A query vector of the old model finds nothing: no chunk carries that model any more.
    const [oldQuery] = await remote.embed(['deploy broken'])
    expect(await rankChunksByVector(ctx, { vector: oldQuery, model: remote.model, limit: 5 })).toEqual([])
    const [newQuery] = await local.embed(['deploy broken'])
    const found = await rankChunksByVector(ctx, { vector: newQuery, model: local.model, limit: 5 })
    expect(found.length).toBe(3)

    // Back to the 16-dimension model: its HNSW index is created on first use.
    await markOtherModelsPending(ctx, remote)
    await embedPendingChunks(ctx, { embedder: remote })
    const indexes = await ctx.database.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'chunks' AND indexname LIKE 'chunks_embedding_%'",
    )
    expect(indexes.map((i) => i.indexname).sort()).toEqual(['chunks_embedding_16_hnsw_idx', 'chunks_embedding_384_hnsw_idx'])

    // A new message whose text was embedded before under this model reuses the vector: no provider call.
    const calls = fake.requests.length
    await ingestAndIndex([chat('eeeee', 'rollback done')])
    expect(await embedPendingChunks(ctx, { embedder: remote })).toMatchObject({ claimed: 1, reused: 1, embedded: 0 })
    expect(fake.requests.length).toBe(calls)
  })

  it('re-indexing an edited message replaces its chunk and keeps BM25 statistics equal to a recount', async () => {
    const first = await ingestAndIndex([chat('dddd', 'kubernetes pods evicted again')])
    expect(first.chunksWritten).toBe(1)
    const again = await ingestMessages(ctx, {
      source: { type: 'api', name: 'feed' },
      messages: [chat('dddd', 'kubernetes nodes replaced')],
    })
    const second = await indexMessages(ctx, again.changedMessageIds)
    expect(second).toMatchObject({ chunksWritten: 1, chunksRemoved: 1 })
    const unchanged = await indexMessages(ctx, again.changedMessageIds)
    expect(unchanged).toMatchObject({ chunksWritten: 0, chunksRemoved: 0 })

    const stored = await ctx.database.query<{ term: string; document_frequency: number }>(
      'SELECT term, document_frequency FROM bm25_terms WHERE document_frequency > 0 ORDER BY term',
    )
    const recount = await ctx.database.query<{ term: string; document_frequency: number }>(
      `SELECT u.lexeme AS term, count(*)::int AS document_frequency FROM chunks, unnest(search_vector) u GROUP BY 1 ORDER BY 1`,
    )
    expect(stored).toEqual(recount)
    const [corpus] = await ctx.database.query<{ document_count: number; total_length: number }>(
      'SELECT document_count, total_length FROM bm25_corpus',
    )
    const [actual] = await ctx.database.query<{ n: number; len: number }>(
      'SELECT count(*)::int AS n, sum(doc_length)::int AS len FROM chunks',
    )
    expect([corpus.document_count, Number(corpus.total_length)]).toEqual([actual.n, actual.len])

    // chunk_search, the narrow rows full-text search scans, follows chunks through inserts and the re-index's deletes.
    const mirrored = await ctx.database.query<{ missing: number; extra: number; differ: number }>(
      `SELECT (SELECT count(*)::int FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM chunk_search s WHERE s.chunk_id = c.id)) AS missing,
         (SELECT count(*)::int FROM chunk_search s WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.id = s.chunk_id)) AS extra,
         (SELECT count(*)::int FROM chunks c JOIN chunk_search s ON s.chunk_id = c.id
          WHERE s.search_vector <> c.search_vector OR s.doc_length <> c.doc_length OR s.owner_id <> c.owner_id) AS differ`,
    )
    expect(mirrored[0]).toEqual({ missing: 0, extra: 0, differ: 0 })
    expect(actual.n).toBeGreaterThan(0)
  })

  it('takes batch size and concurrency from the environment (SIGNALBOX_EMBEDDING_*)', async () => {
    const config = testConfig({
      SIGNALBOX_EMBEDDER: 'openai-compatible',
      SIGNALBOX_EMBEDDING_BASE_URL: fake.baseUrl,
      SIGNALBOX_EMBEDDING_MODEL: 'configured',
      SIGNALBOX_EMBEDDING_BATCH_SIZE: '3',
      SIGNALBOX_EMBEDDING_CONCURRENCY: '1',
    })
    const before = fake.requests.length
    const vectors = await embedderFor(config).embed(['a', 'b', 'c', 'd', 'e', 'f', 'g'])
    expect(vectors).toHaveLength(7)
    const sent = fake.requests.slice(before).filter((r) => r.model === 'configured')
    expect(sent.map((r) => r.inputs.length)).toEqual([3, 3, 1])
  })
})
