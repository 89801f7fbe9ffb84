// Turns stored messages into chunks (text, hash, tokens, offsets) and keeps the BM25 statistics in step, in
// one transaction. Unchanged chunks (same index, same text hash) are left alone with their embeddings; new
// or changed ones start as embedding_status 'pending' for embedPendingChunks.
import { createHash } from 'node:crypto'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { inTransaction, type Queryable } from '../../db/transaction.js'
import type { ServiceContext } from '../../lib/context.js'
import { loadMessagesToIndex, markIndexingFailed } from '../messages/index.js'
import { chunkText, type ChunkDraft } from './chunking.js'
import { authoredEmailRanges, looksLikeQuotedEmail } from './email-quotes.js'
import { searchEmbedder, type Embedder } from './embedders/embedder.js'
import { ensureVectorIndex, integerVectorLiteral, vectorFromIntegers } from './vector-index.js'

export type IndexResult = { messages: number; chunksWritten: number; chunksRemoved: number }

/** Chunks the workspace's messages with these ids; safe to run twice (the second run changes nothing).
 * With an inline (local) embedder the new chunks are written already embedded ('ready'); with a remote one
 * 'pending' for embedPendingChunks; with none (`embedder: null`, the default configuration) 'skipped'. */
export async function indexMessages(
  ctx: ServiceContext,
  messageIds: string[],
  options: { embedder?: Embedder | null } = {},
): Promise<IndexResult> {
  if (messageIds.length === 0) return { messages: 0, chunksWritten: 0, chunksRemoved: 0 }
  const stored = await loadMessagesToIndex(ctx, messageIds)
  // One message at a time with a turn of the event loop in between, so HTTP requests (and /healthz) are answered
  // while a large backlog is chunked and embedded in this process.
  const rows: IndexRow[] = []
  for (const message of stored) {
    await yieldToEventLoop()
    // A message deleted at its source keeps its row but no chunks: removeStaleChunks below drops the old ones.
    if (message.deleted) continue
    rows.push(
      ...chunksOfMessage({ content: message.content, content_kind: message.contentKind }).map((draft) => ({
        owner_id: message.id,
        chunk_index: draft.chunkIndex,
        text: draft.text,
        text_hash: hashText(draft.text),
        token_count: draft.tokenCount,
        heading: draft.heading,
        heading_path: draft.headingPath,
        level: draft.level,
        char_start: draft.charStart,
        char_end: draft.charEnd,
      })),
    )
  }
  const embedder = options.embedder === undefined ? searchEmbedder(ctx.config) : options.embedder
  if (embedder?.inline && rows.length > 0) {
    const byHash = new Map(rows.map((r) => [r.text_hash, r.text]))
    const hashes = [...byHash.keys()]
    const vectors = await embedInSlices(
      embedder,
      hashes.map((h) => byHash.get(h)!),
    )
    const literalByHash = new Map(hashes.map((h, i) => [h, integerVectorLiteral(vectors[i])]))
    for (const row of rows as Array<(typeof rows)[number] & { embedding?: string }>) row.embedding = literalByHash.get(row.text_hash)
    await ensureVectorIndex(ctx, vectors[0].length)
  }
  const model = embedder?.inline ? embedder.model : null
  const unembeddedStatus = embedder ? 'pending' : 'skipped'
  // Ids of messages that vanished (or belong to another workspace) are simply not found: nothing to index.
  const ownersJson = JSON.stringify(stored.map((m) => m.id))
  return inTransaction(ctx, async (q) => {
    const removed = await removeStaleChunks(q, ctx.workspaceId, ownersJson, JSON.stringify(rows))
    const written = await insertChunks(q, ctx.workspaceId, JSON.stringify(rows), model, unembeddedStatus)
    return { messages: stored.length, chunksWritten: written, chunksRemoved: removed }
  })
}

type IndexRow = {
  owner_id: string
  chunk_index: number
  text: string
  text_hash: string
  token_count: number
  heading: string | null
  heading_path: string | null
  level: number
  char_start: number
  char_end: number
}

/** Texts per embed call of an inline (in-process) embedder, with a turn of the event loop between calls. */
const inlineEmbedSlice = 64

