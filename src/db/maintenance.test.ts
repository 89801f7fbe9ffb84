import { describe, expect, it } from 'vitest'
import { freshDatabase, testContext } from '../../test/helpers/database.js'
import { ingestMessages } from '../modules/messages/index.js'
import { createLocalEmbedder, indexMessages } from '../modules/pipeline/index.js'
import { runAutovacuumChores } from './maintenance.js'

async function ingest(ctx: Awaited<ReturnType<typeof testContext>>, from: number, count: number) {
  const messages = Array.from({ length: count }, (_, i) => ({
    externalId: `m-${from + i}`,
    conversation: { externalId: 'room' },
    author: { externalId: 'ada' },
    sentAt: new Date(Date.UTC(2026, 0, 1) + (from + i) * 60_000).toISOString(),
    content: `message number ${from + i} about the deploy`,
  }))
  const result = await ingestMessages(ctx, { source: { type: 'api', name: 'test' }, messages })
  expect(result.errors).toEqual([])
}

const plannerRows = async (ctx: Awaited<ReturnType<typeof testContext>>, table: string) =>
  Number((await ctx.database.query<{ reltuples: number }>(`SELECT reltuples FROM pg_class WHERE relname = $1`, [table]))[0].reltuples)

describe('runAutovacuumChores (PGlite has no autovacuum)', () => {
  it('ANALYZEs tables that changed beyond the threshold, then nothing until they change again', async () => {
    const ctx = await testContext(await freshDatabase())
    await ingest(ctx, 0, 400)

    const first = await runAutovacuumChores(ctx.database)
    expect(first.analyzed).toContain('messages')
    expect(await plannerRows(ctx, 'messages')).toBe(400)

    const second = await runAutovacuumChores(ctx.database)
    expect(second.analyzed).not.toContain('messages')

    // 30 more rows is under 50 + 10% of 400: not yet; 200 more is over it.
    await ingest(ctx, 400, 30)
    expect((await runAutovacuumChores(ctx.database)).analyzed).not.toContain('messages')
    await ingest(ctx, 430, 200)
    expect((await runAutovacuumChores(ctx.database)).analyzed).toContain('messages')
    expect(await plannerRows(ctx, 'messages')).toBe(630)
  })

  it('VACUUMs a table with many dead rows', async () => {
    const ctx = await testContext(await freshDatabase())
    await ingest(ctx, 0, 300)
    await runAutovacuumChores(ctx.database)
    await ctx.database.query(`DELETE FROM messages WHERE workspace_id = $1`, [ctx.workspaceId])
    const result = await runAutovacuumChores(ctx.database)
    expect(result.vacuumed).toContain('messages')
    const [stats] = await ctx.database.query<{ n_dead_tup: string }>(
      `SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'messages'`,
    )
    expect(Number(stats.n_dead_tup)).toBe(0)
  })

  it('merges the full-text GIN index pending list, and searches still find what it held', async () => {
    const ctx = await testContext(await freshDatabase())
    await ingest(ctx, 0, 200)
    const stored = await ctx.database.query<{ id: string }>(`SELECT id FROM messages WHERE workspace_id = $1`, [ctx.workspaceId])
    await indexMessages(
      ctx,
      stored.map((m) => m.id),
      { embedder: createLocalEmbedder({ dimension: 384 }) },
    )
    const matches = () =>
      ctx.database.query(`SELECT 1 FROM chunk_search WHERE search_vector @@ to_tsquery('english', 'deploy')`).then((r) => r.length)

    // New GIN entries wait in the pending list (fastupdate) until merged.
    expect((await runAutovacuumChores(ctx.database)).pendingListsMerged).toContain('chunk_search_vector_idx')
    expect((await runAutovacuumChores(ctx.database)).pendingListsMerged).toEqual([])
    expect(await matches()).toBe(200)
  })

  it('leaves a PostgreSQL server to its autovacuum unless forced', async () => {
    const ctx = await testContext(await freshDatabase())
    await ingest(ctx, 0, 100)
    const asServer = { ...ctx.database, kind: 'postgres' as const }
    expect(await runAutovacuumChores(asServer)).toEqual({ analyzed: [], vacuumed: [], pendingListsMerged: [] })
    expect((await runAutovacuumChores(asServer, { force: true })).analyzed).toContain('messages')
  })
})
