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

export async function rankChunksFulltext(
  ctx: ServiceContext,
  input: { q: string; filters?: SearchFilters; limit: number; ranker?: 'bm25' | 'ts_rank'; bm25?: Bm25Parameters },
): Promise<RankedChunk[]> {
  const params: unknown[] = [ctx.workspaceId, input.q, input.limit]
  const scope = scopeSql(input.filters ?? {}, params)
  // The OR of the query's lexemes; lexemes are already stemmed, so they are cast to tsquery as they are.
  const tsquery = `(SELECT string_agg(quote_literal(u.lexeme), ' | ')::tsquery FROM unnest(to_tsvector('english', $2)) u)`
  if (input.ranker === 'ts_rank') {
    const rows = await ctx.database.query<{ id: string; owner_id: string; score: number }>(
      `SELECT c.id, c.owner_id, ts_rank(c.search_vector, q.query) AS score
       FROM chunks c ${scope.join}, (SELECT ${tsquery} AS query) q
       WHERE c.workspace_id = $1 AND c.owner_kind = 'message' AND c.search_vector @@ q.query AND ${scope.where}
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
         AND t.term IN (SELECT u.lexeme FROM unnest(to_tsvector('english', $2)) u)),
     candidates AS (
       SELECT c.id, c.owner_id, c.search_vector, c.doc_length FROM chunks c ${scope.join}
       WHERE c.workspace_id = $1 AND c.owner_kind = 'message' AND c.search_vector @@ ${tsquery} AND ${scope.where})
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