async function embedInSlices(embedder: Embedder, texts: string[]): Promise<number[][]> {
  const vectors: number[][] = []
  for (let i = 0; i < texts.length; i += inlineEmbedSlice) {
    if (i > 0) await yieldToEventLoop()
    vectors.push(...(await embedder.embed(texts.slice(i, i + inlineEmbedSlice))))
  }
  return vectors
}

/** Characters of one message that are indexed (~25k tokens, ~80 chunks): a longer message is found by its first
 * 100,000 characters. Bounds the work one message can make, whatever was ingested (up to 1,000,000). */
export const maxIndexedChars = 100_000

/** An error that says the database or the process is in trouble, not the message: never blamed on one message. */
const infrastructureError = /connect|ECONN|terminat|closed|shutdown|timeout|out of memory|Aborted/i

/**
 * indexMessages for a job's batch, so that one message that cannot be indexed does not sink the others: when the
 * batch fails, each message is indexed alone, and one that fails alone (with an error about the message, not the
 * database) is marked with its reason and left out; the job then succeeds instead of retrying the same failure.
 */
export async function indexMessagesIsolatingFailures(
  ctx: ServiceContext,
  messageIds: string[],
  options: { embedder?: Embedder } = {},
): Promise<IndexResult & { failed: number }> {
  // In slices, each its own transaction: the embedded database runs one at a time, and indexing a 5,000-message
  // batch in one (HNSW inserts run at ~220 messages/s in PGlite) held every API request for tens of seconds.
  const total = { messages: 0, chunksWritten: 0, chunksRemoved: 0, failed: 0 }
  for (let i = 0; i < messageIds.length; i += indexSliceMessages) {
    if (i > 0) await yieldToEventLoop()
    const slice = await indexSliceIsolatingFailures(ctx, messageIds.slice(i, i + indexSliceMessages), options)
    total.messages += slice.messages
    total.chunksWritten += slice.chunksWritten
    total.chunksRemoved += slice.chunksRemoved
    total.failed += slice.failed
  }
  return total
}

/** Messages indexed per transaction by the pipeline's job. */
export const indexSliceMessages = 100

async function indexSliceIsolatingFailures(
  ctx: ServiceContext,
  messageIds: string[],
  options: { embedder?: Embedder },
): Promise<IndexResult & { failed: number }> {
  try {
    return { ...(await indexMessages(ctx, messageIds, options)), failed: 0 }
  } catch (batchError) {
    if (messageIds.length === 1 && infrastructureError.test(String(batchError))) throw batchError
    const total = { messages: 0, chunksWritten: 0, chunksRemoved: 0, failed: 0 }
    const failures: Array<{ id: string; error: unknown }> = []
    for (const id of messageIds) {
      try {
        const one = await indexMessages(ctx, [id], options)
        total.messages += one.messages
        total.chunksWritten += one.chunksWritten
        total.chunksRemoved += one.chunksRemoved
      } catch (error) {
        failures.push({ id, error })
      }
    }
    // Everything failed alone too, for a reason that is not about a message: let the queue retry later.
    if (failures.length === messageIds.length && failures.every((f) => infrastructureError.test(String(f.error)))) throw batchError
    for (const failure of failures) {
      const reason = failure.error instanceof Error ? failure.error.message : String(failure.error)
      ctx.log.warn({ messageId: failure.id, reason }, 'a message could not be indexed; marked and skipped')
      await markIndexingFailed(ctx, failure.id, reason)
    }
    total.failed = failures.length
    return total
  }
}

/** What of a message is indexed: service messages (joins, pins) are not; emails without their quoted history. */
export function chunksOfMessage(message: { content: string; content_kind: string }): ChunkDraft[] {
  if (message.content_kind === 'service') return []
  const content = message.content.length > maxIndexedChars ? cutBefore(message.content, maxIndexedChars) : message.content
  const isEmail = message.content_kind === 'email' || looksLikeQuotedEmail(content)
  return chunkText(content, isEmail ? authoredEmailRanges(content) : undefined)
}

