// The server as a user runs it: a data dir created and migrated on first start, persisted across restarts.
import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../src/config.js'
import { startServer } from '../../src/server.js'
import { silentLog } from '../helpers/database.js'
import { serverHasPgvector } from '../helpers/server-database.js'
import { DataDirLockedError } from '../../src/lib/data-dir.js'
import { migrateDatabase, MissingExtensionError, openPostgres } from '../../src/db/client.js'
import { testPostgresUrl } from '../helpers/postgres-server.js'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-server-'))
const config = loadConfig({ SIGNALBOX_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' })

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

describe('signalbox start', () => {
  it('creates the data dir, serves the API, shuts down cleanly and keeps the data for the next start', async () => {
    const first = await startServer(config, silentLog)
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(true)
    const token = fs.readFileSync(path.join(dataDir, 'local-token'), 'utf8')
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200)
    await expect(startServer(config, silentLog)).rejects.toBeInstanceOf(DataDirLockedError)

    const ingest = await fetch(`${first.url}/api/v1/ingest/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        source: { type: 'api', name: 'persist' },
        messages: [{ externalId: 'p1', conversation: { externalId: 'c' }, sentAt: '2026-02-01T00:00:00Z', content: 'kept' }],
      }),
    })
    expect((await ingest.json()).created).toBe(1)
    await first.stop()
    expect(fs.existsSync(path.join(dataDir, 'signalbox.lock'))).toBe(false)

    const second = await startServer(config, silentLog)
    const newToken = fs.readFileSync(path.join(dataDir, 'local-token'), 'utf8')
    const oldTokenAnswer = await fetch(`${second.url}/api/v1/conversations`, { headers: { authorization: `Bearer ${token}` } })
    expect(oldTokenAnswer.status).toBe(401)
    const list = await fetch(`${second.url}/api/v1/conversations`, { headers: { authorization: `Bearer ${newToken}` } })
    expect((await list.json()).items[0].messageCount).toBe(1)
    const docs = await fetch(`${second.url}/api/docs/json`)
    expect((await docs.json()).paths).toHaveProperty('/api/v1/ingest/messages')
    await second.stop()
  })
})

// Needs a real PostgreSQL server without pgvector; CI's has pgvector when it could build it from the vendored
// source (then search.server.test.ts runs the whole search path there instead).
const serverUrl = testPostgresUrl('server mode against PostgreSQL without pgvector')
const withoutPgvector = serverUrl !== undefined && !(await serverHasPgvector())
describe.runIf(withoutPgvector)('server mode against PostgreSQL without pgvector', () => {
  it('stops with an error that names the fix', async () => {
    const database = await openPostgres(serverUrl!)
    try {
      await expect(migrateDatabase(database)).rejects.toBeInstanceOf(MissingExtensionError)
      await expect(migrateDatabase(database)).rejects.toThrow(/pgvector/)
    } finally {
      await database.close()
    }
  })
})
