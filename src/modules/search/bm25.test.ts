// BM25 in SQL against BM25 computed here from the stored term vectors, on a corpus where most messages are
// candidates and some hold a query word more than 8 times (where the term frequency is read differently).
import { beforeAll, describe, expect, it } from 'vitest'
import { testContext } from '../../../test/helpers/database.js'
import type { ServiceContext } from '../../lib/context.js'
import { ingestMessages } from '../messages/index.js'
import { indexMessages } from '../pipeline/index.js'
import { candidateQuery, defaultBm25, rankChunksFulltext } from './chunk-rankings.js'
import { seededRandom } from '../../lib/seeded-random.js'

let ctx: ServiceContext

const words = 'deploy release rollback database index query invoice refund customer incident latency dashboard meeting sprint'.split(' ')

beforeAll(async () => {
  ctx = await testContext()
  const rand = seededRandom(7)
  const messages = Array.from({ length: 700 }, (_, n) => ({
    externalId: `m-${n}`,
    conversation: { externalId: `room-${n % 5}` },
    sentAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
    // Lengths from 3 to 40 words and repeated words, so length normalisation and term frequency both matter.
    content: Array.from({ length: 3 + Math.floor(rand() * 38) }, () => words[Math.floor(words.length * rand() ** 1.5)]).join(' '),
  }))
  const stored = await ingestMessages(ctx, { source: { type: 'api', name: 'bm25' }, messages })
  await indexMessages(ctx, stored.changedMessageIds)
})

async function exactBm25(terms: string[]) {
  const [corpus] = await ctx.database.query<{ n: number; total: number }>(
    `SELECT document_count::float8 AS n, total_length::float8 AS total FROM bm25_corpus WHERE workspace_id = $1`,
    [ctx.workspaceId],
  )
  const avgdl = corpus.total / corpus.n
  const postings = await ctx.database.query<{ id: string; doc_length: number; lexeme: string; tf: number }>(
    `SELECT c.id, c.doc_length, u.lexeme, coalesce(array_length(u.positions, 1), 1) AS tf
     FROM chunks c, unnest(c.search_vector) u WHERE c.workspace_id = $1 AND u.lexeme = ANY($2::text[])`,
    [ctx.workspaceId, terms],
  )
  const df = new Map<string, number>()
  for (const p of postings) df.set(p.lexeme, (df.get(p.lexeme) ?? 0) + 1)
  const { k1, b } = defaultBm25
  const scores = new Map<string, number>()
  for (const p of postings) {
    const idf = Math.log(1 + (corpus.n - df.get(p.lexeme)! + 0.5) / (df.get(p.lexeme)! + 0.5))
    const weight = (idf * (p.tf * (k1 + 1))) / (p.tf + k1 * (1 - b + (b * p.doc_length) / avgdl))
    scores.set(p.id, (scores.get(p.id) ?? 0) + weight)
  }
  return scores
}

describe('BM25 ranking', () => {
  it.each([
    ['deploy rollback', ['deploy', 'rollback']],
    ['customer refund invoice', ['custom', 'refund', 'invoic']],
    ['deploy', ['deploy']],
  ])('matches exact BM25 on the top 20 for "%s"', async (q, lexemes) => {
    const exact = await exactBm25(lexemes)
    expect(exact.size).toBeGreaterThan(400)
    const ranked = await rankChunksFulltext(ctx, { q, limit: 20 })
    const expected = [...exact.values()].sort((x, y) => y - x).slice(0, 20)
    // The SQL adds in float4 (see chunk-rankings.ts): agreement to 5 decimals on scores of 1 to 20.
    expect(ranked.map((r) => r.score)).toEqual(expected.map((s) => expect.closeTo(s, 5)))
    for (const hit of ranked) expect(hit.score).toBeCloseTo(exact.get(hit.chunkId)!, 5)
  })

  it('reads term frequencies above 8 exactly', async () => {
    const exact = await exactBm25(['deploy'])
    const [{ most }] = await ctx.database.query<{ most: number }>(
      `SELECT max(array_length(u.positions, 1))::int AS most FROM chunks c, unnest(c.search_vector) u
       WHERE c.workspace_id = $1 AND u.lexeme = 'deploy'`,
      [ctx.workspaceId],
    )
    expect(most).toBeGreaterThan(8)
    const ranked = await rankChunksFulltext(ctx, { q: 'deploy', limit: 1000 })
    expect(ranked.length).toBe(exact.size)
    for (const hit of ranked) expect(hit.score).toBeCloseTo(exact.get(hit.chunkId)!, 5)
  })

  it('chooses the rarest terms: their OR under the budget, the AND of enough of them when every term is common', () => {
    const terms = [
      { term: 'ok', df: 25_000 },
      { term: 'deploy', df: 8_000 },
      { term: 'soon', df: 20_000 },
      { term: 'unknown', df: 0 },
    ]
    // 100,000 × 0.08 × 0.2 = 1,600 expected chunks holding both.
    expect(candidateQuery(terms, 100_000, 3_000)).toEqual({ terms: ['deploy', 'soon'], operator: '&' })
    expect(candidateQuery(terms, 100_000, 10_000)).toEqual({ terms: ['deploy'], operator: '|' })
    expect(candidateQuery([...terms, { term: 'canary', df: 900 }, { term: 'helm', df: 1_500 }], 100_000, 3_000)).toEqual({
      terms: ['canary', 'helm'],
      operator: '|',
    })
    expect(candidateQuery([{ term: 'unknown', df: 0 }], 100_000)).toEqual({ terms: [], operator: '|' })
  })

  it('with only common terms, scores the chunks holding all the rarest of them, close to the exhaustive ranking', async () => {
    const q = 'deploy release rollback'
    const exact = await exactBm25(['deploy', 'releas', 'rollback'])
    const exhaustive = await rankChunksFulltext(ctx, { q, limit: 20, budget: Infinity })
    const budgeted = await rankChunksFulltext(ctx, { q, limit: 20, budget: 100 })
    expect(budgeted).toHaveLength(20)
    // Each scored chunk holds all the chosen terms, and its score is still its full BM25 score.
    const [{ holdingAll }] = await ctx.database.query<{ holdingAll: number }>(
      `SELECT count(*)::int AS "holdingAll" FROM chunks WHERE id = ANY($1::uuid[])
         AND search_vector @@ 'deploy & releas'::tsquery`,
      [budgeted.map((r) => r.chunkId)],
    )
    expect(holdingAll).toBe(20)
    for (const hit of budgeted) expect(hit.score).toBeCloseTo(exact.get(hit.chunkId)!, 5)
    const exhaustiveIds = new Set(exhaustive.map((r) => r.chunkId))
    const shared = budgeted.filter((r) => exhaustiveIds.has(r.chunkId)).length
    expect(shared).toBeGreaterThanOrEqual(16)
  })

  it('falls back to the rarest term when too few chunks hold all the chosen ones', async () => {
    const exact = await exactBm25(['deploy', 'releas', 'rollback'])
    const [{ rarest }] = await ctx.database.query<{ rarest: number }>(
      `SELECT min(document_frequency)::int AS rarest FROM bm25_terms WHERE workspace_id = $1 AND term IN ('deploy', 'releas', 'rollback')`,
      [ctx.workspaceId],
    )
    const ranked = await rankChunksFulltext(ctx, { q: 'deploy release rollback', limit: 1000, budget: 100 })
    expect(ranked.length).toBe(rarest)
    expect(ranked.length).toBeLessThan(exact.size)
    for (const hit of ranked) expect(hit.score).toBeCloseTo(exact.get(hit.chunkId)!, 5)
  })
})
