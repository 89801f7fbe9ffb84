// Planner statistics for the embedded database. PGlite runs no autovacuum, so without this its tables are never
// ANALYZEd: the planner keeps believing `chunks` is nearly empty, skips the HNSW index for an exact scan of every
// vector and picks nested loops for full-text scoring. A PostgreSQL server's autovacuum does this job itself.
import type { Database } from './client.js'

export type MaintenanceResult = { analyzed: string[]; vacuumed: string[] }

/** Autovacuum's default thresholds: act once this many rows changed, plus a fraction of the table. */
const analyzeBase = 50
const analyzeFraction = 0.1
const vacuumBase = 50
const vacuumFraction = 0.2

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`

/**
 * ANALYZEs every table whose rows changed beyond autovacuum's threshold since its last analysis, and VACUUMs those
 * with as many dead rows (so index-only scans and the free space map stay useful). Cheap when nothing is due: one
 * read of pg_stat_user_tables. On a server, `force` is needed (autovacuum normally does it there).
 */
export async function refreshStaleStatistics(database: Database, options: { force?: boolean } = {}): Promise<MaintenanceResult> {
  const result: MaintenanceResult = { analyzed: [], vacuumed: [] }
  if (database.kind !== 'pglite' && !options.force) return result
  // Counters reach pg_stat_user_tables at most once a second; without this the last batch's rows go unseen.
  await database.query(`SELECT pg_stat_force_next_flush()`)
  const tables = await database.query<{ relname: string; n_live_tup: string; n_mod_since_analyze: string; n_dead_tup: string; analyzed: boolean }>(
    `SELECT relname, n_live_tup, n_mod_since_analyze, n_dead_tup,
       (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL) AS analyzed
     FROM pg_stat_user_tables WHERE schemaname = 'public'`,
  )
  for (const table of tables) {
    const live = Number(table.n_live_tup)
    const name = quoteIdentifier(table.relname)
    if (Number(table.n_dead_tup) > vacuumBase + vacuumFraction * live) {
      await database.exec(`VACUUM (ANALYZE) ${name}`)
      result.vacuumed.push(table.relname)
      result.analyzed.push(table.relname)
    } else if (Number(table.n_mod_since_analyze) > analyzeBase + analyzeFraction * live || (!table.analyzed && live > 0)) {
      await database.exec(`ANALYZE ${name}`)
      result.analyzed.push(table.relname)
    }
  }
  return result
}
