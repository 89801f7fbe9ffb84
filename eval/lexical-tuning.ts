// `eval:retrieval --tune`: the full-text ranker's parameters searched in memory. The indexed chunks' lexemes and
// term frequencies are read once from the database the evaluation built (the same tsvectors search scores), and
// BM25 with pseudo-relevance feedback is recomputed in TypeScript for each setting: a grid of hundreds of settings
// over 800 dev queries takes seconds instead of hours of SQL. The SQL ranker (chunk-rankings.ts, query-expansion.ts)
// implements the same formulas; bm25.test.ts checks its scores, and the chosen setting is confirmed by the
// ordinary (SQL) evaluation run.
import type { ServiceContext } from '../src/lib/context.js'

export type LexicalVariant = {
  k1: number
  b: number
  feedback: false | { documents: number; terms: number; originalWeight: number; maxDocumentShare: number }
}

type Chunk = { messageId: string; terms: Map<string, number>; length: number; wordCount: number }

export type LexicalIndex = { chunks: Chunk[]; postings: Map<string, number[]>; avgdl: number; queryTerms: Map<string, string[]> }

/** Reads every message chunk's lexemes and frequencies, and each query's lexemes, from the evaluation database. */
export async function loadLexicalIndex(ctx: ServiceContext, queries: Map<string, string>): Promise<LexicalIndex> {
  const rows = await ctx.database.query<{ chunk_id: string; owner_id: string; term: string; tf: number }>(
    `SELECT c.chunk_id, c.owner_id, u.lexeme AS term, coalesce(array_length(u.positions, 1), 1) AS tf
     FROM chunk_search c CROSS JOIN LATERAL unnest(c.search_vector) u
     WHERE c.workspace_id = $1 AND c.owner_kind = 'message'`,
    [ctx.workspaceId],
  )
  const byId = new Map<string, Chunk>()
  for (const r of rows) {
    let chunk = byId.get(r.chunk_id)
    if (!chunk) byId.set(r.chunk_id, (chunk = { messageId: r.owner_id, terms: new Map(), length: 0, wordCount: 0 }))
    chunk.terms.set(r.term, Number(r.tf))
    chunk.length++ // doc_length: distinct lexemes, as stored
    chunk.wordCount += Number(r.tf)
  }
  const chunks = [...byId.values()]
  const postings = new Map<string, number[]>()
  chunks.forEach((chunk, index) => {
    for (const term of chunk.terms.keys()) {
      let list = postings.get(term)
      if (!list) postings.set(term, (list = []))
      list.push(index)
    }
  })
  const avgdl = chunks.reduce((sum, c) => sum + c.length, 0) / Math.max(chunks.length, 1)
  const queryTerms = new Map<string, string[]>()
  const ids = [...queries.keys()]
  const lexemes = await ctx.database.query<{ id: string; terms: string[] }>(
    `SELECT q.id, array(SELECT u.lexeme FROM unnest(to_tsvector('english', q.text)) u) AS terms
     FROM jsonb_to_recordset($1::jsonb) AS q(id text, text text)`,
    [JSON.stringify(ids.map((id) => ({ id, text: queries.get(id) })))],
  )
  for (const row of lexemes) queryTerms.set(row.id, row.terms)
  return { chunks, postings, avgdl, queryTerms }
}

const idf = (n: number, df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5))

function bm25(index: LexicalIndex, terms: Map<string, number>, variant: LexicalVariant): Array<{ chunk: number; score: number }> {
  const n = index.chunks.length
  const scores = new Map<number, number>()
  for (const [term, weight] of terms) {
    const list = index.postings.get(term)
    if (!list) continue
    const w = idf(n, list.length) * (variant.k1 + 1) * weight
    for (const c of list) {
      const chunk = index.chunks[c]
      const tf = chunk.terms.get(term)!
      const k = variant.k1 * (1 - variant.b + (variant.b * chunk.length) / index.avgdl)
      scores.set(c, (scores.get(c) ?? 0) + (w * tf) / (tf + k))
    }
  }
  return [...scores].map(([chunk, score]) => ({ chunk, score })).sort((a, b) => b.score - a.score || a.chunk - b.chunk)
}

