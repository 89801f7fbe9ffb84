// Vectors as SQL parameters, and one HNSW index per embedding dimension (see the note in schema.ts).
import type { Database } from '../../db/client.js'
import type { DatabaseContext } from '../../lib/context.js'

/** The migration creates the index for the local default; others are created when first needed. */
const indexedDimensions = new WeakMap<Database, Set<number>>()

/** pgvector's HNSW indexes `vector` up to 2,000 dimensions; larger vectors are searched by exact scan. */
export const maxIndexedDimension = 2000

export async function ensureVectorIndex(ctx: DatabaseContext, dimension: number): Promise<void> {
  const { database } = ctx
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

/**
 * A vector as a parameter: an int4[] literal scaled so the largest component is ±1,000,000, turned back into a
 * unit vector in SQL by `vectorFromIntegers`. pgvector's text input parses every component with strtof, which in
 * PGlite's WebAssembly build took ~0.3-1.1 ms per 384-d vector against ~0.2-0.3 ms for the integer array
 * (bench:search ingest +4.5% at 10,000 messages). Cosine distance, the only one used, ignores the scale, and the rounding error (at most
 * 5e-7 of the largest component) is below that of the 6-decimal text this replaced.
 */
export function integerVectorLiteral(vector: number[]): string {
  let largest = 0
  for (const v of vector) largest = Math.max(largest, Math.abs(v))
  const scale = largest > 0 ? 1_000_000 / largest : 0
  let out = '{'
  for (let i = 0; i < vector.length; i++) {
    if (i) out += ','
    out += Math.round(vector[i] * scale)
  }
  return `${out}}`
}

/** SQL for the unit `vector` of an `integerVectorLiteral` held by `expression` (a parameter or a text column). */
export function vectorFromIntegers(expression: string): string {
  return `l2_normalize((${expression})::int4[]::real[]::vector)`
}
