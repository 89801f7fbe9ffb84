// The two first-stage rankers over chunks, and from the same statistics how much of a question a chunk covers.
// Full text: BM25 (Robertson/Sparck Jones; idf with +1 so it stays positive) computed in SQL over the GIN
// candidates of an OR query (an AND one when every term is common), scanned in chunk_search (the chunks' narrow
// lexical rows), with document frequencies and lengths read from bm25_terms/bm25_corpus instead of recounted;
// ts_rank is kept as the measured baseline.
// Vector: cosine distance through the HNSW expression index of the query's dimension, only over chunks
// embedded by the current model.
import { inTransaction } from '../../db/transaction.js'
import type { ServiceContext } from '../../lib/context.js'
import { integerVectorLiteral, searchConfiguration, vectorFromIntegers } from '../pipeline/index.js'
import { hasFilters, messageFilterSql, type SearchFilters } from './filters.js'

export type RankedChunk = { chunkId: string; messageId: string; score: number }

export type Bm25Parameters = { k1: number; b: number }
/** SciFact dev with document lengths in words: 0.650 nDCG@10, against 0.652 for Lucene's k1 0.9 b 0.4, which lost
 * 0.010 on Cranfield and 0.012 on CISI (docs/search.md). */
export const defaultBm25: Bm25Parameters = { k1: 1.2, b: 0.75 }

/** HNSW candidate list size: pgvector's default 40 gives recall@10 below 0.95 on our benchmark. */
export const defaultEfSearch = 100

function scopeSql(filters: SearchFilters, params: unknown[]) {
  if (!hasFilters(filters)) return { join: '', where: 'true' }
  return { join: 'JOIN messages m ON m.id = c.owner_id', where: messageFilterSql(filters, params) }
}

/** Lexemes with a trigram similarity at least this to a query word stand in for it when the word itself is
 * not in the workspace's vocabulary (a misspelt name, "kubernets"). */
const fuzzyTermSimilarity = 0.5

/** Upper bound on the GIN candidates BM25 scores (see candidateQuery): query terms are taken rarest first while
 * the sum of their document frequencies stays under it (at least one term). Common terms still count in the score of the
 * candidates; they just do not bring in tens of thousands of candidates that they would rank low anyway.
 * SciFact's BM25 nDCG@10 and Recall@100 are the same at 1,000, 3,000 and 10,000; each candidate costs ~6 µs. */
export const candidateBudget = 3_000

export type QueryTerm = { term: string; df: number }

export type QueryTerms = {
  terms: QueryTerm[]
  /** Some query word was not in the vocabulary and a trigram-similar term stands in for it. */
  fuzzy: boolean
  /** The workspace's chunk count and average length (bm25_corpus), fetched in the same round trip. */
  corpus: { n: number; avgdl: number } | null
}

/** The query's lexemes as indexed terms: exact when known, else the nearest vocabulary term (pg_trgm). */
export async function queryTerms(ctx: ServiceContext, q: string): Promise<QueryTerms> {
  const rows = await ctx.database.query<{ term: string | null; df: number; fuzzy: boolean; n: number | null; avgdl: number | null }>(
    `SELECT coalesce(exact.term, fuzzy.term, u.lexeme) AS term, fuzzy.term IS NOT NULL AS fuzzy,
       coalesce(exact.document_frequency, fuzzy.document_frequency, 0) AS df, corpus.n, corpus.avgdl
     FROM unnest(to_tsvector('${searchConfiguration}', $2)) u
     LEFT JOIN (SELECT document_count::float8 AS n, greatest(total_length::float8 / nullif(document_count, 0), 1) AS avgdl
                FROM bm25_corpus WHERE workspace_id = $1) corpus ON true
     LEFT JOIN bm25_terms exact ON exact.workspace_id = $1 AND exact.term = u.lexeme AND exact.document_frequency > 0
     LEFT JOIN LATERAL (
       SELECT t.term, t.document_frequency FROM bm25_terms t
       WHERE exact.term IS NULL AND length(u.lexeme) >= 4 AND t.workspace_id = $1 AND t.term % u.lexeme
         AND t.document_frequency > 0 AND similarity(t.term, u.lexeme) >= ${fuzzyTermSimilarity}
       ORDER BY similarity(t.term, u.lexeme) DESC, t.document_frequency DESC LIMIT 1) fuzzy ON true`,
    [ctx.workspaceId, q],
  )
  const byTerm = new Map(rows.filter((r) => r.term).map((r) => [r.term!, Number(r.df)]))
  const first = rows[0]
  return {
    terms: [...byTerm].map(([term, df]) => ({ term, df })),
    fuzzy: rows.some((r) => r.fuzzy),
    corpus: first && first.n !== null ? { n: Number(first.n), avgdl: Number(first.avgdl) } : null,
  }
}

