// Opens the one database handle every service receives: Drizzle over embedded PGlite or a PostgreSQL server.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { makePrivateDir, securePrivateDir } from '../lib/data-dir.js'
import { vector } from '@electric-sql/pglite-pgvector'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import pg from 'pg'
import * as schema from './schema.js'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>

export type Database = {
  kind: 'pglite' | 'postgres'
  db: Db
  /** Parameterised single statement; returns rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>
  /** Multi-statement SQL without parameters. */
  exec(text: string): Promise<void>
  close(): Promise<void>
  pglite?: PGlite
  pool?: pg.Pool
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

export class MissingExtensionError extends Error {
  override name = 'MissingExtensionError'
}

/** shared_buffers of an on-disk embedded database unless configured (SIGNALBOX_PGLITE_SHARED_BUFFERS). */
export const defaultPgliteSharedBuffers = '256MB'

/**
 * Server settings for an on-disk PGlite. Every page read that misses its buffer cache is a synchronous read
 * through Emscripten's file system; with PGlite's 128MB at 100,000 messages those reads were ~35% of search time
 * (the HNSW index and the chunks outgrow it). The pool is allocated up front (RSS grows by its size): 256MB kept
 * bench:ingest under 900 MiB while vector search p95 fell from ~35 to ~20 ms. random_page_cost 1.1, as for SSDs:
 * pages come from the OS cache, so index and bitmap scans cost about what sequential ones do, and the planner
 * stopped choosing a sequential scan for common words (full-text p95 ~50 -> ~42 ms).
 * In-memory databases (tests, evaluation) keep PGlite's defaults: they are small, and there are many.
 */
function onDiskSettings(sharedBuffers: string): string[] {
  return ['-c', `shared_buffers=${sharedBuffers}`, '-c', 'random_page_cost=1.1']
}

/** Opens PGlite at `dataDir` (undefined = in memory) with pgvector and pg_trgm loaded. */
/** `loadDataDir` starts an in-memory database from a dump (PGlite dumpDataDir), e.g. a pre-migrated test template. */
export async function openPglite(dataDir?: string, options: { loadDataDir?: Blob; sharedBuffers?: string } = {}): Promise<Database> {
  if (dataDir) makePrivateDir(dataDir)
  const client = await PGlite.create(dataDir ? path.join(dataDir, 'pgdata') : undefined, {
    extensions: { vector, pg_trgm },
    ...(dataDir
      ? { startParams: [...PGlite.defaultStartParams, ...onDiskSettings(options.sharedBuffers ?? defaultPgliteSharedBuffers)] }
      : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  })
  if (!dataDir) return wrapPglite(client)
  // PGlite's file system gives the files it creates mode 0666 whatever the umask (its folders follow the umask):
  // tightened once open and again at close; in between, new files sit in 0700 folders others cannot enter.
  securePrivateDir(dataDir)
  const database = wrapPglite(client)
  const close = database.close
  database.close = async () => {
    await close()
    securePrivateDir(dataDir)
  }
  return database
}

/**
 * PGlite runs each statement synchronously inside WebAssembly and resolves its promise at once, so a background job
 * issuing statement after statement never returns to Node's event loop: measured, 5,000 backlog messages kept the
 * HTTP server from answering even /healthz for 30-40 s after start-up. Yielding before each protocol exchange
 * lets pending requests (and timers) run between statements; a statement itself still runs to its end.
 */
function yieldBetweenStatements(client: PGlite) {
  const execProtocolStream = client.execProtocolStream.bind(client)
  client.execProtocolStream = async (...args: Parameters<PGlite['execProtocolStream']>) => {
    await new Promise<void>((resolve) => setImmediate(resolve))
    return execProtocolStream(...args)
  }
}

export function wrapPglite(client: PGlite): Database {
  yieldBetweenStatements(client)
  const db = drizzlePglite(client, { schema }) as unknown as Db
  return {
    kind: 'pglite',
    db,
    pglite: client,
    async query<T>(text: string, params?: unknown[]) {
      const result = await client.query<T>(text, params)
      return result.rows
    },
    async exec(text: string) {
      await client.exec(text)
    },
    async close() {
      if (!client.closed) await client.close()
    },
  }
}

export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  const db = drizzlePg(pool, { schema }) as unknown as Db
  return {
    kind: 'postgres',
    db,
    pool,
    async query<T>(text: string, params?: unknown[]) {
      const result = await pool.query(text, params)
      return result.rows as T[]
    },
    async exec(text: string) {
      await pool.query(text)
    },
    async close() {
      await pool.end()
    },
  }
}

/** Creates the extensions then applies drizzle-kit migrations; safe to run on every start. Takes the database, not a
 * context: it runs at boot, before any workspace exists. */
export async function migrateDatabase(database: Database): Promise<void> {
  try {
    await database.exec('CREATE EXTENSION IF NOT EXISTS vector; CREATE EXTENSION IF NOT EXISTS pg_trgm;')
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (/vector/.test(message)) {
      throw new MissingExtensionError(
        'This PostgreSQL server lacks the pgvector extension. Install it (e.g. `apt install postgresql-15-pgvector` or the pgvector/pgvector Docker image) and run `CREATE EXTENSION vector` as a superuser, or unset DATABASE_URL to use the embedded database.',
      )
    }
    throw error
  }
  if (database.kind === 'pglite') await migratePglite(database.db as unknown as Parameters<typeof migratePglite>[0], { migrationsFolder })
  else await migratePg(database.db as unknown as Parameters<typeof migratePg>[0], { migrationsFolder })
}
