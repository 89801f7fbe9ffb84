// The embedding lifecycle of chunks (seed 4 rag_chunks): pending -> processing -> ready | failed, with
// embedding_attempts, embedding_error, embedding_model and last_embedded_at. Claims use SKIP LOCKED so that
// several workers share the work; identical text under the same model is embedded once (the vector is copied).
import { inTransaction } from '../../db/transaction.js'
import type { ServiceContext } from '../../lib/context.js'
import { searchEmbedder, type Embedder } from './embedders/embedder.js'
import { ensureVectorIndex, integerVectorLiteral, vectorFromIntegers } from './vector-index.js'

/** After this many failed attempts a chunk stays 'failed' until someone resets it. */
export const maxEmbeddingAttempts = 8
/** A chunk left 'processing' this long belonged to a worker that died: it is claimed again. */
const abandonedAfter = '10 minutes'

export type EmbedResult = { claimed: number; embedded: number; reused: number; failed: number; error?: string }

/** Embeds up to `limit` chunks that need it; a provider failure marks them failed (to be retried) and is reported. */
export async function embedPendingChunks(
  ctx: ServiceContext,
  options: { limit?: number; embedder?: Embedder | null } = {},
): Promise<EmbedResult> {
  const embedder = options.embedder === undefined ? searchEmbedder(ctx.config) : options.embedder
  // No model configured: nothing to embed; chunks wait ('skipped' or 'pending') until one is.
  if (!embedder) return { claimed: 0, embedded: 0, reused: 0, failed: 0 }
  const claimed = await claimChunks(ctx, options.limit ?? 512)
  if (claimed.length === 0) return { claimed: 0, embedded: 0, reused: 0, failed: 0 }
  const claimedJson = JSON.stringify(claimed.map((c) => c.id))

  const reused = await ctx.database.query<{ id: string }>(
    `UPDATE chunks c SET embedding = s.embedding, embedding_status = 'ready', embedding_model = $2,
       embedding_error = NULL, last_embedded_at = now(), updated_at = now()
     FROM (SELECT DISTINCT ON (text_hash) text_hash, embedding FROM chunks
           WHERE workspace_id = $1 AND embedding_status = 'ready' AND embedding_model = $2
             AND text_hash IN (SELECT c2.text_hash FROM chunks c2
                               WHERE c2.id IN (SELECT value::uuid FROM jsonb_array_elements_text($3::jsonb)))) s
     WHERE c.id IN (SELECT value::uuid FROM jsonb_array_elements_text($3::jsonb)) AND c.text_hash = s.text_hash
     RETURNING c.id`,
    [ctx.workspaceId, embedder.model, claimedJson],
  )
  const reusedIds = new Set(reused.map((r) => r.id))
  const todo = claimed.filter((c) => !reusedIds.has(c.id))
  if (todo.length === 0) return { claimed: claimed.length, embedded: 0, reused: reused.length, failed: 0 }

  // Inside the batch, too, one text is embedded once.
  const byHash = new Map<string, string>()
  for (const chunk of todo) if (!byHash.has(chunk.text_hash)) byHash.set(chunk.text_hash, chunk.text)
  const hashes = [...byHash.keys()]
  let vectors: number[][]
  try {
    vectors = await embedder.embed(hashes.map((h) => byHash.get(h)!))
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500)
    await ctx.database.query(
      `UPDATE chunks SET embedding_status = 'failed', embedding_attempts = embedding_attempts + 1,
         embedding_error = $2, updated_at = now()
       WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(todo.map((c) => c.id)), message],
    )
    ctx.log.warn({ chunks: todo.length, model: embedder.model, error: message }, 'embedding failed; chunks will be retried')
    return { claimed: claimed.length, embedded: 0, reused: reused.length, failed: todo.length, error: message }
  }
  const vectorByHash = new Map(hashes.map((h, i) => [h, integerVectorLiteral(vectors[i])]))
  if (vectors[0]) await ensureVectorIndex(ctx, vectors[0].length)
  await ctx.database.query(
    `UPDATE chunks c SET embedding = ${vectorFromIntegers('r.embedding')}, embedding_status = 'ready', embedding_model = $2,
       embedding_attempts = c.embedding_attempts + 1, embedding_error = NULL, last_embedded_at = now(), updated_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, embedding text)
     WHERE c.id = r.id`,
    [JSON.stringify(todo.map((c) => ({ id: c.id, embedding: vectorByHash.get(c.text_hash) }))), embedder.model],
  )
  return { claimed: claimed.length, embedded: todo.length, reused: reused.length, failed: 0 }
}

/** Marks chunks embedded by another model (or by none: 'skipped') as pending, so configuring or changing the model
 * re-embeds in the background while search keeps answering from full text and the vectors already there. */
export async function markOtherModelsPending(ctx: ServiceContext, embedder?: Embedder | null): Promise<number> {
  const current = embedder === undefined ? searchEmbedder(ctx.config) : embedder
  if (!current) return 0
  const model = current.model
  const rows = await ctx.database.query<{ n: number }>(
    `WITH changed AS (
       UPDATE chunks SET embedding_status = 'pending', embedding_attempts = 0, embedding_error = NULL, updated_at = now()
       WHERE workspace_id = $1 AND embedding_status IN ('ready', 'skipped') AND embedding_model IS DISTINCT FROM $2
       RETURNING 1)
     SELECT count(*)::int AS n FROM changed`,
    [ctx.workspaceId, model],
  )
  return rows[0].n
}

async function claimChunks(ctx: ServiceContext, limit: number) {
  return inTransaction(ctx, (q) =>
    q.query<{ id: string; text: string; text_hash: string }>(
      `UPDATE chunks SET embedding_status = 'processing', updated_at = now()
       WHERE id IN (
         SELECT id FROM chunks
         WHERE workspace_id = $1 AND (
           embedding_status = 'pending'
           OR (embedding_status = 'failed' AND embedding_attempts < $3)
           OR (embedding_status = 'processing' AND updated_at < now() - interval '${abandonedAfter}'))
         ORDER BY created_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING id, text, text_hash`,
      [ctx.workspaceId, limit, maxEmbeddingAttempts],
    ),
  )
}

/** Chunks still waiting for a vector of the configured model: the progress of the background (re-)embedding that
 * search reports beside its results. Reads only the non-ready statuses through (workspace_id, embedding_status). */
export async function countChunksWaitingForVectors(ctx: ServiceContext): Promise<number> {
  const [row] = await ctx.database.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM chunks
     WHERE workspace_id = $1 AND embedding_status IN ('pending', 'processing', 'failed', 'skipped')`,
    [ctx.workspaceId],
  )
  return row.n
}
