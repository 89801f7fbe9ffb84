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

let runDump: Blob | undefined

/** The run's migrated dump (test/global-setup.ts), read once per worker process. */
function migratedDump(): Blob | undefined {
  const dumpPath = inject('migratedDumpPath')
  if (!runDump && dumpPath && fs.existsSync(dumpPath)) runDump = new Blob([fs.readFileSync(dumpPath)])
  return runDump
}

/** An isolated copy of the migrated template. Loaded straight from the run's dump when there is one: measured,
 * 1.2 s a database against 1.7-2.1 s for cloning an open template (which dumps it again each time) plus 2.4 s to
 * open that template in every file. */
export async function freshDatabase(): Promise<Database> {
  const dump = migratedDump()
  const database = dump
    ? await openPglite(undefined, { loadDataDir: dump })
    : wrapPglite((await (await migratedTemplate()).pglite!.clone()) as PGlite)
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
