// Pseudo-relevance feedback, RM3-style (Lavrenko & Croft's relevance model interpolated with the query, as in
// Anserini): the top chunks of a first BM25 pass are taken as relevant, the terms they share most, weighted by
// each chunk's share of the first-pass score, are added to the query with a weight, and BM25 ranks again.
// It finds documents that say the same thing in other words, without an embedding model.
import type { ServiceContext } from '../../lib/context.js'
import type { RankedChunk, WeightedTerm } from './chunk-rankings.js'

export type FeedbackParameters = {
  /** Top chunks of the first pass taken as relevant. */
  documents: number
  /** Expansion terms added to the query. */
  terms: number
  /** Share of the final query that the original terms keep (the rest is the expansion). */
  originalWeight: number
  /** Terms in more than this share of the workspace's chunks are not added (they carry no meaning). */
  maxDocumentShare: number
}

/** Tuned on SciFact's dev split (eval:retrieval --tune); see docs/search.md. */
export const defaultFeedback: FeedbackParameters = { documents: 10, terms: 10, originalWeight: 0.5, maxDocumentShare: 0.1 }

/** Fewer first-pass chunks than this and there is nothing to learn from (a rare name, a tiny workspace). */
const minimumFeedbackDocuments = 3

export async function expandQuery(
  ctx: ServiceContext,
  query: WeightedTerm[],
  firstPass: RankedChunk[],
  feedback: FeedbackParameters,
): Promise<{ terms: WeightedTerm[]; added: string[] }> {
  const top = firstPass.slice(0, feedback.documents)
  const original = query.filter((t) => t.df > 0)
  if (top.length < minimumFeedbackDocuments || original.length === 0) return { terms: query, added: [] }
  const rows = await ctx.database.query<{ chunk_id: string; term: string; tf: number; df: number; n: number }>(
    `SELECT c.chunk_id, u.lexeme AS term, coalesce(array_length(u.positions, 1), 1) AS tf,
       coalesce(t.document_frequency, 0) AS df, corpus.document_count AS n
     FROM chunk_search c CROSS JOIN LATERAL unnest(c.search_vector) u
     JOIN bm25_corpus corpus ON corpus.workspace_id = c.workspace_id
     LEFT JOIN bm25_terms t ON t.workspace_id = c.workspace_id AND t.term = u.lexeme
     WHERE c.workspace_id = $1 AND c.chunk_id = ANY($2::uuid[])`,
    [ctx.workspaceId, top.map((c) => c.chunkId)],
  )
  // p(d|q): each chunk's share of the first-pass scores; p(w|d): the term's share of the chunk's words.
  const scoreTotal = top.reduce((sum, c) => sum + c.score, 0) || 1
  const weightOfChunk = new Map(top.map((c) => [c.chunkId, c.score / scoreTotal]))
  const lengthOfChunk = new Map<string, number>()
  for (const r of rows) lengthOfChunk.set(r.chunk_id, (lengthOfChunk.get(r.chunk_id) ?? 0) + Number(r.tf))
  const relevance = new Map<string, { weight: number; df: number }>()
  for (const r of rows) {
    const df = Number(r.df)
    if (df > feedback.maxDocumentShare * Number(r.n) || /^\d+$/.test(r.term)) continue
    const p = (Number(r.tf) / lengthOfChunk.get(r.chunk_id)!) * weightOfChunk.get(r.chunk_id)!
    const entry = relevance.get(r.term)
    if (entry) entry.weight += p
    else relevance.set(r.term, { weight: p, df })
  }
  const expansion = [...relevance].sort((a, b) => b[1].weight - a[1].weight || a[0].localeCompare(b[0])).slice(0, feedback.terms)
  const expansionTotal = expansion.reduce((sum, [, e]) => sum + e.weight, 0)
  if (expansionTotal === 0) return { terms: query, added: [] }
  // Interpolation as RM3: the original query (uniform over its terms) and the expansion, each normalised to 1.
  const weights = new Map<string, { weight: number; df: number }>()
  for (const t of original) weights.set(t.term, { weight: (feedback.originalWeight * (t.weight ?? 1)) / original.length, df: t.df })
  for (const [term, e] of expansion) {
    const add = ((1 - feedback.originalWeight) * e.weight) / expansionTotal
    const entry = weights.get(term)
    if (entry) entry.weight += add
    else weights.set(term, { weight: add, df: e.df })
  }
  // Scaled so an original term of a one-word query keeps weight ~1 (BM25 scores stay on their usual scale).
  const scale = original.length / feedback.originalWeight
  const originalTerms = new Set(original.map((t) => t.term))
  return {
    terms: [...weights].map(([term, w]) => ({ term, df: w.df, weight: w.weight * scale })),
    added: expansion.map(([term]) => term).filter((t) => !originalTerms.has(t)),
  }
}
