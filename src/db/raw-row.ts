// The row a raw `SELECT *` / `RETURNING *` gives back for a Drizzle table, typed from the table itself.
import type { Table } from 'drizzle-orm'

/** A table's columns under their SQL names (snake_case, as raw statements return them) with Drizzle's select types:
 * `query<RawRow<typeof analysisRuns>>('SELECT * FROM analysis_runs …')` types the rows without a copied interface. */
export type RawRow<T extends Table> = {
  [K in keyof T['_']['columns'] & keyof T['$inferSelect'] as T['_']['columns'][K]['_']['name']]: T['$inferSelect'][K]
}
