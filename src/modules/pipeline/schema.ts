// Tables of the pipeline module (Drizzle): chunks with their embedding lifecycle (seed 4 rag_chunks + seed 2
// file_chunks) and the BM25 statistics that the full-text ranker reads. Re-exported by src/db/schema.ts.
//
// Embedding column: `vector` without a fixed dimension, so a local 384-d model and a remote 1536-d model can
// live in one table. HNSW needs a fixed dimension, so each dimension gets a partial expression index
// `((embedding::vector(D)) vector_cosine_ops) WHERE vector_dims(embedding) = D` (pgvector's documented way to
// index several dimensions in one column). The migration creates D = 384 (the local default); other
// dimensions are created on first use by ensureVectorIndex (vector-index.ts). Search always filters by the
// current embedding_model, so vectors of two models are never compared.
import { sql } from 'drizzle-orm'
import { bigint, customType, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../workspaces/schema.js'

const vector = customType<{ data: number[]; driverData: string }>({
  dataType: () => 'vector',
  toDriver: (value) => `[${value.join(',')}]`,
  fromDriver: (value) => JSON.parse(value) as number[],
})
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

/** 'skipped': written while no embedding model was configured (SIGNALBOX_EMBEDDER=none); configuring one later
 * turns them 'pending' and the embed-pending sweep embeds them in the background. */
export const embeddingStatuses = ['pending', 'processing', 'ready', 'failed', 'skipped'] as const
export type EmbeddingStatus = (typeof embeddingStatuses)[number]

/** What a chunk belongs to; only 'message' is produced today, files and notes reuse the same table. */
export const chunkOwnerKinds = ['message', 'file', 'note', 'meeting'] as const
export type ChunkOwnerKind = (typeof chunkOwnerKinds)[number]

/** The text search configuration of chunks.search_vector: stemmed English, hyphenated words by their parts
 * (migration 0024_search_analyser). */
export const searchConfiguration = 'signalbox_english'

export const chunks = pgTable(
  'chunks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    ownerKind: text('owner_kind').$type<ChunkOwnerKind>().notNull(),
    ownerId: uuid('owner_id').notNull(),
    chunkIndex: integer('chunk_index').notNull(),
    text: text('text').notNull(),
    /** sha256 of the text: identical text under one model is embedded once. */
    textHash: text('text_hash').notNull(),
    tokenCount: integer('token_count').notNull(),
    heading: text('heading'),
    headingPath: text('heading_path'),
    /** 0 = document, 1 = section, 2 = subsection, 3 = paragraph (seed 2 hierarchy_level). */
    level: integer('level').notNull().default(0),
    charStart: integer('char_start').notNull(),
    charEnd: integer('char_end').notNull(),
    searchVector: tsvector('search_vector')
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('signalbox_english'::regconfig, text)`),
    /** BM25 document length: the words of search_vector (its positions), kept beside it so ranking does not recount. */
    docLength: integer('doc_length')
      .notNull()
      .generatedAlwaysAs(sql`tsvector_word_count(to_tsvector('signalbox_english'::regconfig, text))`),
    embedding: vector('embedding'),
    embeddingStatus: text('embedding_status').$type<EmbeddingStatus>().notNull().default('pending'),
    embeddingModel: text('embedding_model'),
    embeddingAttempts: integer('embedding_attempts').notNull().default(0),
    embeddingError: text('embedding_error'),
    lastEmbeddedAt: timestamp('last_embedded_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('chunks_owner_chunk_index').on(t.ownerKind, t.ownerId, t.chunkIndex),
    index('chunks_workspace_status_idx').on(t.workspaceId, t.embeddingStatus),
    index('chunks_workspace_hash_idx').on(t.workspaceId, t.textHash),
    index('chunks_owner_idx').on(t.ownerId),
    index('chunks_embedding_384_hnsw_idx')
      .using('hnsw', sql`(${t.embedding}::vector(384)) vector_cosine_ops`)
      .where(sql`vector_dims(${t.embedding}) = 384`),
  ],
)

/** The lexical side of chunks in narrow rows (~300 bytes, against ~1.6 KB for a chunk row with its vector inline,
 * which stays under PostgreSQL's 2 KB TOAST threshold): what the full-text rankers scan. A statement trigger on
 * chunks fills it (migration 0011); its rows go with their chunk. Chunk text is never updated in place. */
export const chunkSearch = pgTable(
  'chunk_search',
  {
    chunkId: uuid('chunk_id')
      .primaryKey()
      .references(() => chunks.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id').notNull(),
    ownerKind: text('owner_kind').$type<ChunkOwnerKind>().notNull(),
    ownerId: uuid('owner_id').notNull(),
    searchVector: tsvector('search_vector').notNull(),
    docLength: integer('doc_length').notNull(),
  },
  (t) => [index('chunk_search_vector_idx').using('gin', t.searchVector)],
)

/** BM25 document frequency of each lexeme, per workspace; updated in the transaction that writes chunks.
 * It doubles as the workspace's vocabulary: a pg_trgm index on it maps a misspelt name or short token in a
 * query to the nearest indexed term. (A trigram index on chunks.text itself was measured first: it made
 * indexing 2.5x slower on SciFact abstracts, for a job the vocabulary does with a table 100x smaller.) */
export const bm25Terms = pgTable(
  'bm25_terms',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    term: text('term').notNull(),
    documentFrequency: integer('document_frequency').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.term] }), index('bm25_terms_term_trgm_idx').using('gin', sql`${t.term} gin_trgm_ops`)],
)

/** BM25 corpus size and total length, per workspace (average document length = total_length / document_count). */
export const bm25Corpus = pgTable('bm25_corpus', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  documentCount: integer('document_count').notNull().default(0),
  totalLength: bigint('total_length', { mode: 'number' }).notNull().default(0),
})
