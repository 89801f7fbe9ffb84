// Migrates one embedded database for the whole run and dumps it to a file; every test file starts its template
// from that dump instead of replaying all migrations (seconds per file saved, many more under load).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { migrateDatabase, openPglite } from '../src/db/client.js'

export default async function setup(project: TestProject) {
  const database = await openPglite()
  await migrateDatabase(database)
  const dump = await database.pglite!.dumpDataDir('none')
  await database.close()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-template-'))
  const file = path.join(dir, 'migrated.tar')
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  project.provide('migratedDumpPath', file)
  return () => fs.rmSync(dir, { recursive: true, force: true })
}

declare module 'vitest' {
  export interface ProvidedContext {
    migratedDumpPath: string
  }
}
