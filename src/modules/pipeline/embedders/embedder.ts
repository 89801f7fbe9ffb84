// One interface over every embedding provider; the pipeline and search only see `Embedder`.
import type { Config } from '../../../config.js'
import { createLocalEmbedder } from './local-embedder.js'
import { createOpenAiCompatibleEmbedder } from './openai-compatible-embedder.js'

export type Embedder = {
  /** Stored in chunks.embedding_model; vectors of different models are never compared. */
  readonly model: string
  /** Known up front for the local model; learned from the first response for a remote one. */
  readonly dimension: number | undefined
  /** In-process and cheap (no network): the indexer embeds at insert time instead of in a second pass,
   * which writes each chunk (and its GIN and HNSW entries) once instead of twice. */
  readonly inline?: boolean
  embed(texts: string[]): Promise<number[][]>
}

const cache = new WeakMap<Config['embedder'], Embedder>()

/**
 * The model whose vectors chunks get and search ranks by, or null when none is configured (SIGNALBOX_EMBEDDER=none,
 * the default). The weightless local hashing model is a lexical ranker in vector form: on SciFact hybrid with it
 * scored below BM25 alone while its vectors and their HNSW index took ~80% of indexing time (docs/search.md), so
 * without a real model search is full text + trigram and chunks carry no vector ('skipped').
 */
export function searchEmbedder(config: Pick<Config, 'embedder'>): Embedder | null {
  return config.embedder.kind === 'none' ? null : embedderFor(config)
}

/** The embedder the configuration names (one instance per config, so rate limits are shared); the local hashing
 * model when none is configured, for in-memory similarity (proposal de-duplication), never for chunks. */
export function embedderFor(config: Pick<Config, 'embedder'>): Embedder {
  let embedder = cache.get(config.embedder)
  if (!embedder) {
    embedder =
      config.embedder.kind !== 'openai-compatible'
        ? createLocalEmbedder({ dimension: config.embedder.dimension })
        : createOpenAiCompatibleEmbedder({
            baseUrl: config.embedder.baseUrl ?? 'https://api.openai.com/v1',
            model: config.embedder.model ?? 'text-embedding-3-small',
            apiKey: config.embedder.apiKey,
            batchSize: config.embedder.batchSize,
            concurrency: config.embedder.concurrency,
            requestsPerMinute: config.embedder.requestsPerMinute,
            timeoutMs: config.embedder.timeoutMs,
          })
    cache.set(config.embedder, embedder)
  }
  return embedder
}

/** Embeds texts with the configured model: the helper other modules use for similarity (e.g. proposal dedup). */
export async function embedTexts(config: Pick<Config, 'embedder'>, texts: string[]): Promise<number[][]> {
  return embedderFor(config).embed(texts)
}

/** Cosine similarity of two vectors of equal length. */
export function cosineSimilarity(a: number[], b: number[]): number {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i]
    na += a[i] * a[i]
    nb += b[i] * b[i]
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0
}
