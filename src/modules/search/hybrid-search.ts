// The search service: vector and BM25 candidates over chunks, fused with reciprocal rank fusion at the
// message level (a message's rank in a list is the rank of its best chunk), then described for reading.
// Cursor pagination walks the fused ranking by offset; the candidate depth grows with the offset.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { resolveSourceFilter } from './source-filter.js'
import { ValidationError } from '../../lib/errors.js'
import { decodeCursor, encodeCursor } from '../../lib/pagination.js'
import { countChunksWaitingForVectors, countMessagesWaitingForIndexing, searchEmbedder, type Embedder } from '../pipeline/index.js'
import { rankChunksByVector, rankChunksLexical, type Bm25Parameters, type RankedChunk } from './chunk-rankings.js'
import type { SearchFilters } from './filters.js'
import { defaultRrfK, reciprocalRankFusion, vectorListWeight } from './reciprocal-rank-fusion.js'
import { describeHits, searchHitSchema } from './search-results.js'

import { searchModes, type SearchMode } from './search-modes.js'
export { searchModes, type SearchMode }

export type SearchInput = SearchFilters & {
  q: string
  /** A source name, type or id (resolved to sourceIds). */
  source?: string
  mode?: SearchMode
  /** Results per page. */
  k?: number
  cursor?: string
  rrfK?: number
}

/** The rankers that answered a query: BM25 over words, trigram matching of misspelt words against the
 * vocabulary, and the embedding model's vectors (only when one is configured). */
export const rankerNames = ['fulltext', 'trigram', 'vector'] as const
export type RankerName = (typeof rankerNames)[number]

export const searchPageSchema = z.object({
  items: z.array(searchHitSchema),
  nextCursor: z.string().nullable(),
  mode: z.enum(searchModes),
  /** The embedding model, 'none' when search runs without one (full text + trigram). */
  model: z.string(),
  rankers: z.array(z.enum(rankerNames)),
  /** Chunks still waiting for vectors of the current model (after a model was configured or changed, the
   * background re-embedding's progress; vector results cover the rest meanwhile). null without a model. */
  vectorsPending: z.number().int().nullable(),
  /** When the page is not full: how many stored messages are still waiting to be indexed (they cannot be found
   * yet). null when the page is full (not counted). */
  waitingToIndex: z.number().int().nullable(),
})
export type SearchPage = z.infer<typeof searchPageSchema>

/** Never fewer candidates per ranker than this: fusion needs depth to find what only one side ranks well. */
const minimumDepth = 100
const maximumDepth = 1000

export type RankedMessage = { messageId: string; chunkId: string; score: number; ranks: { vector?: number; fulltext?: number } }

/** Message-level ranking only (no descriptions): what evaluation and other modules need. Without an embedding
 * model (`embedder: null`, the default configuration) hybrid is full text alone. */
export async function rankMessages(
  ctx: ServiceContext,
  input: SearchFilters & {
    q: string
    mode: SearchMode
    depth: number
    rrfK?: number
    embedder?: Embedder | null
    bm25?: Bm25Parameters
  },
): Promise<RankedMessage[]> {
  return (await rankMessagesWithRankers(ctx, input)).ranked
}

export async function rankMessagesWithRankers(
  ctx: ServiceContext,
  input: Parameters<typeof rankMessages>[1],
): Promise<{ ranked: RankedMessage[]; rankers: RankerName[] }> {
  const embedder = input.embedder === undefined ? searchEmbedder(ctx.config) : input.embedder
  if (input.mode === 'vector' && !embedder) {
    throw new ValidationError('Vector search needs an embedding model', [
      { path: 'mode', message: 'no embedding model is configured (SIGNALBOX_EMBEDDER=openai-compatible); use hybrid or fulltext' },
    ])
  }
  const filters: SearchFilters = input
  const rankers: RankerName[] = []
  let fulltext: RankedChunk[] = []
  if (input.mode !== 'vector') {
    const lexical = await rankChunksLexical(ctx, { q: input.q, filters, limit: input.depth + 20, bm25: input.bm25 })
    fulltext = bestPerMessage(lexical.chunks)
    rankers.push('fulltext', ...(lexical.trigram ? (['trigram'] as const) : []))
  }
  let vector: RankedChunk[] = []
  if (input.mode !== 'fulltext' && embedder) {
    const [queryVector] = await embedder.embed([input.q])
    vector = bestPerMessage(await rankChunksByVector(ctx, { vector: queryVector, model: embedder.model, filters, limit: input.depth + 20 }))
    rankers.push('vector')
  }
  const only = (list: RankedChunk[], name: 'fulltext' | 'vector') =>
    list.slice(0, input.depth).map((c, i) => ({ ...c, ranks: { [name]: i + 1 } }))
  if (input.mode === 'vector') return { ranked: only(vector, 'vector'), rankers }
  if (input.mode === 'fulltext' || !embedder) return { ranked: only(fulltext, 'fulltext'), rankers }
  const fused = reciprocalRankFusion(
    [
      { name: 'fulltext', items: fulltext.slice(0, input.depth) },
      { name: 'vector', items: vector.slice(0, input.depth), weight: vectorListWeight(embedder) },
    ],
    (c) => c.messageId,
    input.rrfK ?? defaultRrfK,
  )
  return { ranked: fused.map((f) => ({ messageId: f.key, chunkId: f.best.chunkId, score: f.score, ranks: f.ranks })), rankers }
}

/** Hybrid (default), vector or full-text search over the workspace's messages, one page at a time. */
export async function hybridSearch(ctx: ServiceContext, input: SearchInput): Promise<SearchPage> {
  const q = input.q.trim()
  if (!q) throw new ValidationError('The query is empty', [{ path: 'q', message: 'must contain at least one word' }])
  const mode = input.mode ?? 'hybrid'
  const k = input.k ?? 20
  const cursor = decodeCursor<{ offset: number; q: string; mode: string }>(input.cursor)
  if (cursor && (cursor.q !== q || cursor.mode !== mode)) {
    throw new ValidationError('The cursor belongs to another query', [{ path: 'cursor', message: 'run the query again without it' }])
  }
  if (input.source) input = { ...input, sourceIds: await resolveSourceFilter(ctx, input.source) }
  const offset = cursor?.offset ?? 0
  const depth = Math.min(maximumDepth, Math.max(minimumDepth, (offset + k) * 2))
  const embedder = searchEmbedder(ctx.config)
  const { ranked, rankers } = await rankMessagesWithRankers(ctx, { ...input, q, mode, depth, embedder })
  const page = ranked.slice(offset, offset + k)
  const items = await describeHits(ctx, q, page)
  const more = ranked.length > offset + k && offset + k < maximumDepth
  return {
    items,
    nextCursor: more ? encodeCursor({ offset: offset + k, q, mode }) : null,
    mode,
    model: embedder?.model ?? 'none',
    rankers,
    vectorsPending: embedder ? await countChunksWaitingForVectors(ctx) : null,
    waitingToIndex: items.length < k ? await countMessagesWaitingForIndexing(ctx) : null,
  }
}

/** Keeps each message's best-ranked chunk, preserving order. */
function bestPerMessage(chunks: RankedChunk[]): RankedChunk[] {
  const seen = new Set<string>()
  return chunks.filter((c) => (seen.has(c.messageId) ? false : (seen.add(c.messageId), true)))
}