/** The GIN query that selects the chunks BM25 scores: the chunks holding any of `terms` ('|') or all of them ('&'). */
export type CandidateQuery = { terms: string[]; operator: '|' | '&' }

/**
 * Rarest terms first. When the rarest is under the budget: the OR of the rarest terms whose document
 * frequencies add up to at most the budget. When every term is common (a query of everyday words, where even
 * the rarest is in a quarter of the chunks), an OR would bring in tens of thousands of candidates; the
 * candidates are then the chunks holding all of the rarest few terms, as many as it takes for their expected
 * intersection (as if the terms were independent) to fall under the budget. That is not rank-safe — a chunk
 * lacking one of those terms is not scored — but for common words the chunks holding several of them are the
 * ones BM25 ranks first; bench:search measures the agreement with the exhaustive ranking.
 */
export function candidateQuery(terms: QueryTerm[], chunkCount: number, budget = candidateBudget): CandidateQuery {
  const sorted = [...terms].filter((t) => t.df > 0).sort((a, b) => a.df - b.df || a.term.localeCompare(b.term))
  const chosen: string[] = []
  if (sorted.length === 0) return { terms: chosen, operator: '|' }
  if (sorted[0].df > budget) {
    let expected = Math.max(chunkCount, 1)
    for (const t of sorted) {
      chosen.push(t.term)
      expected *= Math.min(1, t.df / Math.max(chunkCount, 1))
      if (expected <= budget) break
    }
    return { terms: chosen, operator: '&' }
  }
  let total = 0
  for (const t of sorted) {
    if (chosen.length > 0 && total + t.df > budget) break
    chosen.push(t.term)
    total += t.df
  }
  return { terms: chosen, operator: '|' }
}

