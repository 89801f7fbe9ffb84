// The search path on a real PostgreSQL server with pgvector (built from the vendored source by .ci/run):
// migrations, indexing with vectors, hybrid search fusing BM25 and the HNSW index, and the background embedding
// after a model is configured — the same code as on the embedded database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase, openPostgres, type Database } from '../../db/client.js'
import { inTransaction } from '../../db/transaction.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import { pgvectorSkipReason, scratchDatabase, serverHasPgvector } from '../../../test/helpers/server-database.js'
import { ensureDefaultWorkspace } from '../workspaces/index.js'
import { ingestMessages } from '../messages/index.js'
import { embedAllPending, embedderFor, indexMessages, markOtherModelsPending } from '../pipeline/index.js'
import type { ServiceContext } from '../../lib/context.js'
import { rankChunksByVector } from './chunk-rankings.js'
import { hybridSearch } from './hybrid-search.js'

const withPgvector = await serverHasPgvector()
if (!withPgvector) console.log(`search.server.test.ts ${pgvectorSkipReason}`)

const labelled: Array<[string, string, string]> = [
  ['ops-1', 'The production deploy failed: the database migration timed out after 30 seconds.', 'deploy failed migration timeout'],
  ['ops-2', 'I will roll back the release and raise the migration timeout to five minutes.', 'rollback of the release'],
  ['ops-3', 'Kubernetes node pool is running out of memory, pods are being evicted.', 'pods evicted memory'],
  ['ops-4', 'Renewed the TLS certificate for api.example.com, it expires in March next year.', 'when does the certificate expire'],
  ['sales-1', 'Customer Globex asked for a refund because the onboarding was confusing.', 'refund request from a customer'],
  ['sales-2', 'Pricing page needs a new enterprise tier with single sign-on.', 'enterprise pricing tier'],
]

describe.runIf(withPgvector)('search on a PostgreSQL server with pgvector', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>
  let database: Database
  let ctx: ServiceContext
  const ids = new Map<string, string>()

  beforeAll(async () => {
    scratch = await scratchDatabase('signalbox_search')
    database = await openPostgres(scratch.url)
    await migrateDatabase(database)
    const workspaceId = await ensureDefaultWorkspace({ database })
    // Indexed first without a model (the default), as a user who configures one later.
    ctx = { database, workspaceId, actor: { kind: 'system' }, log: silentLog, config: testConfig() }
    const result = await ingestMessages(ctx, {
      source: { type: 'slack', name: 'team' },
      messages: labelled.map(([externalId, content], i) => ({
        externalId,
        conversation: { externalId: externalId.split('-')[0] },
        sentAt: new Date(Date.UTC(2026, 0, 5, 9, i)).toISOString(),
        content,
      })),
    })
    await indexMessages(ctx, result.changedMessageIds)
    for (const row of await database.query<{ id: string; external_id: string }>('SELECT id, external_id FROM messages')) {
      ids.set(row.id, row.external_id)
    }
  }, 60_000)
  afterAll(async () => {
    await database?.close()
    await scratch?.drop()
  })

  it('answers with full text alone before a model is configured', async () => {
    const page = await hybridSearch(ctx, { q: 'pods evicted memory' })
    expect(page.rankers).toEqual(['fulltext'])
    expect(ids.get(page.items[0].messageId)).toBe('ops-3')
  })

  it('embeds in the background once a model is configured, then fuses BM25 with the HNSW index', async () => {
    const withModel: ServiceContext = { ...ctx, config: testConfig({ SIGNALBOX_EMBEDDER: 'local' }) }
    expect(await markOtherModelsPending(withModel)).toBe(labelled.length)
    expect((await hybridSearch(withModel, { q: 'refund' })).vectorsPending).toBe(labelled.length)
    await embedAllPending(withModel)
    const [counts] = await database.query<{ ready: number; dims: number }>(
      `SELECT count(*) FILTER (WHERE embedding_status = 'ready')::int AS ready, max(vector_dims(embedding)) AS dims FROM chunks`,
    )
    expect(counts).toEqual({ ready: labelled.length, dims: 384 })
    let firstHits = 0
    for (const [externalId, , query] of labelled) {
      const page = await hybridSearch(withModel, { q: query, k: 3 })
      expect(page.rankers).toContain('vector')
      expect(page.vectorsPending).toBe(0)
      if (ids.get(page.items[0].messageId) === externalId) firstHits++
    }
    expect(firstHits).toBeGreaterThanOrEqual(labelled.length - 1)
    // The vector side reads the server's HNSW index and agrees with an exact scan on this small set.
    const [queryVector] = await embedderFor(withModel.config).embed(['database migration'])
    const model = embedderFor(withModel.config).model
    const viaIndex = await rankChunksByVector(withModel, { vector: queryVector, model, limit: 3 })
    const exact = await rankChunksByVector(withModel, { vector: queryVector, model, limit: 3, exact: true })
    expect(viaIndex.map((c) => c.chunkId)).toEqual(exact.map((c) => c.chunkId))
    // Six rows would be scanned; with sequential scans priced out the planner shows the index is usable.
    const plan = await inTransaction(ctx, async (q) => {
      await q.query('SET LOCAL enable_seqscan = off')
      return q.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM chunks WHERE vector_dims(embedding) = 384
         ORDER BY embedding::vector(384) <=> (SELECT embedding::vector(384) FROM chunks LIMIT 1) LIMIT 3`,
      )
    })
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/chunks_embedding_384_hnsw_idx/)
  }, 60_000)
})
