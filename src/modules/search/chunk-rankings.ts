// The two first-stage rankers over chunks. Full text: BM25 (Robertson/Sparck Jones; idf with +1 so it stays
// positive) computed in SQL over the GIN candidates of an OR query, with document frequencies and lengths
// read from bm25_terms/bm25_corpus instead of recounted; ts_rank is kept as the measured baseline.
// Vector: cosine distance through the HNSW expression index of the query's dimension, only over chunks
// embedded by the current model.
import type { ServiceContext } from '../../lib/context.js'
import { inTransaction } from '../messages/index.js'
import { vectorLiteral } from '../pipeline/index.js'
import { hasFilters, messageFilterSql, type SearchFilters } from './filters.js'

export type RankedChunk = { chunkId: string; messageId: string; score: number }

export type Bm25Parameters = { k1: number; b: number }
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

/** Upper bound on the GIN candidates BM25 scores: query terms are taken rarest first while the sum of their
 * document frequencies stays under it (at least one term). Common terms still count in the score of the
 * candidates; they just do not bring in tens of thousands of candidates that they would rank low anyway. */
export const candidateBudget = 10_000

/** The query's lexemes as indexed terms: exact when known, else the nearest vocabulary term (pg_trgm). */
export async function queryTerms(ctx: ServiceContext, q: string): Promise<Array<{ term: string; df: number }>> {
  const rows = await ctx.database.query<{ term: string | null; df: number }>(
    `SELECT coalesce(exact.term, fuzzy.term, u.lexeme) AS term,
       coalesce(exact.document_frequency, fuzzy.document_frequency, 0) AS df
     FROM unnest(to_tsvector('english', $2)) u
     LEFT JOIN bm25_terms exact ON exact.workspace_id = $1 AND exact.term = u.lexeme AND exact.document_frequency > 0
     LEFT JOIN LATERAL (
       SELECT t.term, t.document_frequency FROM bm25_terms t
       WHERE exact.term IS NULL AND length(u.lexeme) >= 4 AND t.workspace_id = $1 AND t.term % u.lexeme
         AND t.document_frequency > 0 AND similarity(t.term, u.lexeme) >= ${fuzzyTermSimilarity}
       ORDER BY similarity(t.term, u.lexeme) DESC, t.document_frequency DESC LIMIT 1) fuzzy ON true`,
    [ctx.workspaceId, q],
  )
  const byTerm = new Map(rows.filter((r) => r.term).map((r) => [r.term!, Number(r.df)]))
  return [...byTerm].map(([term, df]) => ({ term, df }))
}

function candidateTerms(terms: Array<{ term: string; df: number }>): string[] {
  const sorted = [...terms].filter((t) => t.df > 0).sort((a, b) => a.df - b.df)
  const chosen: string[] = []
  let total = 0
  for (const t of sorted) {
    if (chosen.length > 0 && total + t.df > candidateBudget) break
    chosen.push(t.term)
    total += t.df
  }
  return chosen
}

/** An OR tsquery of already-normalised lexemes (quoted, so they are not parsed or stemmed again). */
function orQuery(terms: string[]): string {
  return terms.map((t) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' | ')
}