/** A tsquery of already-normalised lexemes (quoted, so they are not parsed or stemmed again). */
function lexemeQuery(terms: string[], operator: '|' | '&' = '|'): string {
  return terms.map((t) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(` ${operator} `)
}

export async function rankChunksFulltext(ctx: ServiceContext, input: FulltextInput): Promise<RankedChunk[]> {
  return (await rankChunksLexical(ctx, input)).chunks
}

type FulltextInput = {
  q: string
  filters?: SearchFilters
  limit: number
  ranker?: 'bm25' | 'ts_rank'
  bm25?: Bm25Parameters
  /** Candidate budget (see candidateBudget); Infinity scores every chunk holding any query term. */
  budget?: number
}

/** BM25 over the query's terms; `trigram` says whether a misspelt word was matched through the vocabulary. */
export async function rankChunksLexical(ctx: ServiceContext, input: FulltextInput): Promise<{ chunks: RankedChunk[]; trigram: boolean }> {
  const query = await queryTerms(ctx, input.q)
  return { chunks: await rankTerms(ctx, input, query), trigram: query.fuzzy }
}

async function rankTerms(ctx: ServiceContext, input: FulltextInput, query: QueryTerms): Promise<RankedChunk[]> {
  const { terms, corpus } = query
  const candidates = candidateQuery(terms, corpus?.n ?? 0, input.budget)
  if (candidates.terms.length === 0) return []
  const ranked = await scoreCandidates(ctx, input, terms, corpus, candidates)
  // Too few chunks hold all the chosen common terms (or the filters left too few): fall back to the rarest term.
  if (candidates.operator === '&' && candidates.terms.length > 1 && ranked.length < input.limit) {
    return scoreCandidates(ctx, input, terms, corpus, { terms: candidates.terms.slice(0, 1), operator: '|' })
  }
  return ranked
}

async function scoreCandidates(
  ctx: ServiceContext,
  input: { filters?: SearchFilters; limit: number; ranker?: 'bm25' | 'ts_rank'; bm25?: Bm25Parameters },
  terms: QueryTerms['terms'],
  corpus: QueryTerms['corpus'],
  candidates: CandidateQuery,
): Promise<RankedChunk[]> {
  const params: unknown[] = [ctx.workspaceId, lexemeQuery(candidates.terms, candidates.operator), input.limit]
  const scope = scopeSql(input.filters ?? {}, params)
  if (input.ranker === 'ts_rank') {
    const rows = await ctx.database.query<{ id: string; owner_id: string; score: number }>(
      `SELECT c.chunk_id AS id, c.owner_id, ts_rank(c.search_vector, $2::tsquery) AS score
       FROM chunk_search c ${scope.join}
       WHERE c.workspace_id = $1 AND c.owner_kind = 'message' AND c.search_vector @@ $2::tsquery AND ${scope.where}
       ORDER BY score DESC, c.chunk_id LIMIT $3`,
      params,
    )
    return rows.map((r) => ({ chunkId: r.id, messageId: r.owner_id, score: Number(r.score) }))
  }
  const { k1, b } = input.bm25 ?? defaultBm25
  if (!corpus) return []
  params.push(corpus.avgdl, k1, b)
  const [avgdl, k1Param, bParam] = [`$${params.length - 2}::real`, `$${params.length - 1}::real`, `$${params.length}::real`]
  // Per row, once: each query term's ts_rank (from which its frequency is read) and the length normalisation
  // K = k1·(1 - b + b·dl/avgdl) that all terms share. A term then adds idf·(k1+1)·tf/(tf + K), written as
  // w·(1 - K/(tf + K)) with w computed here. The arithmetic is in real (float4): PGlite is 32-bit WebAssembly,
  // where every float8 result is allocated, and float8 arithmetic made a common-word query 3x slower
  // (the scores agree with float8 to ~1e-6).
  const ranks: string[] = []
  const weights: string[] = []
  terms
    .filter((t) => t.df > 0)
    .forEach((t, i) => {
      params.push(lexemeQuery([t.term]), idf(corpus.n, t.df) * (k1 + 1))
      ranks.push(`ts_rank('{0.1,0.1,0.1,0.1}', c.search_vector, $${params.length - 1}::tsquery, 0) AS r${i}`)
      // Most candidates lack most of a query's terms: those add 0 without the arithmetic (~10% of the query).
      const absent = `f.r${i} < ${(rankOfFrequency(1) / 2).toPrecision(9)}::real`
      weights.push(`CASE WHEN ${absent} THEN 0 ELSE $${params.length}::real * (1 - f.k / (${termFrequencySql(`f.r${i}`)} + f.k)) END`)
    })
  ranks.push(`${k1Param} * (1 - ${bParam} + ${bParam} * c.doc_length / ${avgdl}) AS k`)
  // OFFSET 0 keeps the ranks a subquery evaluated once per row instead of being inlined into every use.
  const rows = await ctx.database.query<{ id: string; owner_id: string; score: number }>(
    `SELECT c.chunk_id AS id, c.owner_id, ${weights.join(' + ')} AS score
     FROM chunk_search c ${scope.join} CROSS JOIN LATERAL (SELECT ${ranks.join(', ')} OFFSET 0) f
     WHERE c.workspace_id = $1 AND c.owner_kind = 'message' AND c.search_vector @@ $2::tsquery AND ${scope.where}
     ORDER BY score DESC, c.chunk_id LIMIT $3`,
    params,
  )
  return rows.map((r) => ({ chunkId: r.id, messageId: r.owner_id, score: Number(r.score) }))
}

/** BM25's idf (Robertson/Sparck Jones with +1, so it stays positive). */
const idf = (n: number, df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5))

/**
 * A term's frequency in a chunk, read from `rank` = ts_rank('{0.1,0.1,0.1,0.1}', vector, term, 0). Unnesting the
 * vector in SQL to count positions cost ~14 µs per candidate. ts_rank with every weight equal and no
 * normalisation gives, for a one-term query, rank = 0.1·H(tf)/(π²/6) with H(tf) = Σ 1/j² over j = 1..tf
 * (PostgreSQL's calc_rank_or): a known value for each tf. For a term the chunk holds (the caller tests for 0), the
 * frequencies chat messages have (1 to 8) are told apart by comparing with the midpoints between those values;
 * larger ones invert H in closed form
 * (d = π²/6 - H(tf) ≈ 1/(tf+1) + 1/(2(tf+1)²), s = √(1 + 2d), tf + 1 ≈ 1/(s - 1), exact after rounding).
 * bm25.test.ts checks the scores against BM25 computed from the positions, frequencies above 8 included.
 */
function termFrequencySql(rank: string): string {
  const steps: string[] = []
  for (let tf = 1; tf <= 8; tf++) {
    steps.push(`WHEN ${rank} < ${((rankOfFrequency(tf) + rankOfFrequency(tf + 1)) / 2).toPrecision(9)}::real THEN ${tf}`)
  }
  const harmonic = `${rank} * 10 * ${zeta2}`
  return `CASE ${steps.join(' ')} ELSE round(1 / (sqrt(1 + 2 * (${zeta2} - ${harmonic})) - 1) - 1)::real END`
}
/** π²/6, the limit of Σ 1/j². */
const zeta2 = '1.6449340668482264'

