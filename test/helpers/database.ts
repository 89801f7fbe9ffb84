// Test databases: one migrated in-memory PGlite per test file (loaded from the run's dump), cloned for each test.
import fs from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { inject } from 'vitest'
import { migrateDatabase, openPglite, wrapPglite, type Database } from '../../src/db/client.js'
import { ensureDefaultWorkspace } from '../../src/modules/workspaces/index.js'
import { loadConfig, type Config } from '../../src/config.js'
import { createLogger, type Log } from '../../src/lib/logger.js'
import type { ServiceContext } from '../../src/lib/context.js'

let template: Promise<Database> | undefined

/** A migrated database shared by the test file; use freshDatabase() unless a test must see another's writes. */
export function migratedTemplate(): Promise<Database> {
  template ??= (async () => {
    // The dump is made once per run by test/global-setup.ts; migrate here only when it is absent.
    const dumpPath = inject('migratedDumpPath')
    if (dumpPath && fs.existsSync(dumpPath)) {
      return openPglite(undefined, { loadDataDir: new Blob([fs.readFileSync(dumpPath)]) })
    }
    const database = await openPglite()
    await migrateDatabase(database)
    return database
  })()
  return template
}

/** Databases freshDatabase opened in the current test file: closed after it (closeTestDatabases), so a worker that
 * runs many files does not keep every file's WebAssembly heap. */
const openedInThisFile = new Set<Database>()

/** An isolated copy of the migrated template. */
export async function freshDatabase(): Promise<Database> {
  const base = await migratedTemplate()
  const copy = (await base.pglite!.clone()) as PGlite
  const database = wrapPglite(copy)
  openedInThisFile.add(database)
  return database
}

/** Closes what the file's freshDatabase calls opened (closing twice is harmless). */
export async function closeTestDatabases(): Promise<void> {
  for (const database of openedInThisFile) await database.close().catch(() => undefined)
  openedInThisFile.clear()
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ SIGNALBOX_DATA_DIR: '/tmp/signalbox-test-unused', LOG_LEVEL: 'silent', ...overrides })
}

export const silentLog: Log = createLogger('silent')

/** A service context in the default workspace, acting as the local system. */
export async function testContext(database?: Database): Promise<ServiceContext> {
  const db = database ?? (await freshDatabase())
  const workspaceId = await ensureDefaultWorkspace({ database: db })
  return { database: db, workspaceId, actor: { kind: 'local-token' }, log: silentLog, config: testConfig() }
}
