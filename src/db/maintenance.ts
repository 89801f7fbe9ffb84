// Autovacuum's chores for the embedded database. PGlite runs no autovacuum, so without this:
// - its tables are never ANALYZEd: the planner keeps believing `chunks` is nearly empty, skips the HNSW index for
//   an exact scan of every vector and picks nested loops for full-text scoring;
// - GIN pending lists are only merged when they reach gin_pending_list_limit (4MB), and every full-text query
//   reads the whole pending list: at 100,000 messages ~300 pages, which cost ~10 ms of every search.
// A PostgreSQL server's autovacuum does both itself.
import type { Database } from './client.js'

export type MaintenanceResult = { analyzed: string[]; vacuumed: string[]; pendingListsMerged: string[] }

/** Autovacuum's default thresholds: act once this many rows changed, plus a fraction of the table. */
const analyzeBase = 50
const analyzeFraction = 0.1
const vacuumBase = 50
const vacuumFraction = 0.2

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`

/**
 * ANALYZEs every table whose rows changed beyond autovacuum's threshold since its last analysis, VACUUMs those
 * with as many dead rows (so index-only scans and the free space map stay useful), and merges every GIN index's
 * pending list into the index. Cheap when nothing is due: one read of pg_stat_user_tables and one of each GIN
 * metapage. On a server, `force` is needed (autovacuum normally does it there).
 */
export async function runAutovacuumChores(database: Database, options: { force?: boolean } = {}): Promise<MaintenanceResult> {
  const result: MaintenanceResult = { analyzed: [], vacuumed: [], pendingListsMerged: [] }
  if (database.kind !== 'pglite' && !options.force) return result
  // Counters reach pg_stat_user_tables at most once a second; without this the last batch's rows go unseen.
  await database.query(`SELECT pg_stat_force_next_flush()`)
  const tables = await database.query<{
    relname: string
    n_live_tup: string
    n_mod_since_analyze: string
    n_dead_tup: string
    analyzed: boolean
  }>(
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
  const merged = await database.query<{ index: string; pages: number }>(
    `SELECT c.relname AS index, gin_clean_pending_list(c.oid::regclass) AS pages
     FROM pg_class c JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE a.amname = 'gin' AND n.nspname = 'public'`,
  )
  result.pendingListsMerged = merged.filter((m) => Number(m.pages) > 0).map((m) => m.index)
  return result
}
