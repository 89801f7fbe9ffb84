// How much of a question a passage holds: the share of the query's weight (BM25 idf over the workspace) that a
// chunk's lexemes cover. A word the workspace never uses weighs the most, so a question about something the data
// does not mention covers little even when its common words match well: the assistant declines on it.
import type { ServiceContext } from '../../lib/context.js'
import { searchConfiguration } from '../pipeline/index.js'
import { idf } from './chunk-rankings.js'

/** Coverage (0..1) of the query by each chunk in `chunkIds`; 0 for a query without indexable words. */
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