/** What ts_rank gives a one-term query for a chunk holding the term `tf` times (see termFrequencySql). */
function rankOfFrequency(tf: number): number {
  let harmonic = 0
  for (let j = 1; j <= tf; j++) harmonic += 1 / (j * j)
  return (0.1 * harmonic) / (Math.PI ** 2 / 6)
}

/**
 * How much of a question a passage holds: the share of the query's weight (BM25 idf over the workspace) that a
 * chunk's lexemes cover. A word the workspace never uses weighs the most, so a question about something the data
 * does not mention covers little even when its common words match well: the assistant declines on it. It reads the
 * same statistics as the ranker above, hence here.
 */
export async function queryCoverage(ctx: ServiceContext, input: { q: string; chunkIds: string[] }): Promise<Map<string, number>> {
  const rows = await ctx.database.query<{ lexeme: string; df: number; n: number; held: string[] }>(
    `WITH q AS (SELECT DISTINCT u.lexeme FROM unnest(to_tsvector('${searchConfiguration}', $2)) u)
     SELECT q.lexeme, coalesce(t.document_frequency, 0)::int AS df,
       coalesce((SELECT document_count FROM bm25_corpus WHERE workspace_id = $1), 0)::int AS n,
       array(SELECT c.chunk_id::text FROM chunk_search c
             WHERE c.chunk_id IN (SELECT value::uuid FROM jsonb_array_elements_text($3::jsonb)) AND c.search_vector @@ quote_literal(q.lexeme)::tsquery) AS held
     FROM q LEFT JOIN bm25_terms t ON t.workspace_id = $1 AND t.term = q.lexeme`,
    [ctx.workspaceId, input.q, JSON.stringify(input.chunkIds)],
  )
  const coverage = new Map(input.chunkIds.map((id) => [id, 0]))
  const total = rows.reduce((sum, r) => sum + idf(Number(r.n), Number(r.df)), 0)
  if (total <= 0) return coverage
  for (const r of rows) {
    const weight = idf(Number(r.n), Number(r.df)) / total
    for (const id of r.held) coverage.set(id, (coverage.get(id) ?? 0) + weight)
  }
  return coverage
}

export async function rankChunksByVector(
  ctx: ServiceContext,
  input: {
    vector: number[]
    model: string
    filters?: SearchFilters
    limit: number
    excludeMessageId?: string
    efSearch?: number
    exact?: boolean
  },
): Promise<RankedChunk[]> {
  const dimension = input.vector.length
  const params: unknown[] = [ctx.workspaceId, integerVectorLiteral(input.vector), input.model, input.limit]
  const scope = scopeSql(input.filters ?? {}, params)
  let exclude = ''
  if (input.excludeMessageId) {
    params.push(input.excludeMessageId)
    exclude = `AND c.owner_id <> $${params.length}::uuid`
  }
  // The cast and the vector_dims condition must match the partial expression index (see pipeline/schema.ts).
  const distance = `c.embedding::vector(${dimension}) <=> ${vectorFromIntegers('$2')}::vector(${dimension})`
  const sql = `SELECT c.id, c.owner_id, 1 - (${distance}) AS score FROM chunks c ${scope.join}
     WHERE c.workspace_id = $1 AND vector_dims(c.embedding) = ${dimension} AND c.embedding_model = $3
       AND c.owner_kind = 'message' ${exclude} AND ${scope.where}
     ORDER BY ${distance} LIMIT $4`
  const rows = await inTransaction(ctx, async (q) => {
    if (input.exact) await q.query(`SET LOCAL enable_indexscan = off`)
    else {
      // Iterative scans keep fetching from the index when filters (workspace, model, source...) drop candidates.
      // Both settings in one round trip (set_config(..., true) is SET LOCAL).
      const efSearch = Math.min(1000, Math.max(Math.trunc(input.limit), Math.trunc(input.efSearch ?? defaultEfSearch)))
      await q.query(`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', $1, true)`, [
        String(efSearch),
      ])
    }
    return q.query<{ id: string; owner_id: string; score: number }>(sql, params)
  })
  // relaxed_order may return neighbours slightly out of order.
  return rows.map((r) => ({ chunkId: r.id, messageId: r.owner_id, score: Number(r.score) })).sort((a, b) => b.score - a.score)
}
