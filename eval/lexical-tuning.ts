// `eval:retrieval --tune`: the full-text ranker's parameters searched in memory. The indexed chunks' lexemes and
// term frequencies are read once from the database the evaluation built (the same tsvectors search scores), and
// BM25 with pseudo-relevance feedback is recomputed in TypeScript for each setting: a grid of hundreds of settings
// over 800 dev queries takes seconds instead of hours of SQL. The SQL ranker (chunk-rankings.ts, query-expansion.ts)
// implements the same formulas; bm25.test.ts checks its scores, and the chosen setting is confirmed by the
// ordinary (SQL) evaluation run.
import type { ServiceContext } from '../src/lib/context.js'
import { searchConfiguration } from '../src/modules/pipeline/index.js'

export type LexicalVariant = {
  k1: number
  b: number
  /** Document length as distinct lexemes (as stored) or as indexed words. */
  length?: 'distinct' | 'words'
  /** Extra term frequency for terms of the first paragraph (a title field, BM25F-style): tf + (w - 1)·tf_title. */
  titleWeight?: number
  /** Bonus for query term pairs (adjacent in the query) found within `window` words of each other. */
  proximity?: { weight: number; window: number }
  feedback: false | { documents: number; terms: number; originalWeight: number; maxDocumentShare: number }
  /** Bonus for the best window of `size` words: the idf of the distinct query terms inside it, times `weight`. */
  window?: { weight: number; size: number }
  /** Score times (share of the query's idf the chunk holds)^exponent. */
  coordination?: number
  /** A hyphenated query word is indexed whole and in parts ("anti-inflammatori", "anti", "inflammatori"): match
   * only its parts (as Lucene's analyser splits it) instead of all three. */
  compoundParts?: boolean
  /** A word the query repeats counts as often as it occurs (as Lucene's query parser weights it). */
  queryTermFrequency?: boolean
}

type Chunk = {
  messageId: string
  terms: Map<string, number>
  length: number
  wordCount: number
  positions: Map<string, number[]>
  title: Map<string, number>
}

export type LexicalIndex = {
  chunks: Chunk[]
  postings: Map<string, number[]>
  avgdl: number
  avgWords: number
  queryTerms: Map<string, string[]>
}

/** Another analyser than the index's: the chunks' text analysed again with a text search configuration, without
 * the lexemes in `stopLexemes` (for measuring stop lists and stemmers before changing what is indexed). */
export type Analyser = { configuration: string; stopLexemes?: Set<string>; unsignedNumbers?: boolean }

/** Reads every message chunk's lexemes and frequencies, and each query's lexemes, from the evaluation database
 * (as indexed, or as `analyser` would index them). */
export async function loadLexicalIndex(ctx: ServiceContext, queries: Map<string, string>, analyser?: Analyser): Promise<LexicalIndex> {
  const configuration = analyser?.configuration ?? searchConfiguration
  const vector = analyser ? `to_tsvector('${configuration}', ch.text)` : 'c.search_vector'
  const stop = analyser?.stopLexemes ?? new Set<string>()
  const rows = await ctx.database.query<{
    chunk_id: string
    owner_id: string
    term: string
    tf: number
    positions: number[] | null
    title_tf: number
  }>(
    `SELECT c.chunk_id, c.owner_id, u.lexeme AS term, coalesce(array_length(u.positions, 1), 1) AS tf, u.positions::int[] AS positions,
       coalesce(array_length(t.positions, 1), 0) AS title_tf
     FROM chunk_search c JOIN chunks ch ON ch.id = c.chunk_id CROSS JOIN LATERAL unnest(${vector}) u
     LEFT JOIN LATERAL (SELECT x.positions FROM unnest(to_tsvector('${configuration}', split_part(ch.text, E'\n\n', 1))) x
                        WHERE ch.chunk_index = 0 AND x.lexeme = u.lexeme) t ON true
     WHERE c.workspace_id = $1 AND c.owner_kind = 'message'`,
    [ctx.workspaceId],
  )
  const byId = new Map<string, Chunk>()
  const normalise = (term: string) => (analyser?.unsignedNumbers && /^-\d/.test(term) ? term.slice(1) : term)
  for (const r of rows) {
    r.term = normalise(r.term)
    if (stop.has(r.term)) continue
    let chunk = byId.get(r.chunk_id)
    if (!chunk)
      byId.set(
        r.chunk_id,
        (chunk = { messageId: r.owner_id, terms: new Map(), length: 0, wordCount: 0, positions: new Map(), title: new Map() }),
      )
    if (!chunk.terms.has(r.term)) chunk.length++ // doc_length: distinct lexemes, as stored
    chunk.terms.set(r.term, (chunk.terms.get(r.term) ?? 0) + Number(r.tf))
    chunk.positions.set(r.term, [...(chunk.positions.get(r.term) ?? []), ...(r.positions ?? [])])
    if (Number(r.title_tf) > 0) chunk.title.set(r.term, (chunk.title.get(r.term) ?? 0) + Number(r.title_tf))
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
  const avgWords = chunks.reduce((sum, c) => sum + c.wordCount, 0) / Math.max(chunks.length, 1)
  const queryTerms = new Map<string, string[]>()
  const ids = [...queries.keys()]
  const lexemes = await ctx.database.query<{ id: string; terms: string[] }>(
    `SELECT q.id, array(SELECT u.lexeme FROM unnest(to_tsvector('${configuration}', q.text)) u,
                    generate_series(1, coalesce(array_length(u.positions, 1), 1)) ORDER BY u.positions[1]) AS terms
     FROM jsonb_to_recordset($1::jsonb) AS q(id text, text text)`,
    [JSON.stringify(ids.map((id) => ({ id, text: queries.get(id) })))],
  )
  for (const row of lexemes)
    queryTerms.set(
      row.id,
      row.terms.map(normalise).filter((t) => !stop.has(t)),
    )
  return { chunks, postings, avgdl, avgWords, queryTerms }
}

const idf = (n: number, df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5))