/** The first `length` characters, one fewer if the cut would split a surrogate pair (a lone half cannot be stored). */
function cutBefore(text: string, length: number): string {
  const last = text.charCodeAt(length - 1)
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length)
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** Deletes the owners' chunks that the new chunking does not reproduce, and takes them out of the BM25 stats. */
async function removeStaleChunks(q: Queryable, workspaceId: string, ownersJson: string, rowsJson: string) {
  const stale = await q.query<{ id: string }>(
    `SELECT c.id FROM chunks c
     WHERE c.workspace_id = $1 AND c.owner_kind = 'message'
       AND c.owner_id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))
       AND NOT EXISTS (
         SELECT 1 FROM jsonb_to_recordset($3::jsonb) AS n(owner_id uuid, chunk_index int, text_hash text)
         WHERE n.owner_id = c.owner_id AND n.chunk_index = c.chunk_index AND n.text_hash = c.text_hash)
     FOR UPDATE`,
    [workspaceId, ownersJson, rowsJson],
  )
  if (stale.length === 0) return 0
  const staleJson = JSON.stringify(stale.map((s) => s.id))
  await q.query(
    `UPDATE bm25_terms t SET document_frequency = t.document_frequency - d.n
     FROM (SELECT u.lexeme, count(*)::int AS n
           FROM chunks c, unnest(c.search_vector) AS u
           WHERE c.id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))
           GROUP BY u.lexeme ORDER BY u.lexeme) d
     WHERE t.workspace_id = $1 AND t.term = d.lexeme`,
    [workspaceId, staleJson],
  )
  await q.query(
    `UPDATE bm25_corpus b SET document_count = b.document_count - d.n, total_length = b.total_length - d.len
     FROM (SELECT count(*)::int AS n, coalesce(sum(doc_length), 0)::bigint AS len FROM chunks
           WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))) d
     WHERE b.workspace_id = $1`,
    [workspaceId, staleJson],
  )
  await q.query(`DELETE FROM chunks WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`, [staleJson])
  return stale.length
}

/** Inserts the chunks that do not exist yet and adds them to the BM25 stats in the same statement. */
async function insertChunks(q: Queryable, workspaceId: string, rowsJson: string, model: string | null, unembeddedStatus: string) {
  const [counts] = await q.query<{ documents: number; length: number }>(
    `WITH inserted AS (
       INSERT INTO chunks (workspace_id, owner_kind, owner_id, chunk_index, text, text_hash, token_count, heading,
         heading_path, level, char_start, char_end, embedding, embedding_status, embedding_model, embedding_attempts,
         last_embedded_at)
       SELECT $1, 'message', r.owner_id, r.chunk_index, r.text, r.text_hash, r.token_count, r.heading, r.heading_path,
         r.level, r.char_start, r.char_end, ${vectorFromIntegers('r.embedding')},
         CASE WHEN r.embedding IS NULL THEN $4 ELSE 'ready' END,
         CASE WHEN r.embedding IS NULL THEN NULL ELSE $3 END,
         CASE WHEN r.embedding IS NULL THEN 0 ELSE 1 END,
         CASE WHEN r.embedding IS NULL THEN NULL ELSE now() END
       FROM jsonb_to_recordset($2::jsonb) AS r(owner_id uuid, chunk_index int, text text, text_hash text,
         token_count int, heading text, heading_path text, level int, char_start int, char_end int, embedding text)
       ON CONFLICT (owner_kind, owner_id, chunk_index) DO NOTHING
       RETURNING search_vector, doc_length
     ), terms AS (
       INSERT INTO bm25_terms (workspace_id, term, document_frequency)
       SELECT $1, u.lexeme, count(*)::int FROM inserted, unnest(inserted.search_vector) AS u
       GROUP BY u.lexeme ORDER BY u.lexeme
       ON CONFLICT (workspace_id, term) DO UPDATE
         SET document_frequency = bm25_terms.document_frequency + excluded.document_frequency
       RETURNING 1
     )
     SELECT count(*)::int AS documents, coalesce(sum(doc_length), 0)::int AS length FROM inserted`,
    [workspaceId, rowsJson, model, unembeddedStatus],
  )
  if (counts.documents > 0) {
    await q.query(
      `INSERT INTO bm25_corpus (workspace_id, document_count, total_length) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id) DO UPDATE SET document_count = bm25_corpus.document_count + excluded.document_count,
         total_length = bm25_corpus.total_length + excluded.total_length`,
      [workspaceId, counts.documents, counts.length],
    )
  }
  return counts.documents
}