/** Message ids ranked by their best chunk, as search ranks them. */
export function rankLexically(index: LexicalIndex, queryId: string, variant: LexicalVariant, depth = 100): string[] {
  const original = [...new Set(index.queryTerms.get(queryId) ?? [])].filter((t) => index.postings.has(t))
  let terms = new Map(original.map((t) => [t, 1]))
  let ranked = bm25(index, terms, variant)
  const feedback = variant.feedback
  if (feedback && ranked.length >= 3 && original.length > 0) {
    const top = ranked.slice(0, feedback.documents)
    const total = top.reduce((sum, r) => sum + r.score, 0) || 1
    const relevance = new Map<string, number>()
    for (const r of top) {
      const chunk = index.chunks[r.chunk]
      for (const [term, tf] of chunk.terms) {
        if (index.postings.get(term)!.length > feedback.maxDocumentShare * index.chunks.length || /^\d+$/.test(term)) continue
        relevance.set(term, (relevance.get(term) ?? 0) + (tf / chunk.wordCount) * (r.score / total))
      }
    }
    const expansion = [...relevance].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, feedback.terms)
    const expansionTotal = expansion.reduce((sum, [, w]) => sum + w, 0)
    if (expansionTotal > 0) {
      const weights = new Map(original.map((t) => [t, feedback.originalWeight / original.length]))
      for (const [term, w] of expansion) weights.set(term, (weights.get(term) ?? 0) + ((1 - feedback.originalWeight) * w) / expansionTotal)
      const scale = original.length / feedback.originalWeight
      terms = new Map([...weights].map(([t, w]) => [t, w * scale]))
      ranked = bm25(index, terms, variant)
    }
  }
  const seen = new Set<string>()
  const out: string[] = []
  for (const r of ranked) {
    const id = index.chunks[r.chunk].messageId
    if (seen.has(id)) continue
    seen.add(id)
    out.push(id)
    if (out.length === depth) break
  }
  return out
}

/** The grid searched on the dev split: BM25's k1 and b first, then the feedback on the best few of those. */
export function tuneLexical(index: LexicalIndex, evaluate: (run: Map<string, string[]>) => { ndcg10: number; recall100: number }, queryIds: string[]) {
  const measure = (variant: LexicalVariant) => {
    const run = new Map(queryIds.map((q) => [q, rankLexically(index, q, variant)]))
    const result = evaluate(run)
    console.log(`  ${JSON.stringify(variant)} nDCG@10=${result.ndcg10.toFixed(3)} R@100=${result.recall100.toFixed(3)}`)
    return { variant, ...result }
  }
  const plain: Array<ReturnType<typeof measure>> = []
  for (const k1 of [0.6, 0.9, 1.2, 1.5]) for (const b of [0.3, 0.5, 0.75, 0.9]) plain.push(measure({ k1, b, feedback: false }))
  plain.sort((a, b) => b.ndcg10 - a.ndcg10)
  const withFeedback: Array<ReturnType<typeof measure>> = []
  for (const base of [plain[0].variant, { k1: 1.2, b: 0.75, feedback: false as const }])
    for (const documents of [5, 10])
      for (const terms of [10, 20, 40])
        for (const originalWeight of [0.5, 0.7, 0.85])
          for (const maxDocumentShare of [0.1, 1]) withFeedback.push(measure({ ...base, feedback: { documents, terms, originalWeight, maxDocumentShare } }))
  withFeedback.sort((a, b) => b.ndcg10 - a.ndcg10)
  console.log(`  best without feedback: ${JSON.stringify(plain[0].variant)} nDCG@10=${plain[0].ndcg10.toFixed(3)}`)
  console.log(`  best with feedback:    ${JSON.stringify(withFeedback[0].variant)} nDCG@10=${withFeedback[0].ndcg10.toFixed(3)}`)
}