function bm25(
  index: LexicalIndex,
  terms: Map<string, number>,
  variant: LexicalVariant,
  order: string[] = [],
): Array<{ chunk: number; score: number }> {
  const n = index.chunks.length
  const scores = new Map<number, number>()
  const avgdl = variant.length === 'words' ? index.avgWords : index.avgdl
  const norm = (chunk: Chunk) =>
    variant.k1 * (1 - variant.b + (variant.b * (variant.length === 'words' ? chunk.wordCount : chunk.length)) / avgdl)
  for (const [term, weight] of terms) {
    const list = index.postings.get(term)
    if (!list) continue
    const w = idf(n, list.length) * (variant.k1 + 1) * weight
    for (const c of list) {
      const chunk = index.chunks[c]
      const tf = chunk.terms.get(term)! + ((variant.titleWeight ?? 1) - 1) * (chunk.title.get(term) ?? 0)
      const k = norm(chunk)
      scores.set(c, (scores.get(c) ?? 0) + (w * tf) / (tf + k))
    }
  }
  if (variant.proximity) {
    const { weight, window } = variant.proximity
    for (let i = 0; i + 1 < order.length; i++) {
      const [a, b] = [order[i], order[i + 1]]
      const la = index.postings.get(a)
      const lb = index.postings.get(b)
      if (!la || !lb || a === b) continue
      const pairIdf = (idf(n, la.length) + idf(n, lb.length)) / 2
      const inB = new Set(lb)
      for (const c of la) {
        if (!inB.has(c)) continue
        const chunk = index.chunks[c]
        const pa = chunk.positions.get(a)!
        const pb = chunk.positions.get(b)!
        let near = 0
        for (const x of pa) for (const y of pb) if (Math.abs(x - y) <= window) near++
        if (near === 0) continue
        const k = norm(chunk)
        scores.set(c, (scores.get(c) ?? 0) + (weight * pairIdf * (variant.k1 + 1) * near) / (near + k))
      }
    }
  }
  if (variant.window || variant.coordination) {
    const queryTerms = [...terms.keys()].filter((t) => index.postings.has(t))
    const idfOf = new Map(queryTerms.map((t) => [t, idf(n, index.postings.get(t)!.length)]))
    const totalIdf = [...idfOf.values()].reduce((a, b) => a + b, 0) || 1
    for (const [c, score] of scores) {
      const chunk = index.chunks[c]
      let adjusted = score
      if (variant.coordination) {
        const held = queryTerms.filter((t) => chunk.terms.has(t)).reduce((sum, t) => sum + idfOf.get(t)!, 0)
        adjusted *= Math.pow(held / totalIdf, variant.coordination)
      }
      if (variant.window) {
        const hits: Array<[number, string]> = []
        for (const t of queryTerms) for (const p of chunk.positions.get(t) ?? []) hits.push([p, t])
        hits.sort((a, b) => a[0] - b[0])
        let best = 0
        for (let i = 0; i < hits.length; i++) {
          const inside = new Set<string>()
          for (let j = i; j < hits.length && hits[j][0] - hits[i][0] < variant.window.size; j++) inside.add(hits[j][1])
          let sum = 0
          for (const t of inside) sum += idfOf.get(t)!
          if (sum > best) best = sum
        }
        adjusted += variant.window.weight * best
      }
      scores.set(c, adjusted)
    }
  }
  return [...scores].map(([chunk, score]) => ({ chunk, score })).sort((a, b) => b.score - a.score || a.chunk - b.chunk)
}