export async function rankChunksFulltext(
  ctx: ServiceContext,
  input: { q: string; filters?: SearchFilters; limit: number; ranker?: 'bm25' | 'ts_rank'; bm25?: Bm25Parameters },
): Promise<RankedChunk[]> {
  const terms = await queryTerms(ctx, input.q)
  const candidates = candidateTerms(terms)
  if (candidates.length === 0) return []
  const params: unknown[] = [ctx.workspaceId, orQuery(candidates), input.limit, JSON.stringify(terms.map((t) => t.term))]
  const scope = scopeSql(input.filters ?? {}, params)
  if (input.ranker === 'ts_rank') {
    const rows = await ctx.database.query<{ id: string; owner_id: string; score: number }>(
      `SELECT c.id, c.owner_id, ts_rank(c.search_vector, $2::tsquery) AS score
       FROM chunks c ${scope.join}
       WHERE c.workspace_id = $1 AND c.owner_kind = 'message' AND c.search_vector @@ $2::tsquery AND ${scope.where}
         AND $4::jsonb IS NOT NULL -- the term list is BM25's; bound here too so both share one parameter list
       ORDER BY score DESC, c.id LIMIT $3`,
      params,
    )
    return rows.map((r) => ({ chunkId: r.id, messageId: r.owner_id, score: Number(r.score) }))
  }
  const { k1, b } = input.bm25 ?? defaultBm25
  params.push(k1, b)
  const k1Param = `$${params.length - 1}::float8`
  const bParam = `$${params.length}::float8`
  const rows = await ctx.database.query<{ id: string; owner_id: string; score: number }>(
    `WITH stats AS (
       SELECT document_count::float8 AS n, greatest(total_length::float8 / nullif(document_count, 0), 1) AS avgdl
       FROM bm25_corpus WHERE workspace_id = $1),
     terms AS (
       SELECT t.term, ln(1 + (s.n - t.document_frequency + 0.5) / (t.document_frequency + 0.5)) AS idf
       FROM bm25_terms t, stats s
       WHERE t.workspace_id = $1 AND t.document_frequency > 0
         AND t.term IN (SELECT value FROM jsonb_array_elements_text($4::jsonb))),
     candidates AS (
       SELECT c.id, c.owner_id, c.search_vector, c.doc_length FROM chunks c ${scope.join}
       WHERE c.workspace_id = $1 AND c.owner_kind = 'message' AND c.search_vector @@ $2::tsquery AND ${scope.where})
     SELECT c.id, c.owner_id,
       sum(t.idf * (tf.n * (${k1Param} + 1)) / (tf.n + ${k1Param} * (1 - ${bParam} + ${bParam} * c.doc_length / s.avgdl))) AS score
     FROM candidates c CROSS JOIN stats s
       CROSS JOIN LATERAL (SELECT u.lexeme, coalesce(array_length(u.positions, 1), 1)::float8 AS n
                           FROM unnest(c.search_vector) u) tf
       JOIN terms t ON t.term = tf.lexeme
     GROUP BY c.id, c.owner_id
     ORDER BY score DESC, c.id LIMIT $3`,
    params,
  )
  return rows.map((r) => ({ chunkId: r.id, messageId: r.owner_id, score: Number(r.score) }))
}

export async function rankChunksByVector(
  ctx: ServiceContext,
  input: { vector: number[]; model: string; filters?: SearchFilters; limit: number; excludeMessageId?: string; efSearch?: number; exact?: boolean },
): Promise<RankedChunk[]> {
  const dimension = input.vector.length
  const params: unknown[] = [ctx.workspaceId, vectorLiteral(input.vector), input.model, input.limit]
  const scope = scopeSql(input.filters ?? {}, params)
  let exclude = ''
  if (input.excludeMessageId) {
    params.push(input.excludeMessageId)
    exclude = `AND c.owner_id <> $${params.length}::uuid`
  }
  // The cast and the vector_dims condition must match the partial expression index (see pipeline/schema.ts).
  const distance = `c.embedding::vector(${dimension}) <=> $2::vector(${dimension})`
  const sql = `SELECT c.id, c.owner_id, 1 - (${distance}) AS score FROM chunks c ${scope.join}
     WHERE c.workspace_id = $1 AND vector_dims(c.embedding) = ${dimension} AND c.embedding_model = $3
       AND c.owner_kind = 'message' ${exclude} AND ${scope.where}
     ORDER BY ${distance} LIMIT $4`
  const rows = await inTransaction(ctx, async (q) => {
    if (input.exact) await q.query(`SET LOCAL enable_indexscan = off`)
    else {
      // Iterative scans keep fetching from the index when filters (workspace, model, source...) drop candidates.
      await q.query(`SET LOCAL hnsw.iterative_scan = relaxed_order`)
      await q.query(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.max(Math.trunc(input.limit), Math.trunc(input.efSearch ?? defaultEfSearch)))}`)
    }
    return q.query<{ id: string; owner_id: string; score: number }>(sql, params)
  })
  // relaxed_order may return neighbours slightly out of order.
  return rows
    .map((r) => ({ chunkId: r.id, messageId: r.owner_id, score: Number(r.score) }))
    .sort((a, b) => b.score - a.score)
}
