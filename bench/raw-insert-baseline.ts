// The floor bench:ingest compares the importer with: the same message rows, copied from the importer's database,
// written with plain multi-row INSERTs (1,000 rows a statement) into a fresh database of the same kind with the
// same migrations (so the same indexes, constraints and triggers). Absolute speeds on this shared machine swing 2x
// with load; the importer / raw ratio measured in one run does not.
import type { Config } from '../src/config.js'
import type { Database } from '../src/db/client.js'
import { openDatabase } from '../src/db/open.js'

/** The rows messages reference, copied untimed before the measured inserts. */
const parentTables = ['workspaces', 'sources', 'people', 'identities', 'conversations']
const rowsPerStatement = 250

async function insertableColumns(database: Database, table: string): Promise<string[]> {
  const rows = await database.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [table],
  )
  return rows.map((r) => r.column_name)
}

async function readRows(database: Database, table: string, columns: string[]): Promise<unknown[][]> {
  const rows = await database.query<{ row: Record<string, unknown> }>(`SELECT to_jsonb(t) AS row FROM ${table} t`)
  return rows.map(({ row }) => columns.map((c) => parameterValue(row[c])))
}

/** A JSON value as a parameter PostgreSQL casts to the column's type: arrays as array literals, objects as JSON. */
function parameterValue(value: unknown): unknown {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v))) return `{${value.join(',')}}`
  if (value !== null && typeof value === 'object') return JSON.stringify(value)
  return value
}

async function insertRows(database: Database, table: string, columns: string[], rows: unknown[][]) {
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    const batch = rows.slice(i, i + rowsPerStatement)
    const params: unknown[] = []
    const tuples = batch.map((row) => `(${row.map((value) => (params.push(value), `$${params.length}`)).join(',')})`)
    await database.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')}`, params)
  }
}

/** Copies the importer's messages into a fresh database at `dataDir` with raw INSERTs; returns rows per second. */
export async function measureRawInserts(
  source: Database,
  config: Config,
  dataDir: string,
): Promise<{ rows: number; rowsPerSecond: number }> {
  const target = await openDatabase({ ...config, dataDir, databaseUrl: undefined })
  try {
    for (const table of parentTables) {
      const columns = await insertableColumns(target, table)
      await insertRows(target, table, columns, await readRows(source, table, columns))
    }
    const columns = await insertableColumns(target, 'messages')
    const rows = await readRows(source, 'messages', columns)
    const started = performance.now()
    await insertRows(target, 'messages', columns, rows)
    const seconds = (performance.now() - started) / 1000
    return { rows: rows.length, rowsPerSecond: rows.length / seconds }
  } finally {
    await target.close()
  }
}