/** Message ids ranked by their best chunk, as search ranks them. */
export function rankLexically(index: LexicalIndex, queryId: string, variant: LexicalVariant, depth = 100): string[] {
  const occurrences = (index.queryTerms.get(queryId) ?? []).filter(
    (t) => index.postings.has(t) && !(variant.compoundParts && t.includes('-')),
  )
  const original = [...new Set(occurrences)]
  let terms = new Map(original.map((t) => [t, variant.queryTermFrequency ? occurrences.filter((o) => o === t).length : 1]))
  let ranked = bm25(index, terms, variant, original)
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

/** The same corpus with each message as one document (its chunks' terms merged): whole-document BM25 instead of
 * a message ranking as its best chunk. Positions are not merged (no proximity on this index). */
export function messageLevelIndex(index: LexicalIndex): LexicalIndex {
  const byMessage = new Map<string, Chunk>()
  for (const chunk of index.chunks) {
    let doc = byMessage.get(chunk.messageId)
    if (!doc)
      byMessage.set(
        chunk.messageId,
        (doc = { messageId: chunk.messageId, terms: new Map(), length: 0, wordCount: 0, positions: new Map(), title: new Map() }),
      )
    for (const [term, tf] of chunk.terms) doc.terms.set(term, (doc.terms.get(term) ?? 0) + tf)
    for (const [term, tf] of chunk.title) doc.title.set(term, (doc.title.get(term) ?? 0) + tf)
    doc.wordCount += chunk.wordCount
  }
  const chunks = [...byMessage.values()]
  for (const doc of chunks) doc.length = doc.terms.size
  const postings = new Map<string, number[]>()
  chunks.forEach((doc, i) => {
    for (const term of doc.terms.keys()) {
      let list = postings.get(term)
      if (!list) postings.set(term, (list = []))
      list.push(i)
    }
  })
  const mean = (f: (c: Chunk) => number) => chunks.reduce((sum, c) => sum + f(c), 0) / Math.max(chunks.length, 1)
  return { chunks, postings, avgdl: mean((c) => c.length), avgWords: mean((c) => c.wordCount), queryTerms: index.queryTerms }
}

/** The grid searched on the dev split: BM25's k1 and b, document length, a title field, proximity, feedback,
 * coordination and the best window of query terms. */
export function tuneLexical(
  index: LexicalIndex,
  evaluate: (run: Map<string, string[]>) => { ndcg10: number; recall100: number },
  queryIds: string[],
) {
  const messages = messageLevelIndex(index)
  const measure = (variant: LexicalVariant, over: LexicalIndex = index) => {
    const run = new Map(queryIds.map((q) => [q, rankLexically(over, q, variant)]))
    const result = evaluate(run)
    console.log(
      `  ${over === index ? 'chunks' : 'messages'} ${JSON.stringify(variant)} nDCG@10=${result.ndcg10.toFixed(3)} R@100=${result.recall100.toFixed(3)}`,
    )
    return { variant, ...result }
  }
  const results: Array<ReturnType<typeof measure>> = []
  const base = { k1: 1.2, b: 0.75, feedback: false as const }
  for (const [k1, b] of [
    [0.9, 0.4],
    [1.2, 0.75],
    [1.5, 0.75],
  ])
    results.push(measure({ k1, b, feedback: false }))
  results.push(measure(base, messages))
  for (const originalWeight of [0.5, 0.7, 0.85])
    results.push(measure({ ...base, feedback: { documents: 10, terms: 10, originalWeight, maxDocumentShare: 0.1 } }))
  for (const b of [0.4, 0.75]) results.push(measure({ ...base, b, length: 'words' }))
  for (const titleWeight of [1.5, 2, 3]) results.push(measure({ ...base, titleWeight }))
  for (const weight of [0.1, 0.25, 0.5]) for (const window of [1, 3, 8]) results.push(measure({ ...base, proximity: { weight, window } }))
  results.push(measure({ ...base, compoundParts: true }))
  results.push(measure({ k1: 0.9, b: 0.4, feedback: false, compoundParts: true }))
  for (const coordination of [0.5, 1, 2]) results.push(measure({ ...base, coordination }))
  for (const weight of [0.1, 0.25, 0.5, 1]) for (const size of [5, 10, 20]) results.push(measure({ ...base, window: { weight, size } }))
  results.sort((a, b) => b.ndcg10 - a.ndcg10)
  console.log(`  best: ${JSON.stringify(results[0].variant)} nDCG@10=${results[0].ndcg10.toFixed(3)}`)
}
