// Vectors as SQL literals, and one HNSW index per embedding dimension (see the note in schema.ts).
import type { Database } from '../../db/client.js'

/** The migration creates the index for the local default; others are created when first needed. */
const indexedDimensions = new WeakMap<Database, Set<number>>()

/** pgvector's HNSW indexes `vector` up to 2,000 dimensions; larger vectors are searched by exact scan. */
export const maxIndexedDimension = 2000

export async function ensureVectorIndex(database: Database, dimension: number): Promise<void> {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > maxIndexedDimension) return
  let known = indexedDimensions.get(database)
  if (!known) indexedDimensions.set(database, (known = new Set([384])))
  if (known.has(dimension)) return
  // The dimension is an integer we checked above, so interpolating it is safe; DDL takes no parameters.
  await database.query(
    `CREATE INDEX IF NOT EXISTS chunks_embedding_${dimension}_hnsw_idx ON chunks
     USING hnsw ((embedding::vector(${dimension})) vector_cosine_ops) WHERE vector_dims(embedding) = ${dimension}`,
  )
  known.add(dimension)
}

/** '[0.1,0.2,...]' with 6 decimals: pgvector stores float4, so more digits would only cost bytes on the wire. */
export function vectorLiteral(vector: number[]): string {
  let out = '['
  for (let i = 0; i < vector.length; i++) {
    if (i) out += ','
    const v = vector[i]
    out += v === 0 ? '0' : v.toFixed(6)
  }
  return `${out}]`
}
