// Chooses the database from the config and migrates it: a PostgreSQL server when DATABASE_URL is set, else PGlite.
import path from 'node:path'
import type { Config } from '../config.js'
import type { Log } from '../lib/logger.js'
import { migrateDatabase, openPglite, openPostgres, type Database } from './client.js'
import { securePrivateDir } from '../lib/data-dir.js'

export async function openDatabase(config: Config, log?: Log): Promise<Database> {
  if (!config.databaseUrl) securePrivateDir(config.dataDir, log)
  const database = config.databaseUrl
    ? await openPostgres(config.databaseUrl)
    : await openPglite(config.dataDir, { sharedBuffers: config.pgliteSharedBuffers })
  try {
    await migrateDatabase(database)
  } catch (error) {
    await database.close()
    throw error
  }
  log?.debug({ kind: database.kind, dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pgdata') }, 'database ready')
  return database
}
