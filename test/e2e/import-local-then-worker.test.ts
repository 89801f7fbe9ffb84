// `signalbox import` with no server running writes straight to the data dir; the messages it stores must still
// be indexed once workers run. Each batch records its event in the outbox (src/jobs/event-outbox.ts), and a
// worker started afterwards dispatches it. The outbox is empty once it has.
import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openPglite, type Database } from '../../src/db/client.js'
import { startBackground, type Background } from '../../src/jobs/background.js'
import { hybridSearch } from '../../src/modules/search/index.js'
import { ensureDefaultWorkspace } from '../../src/modules/workspaces/index.js'
import { silentLog, testConfig } from '../helpers/database.js'
import { waitFor } from '../helpers/wait-for.js'
import { runSignalbox } from '../helpers/cli.js'

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-import-local-'))
const dataDir = path.join(workDir, 'data')
const file = path.join(workDir, 'messages.jsonl')
let database: Database | undefined
let worker: Background | undefined

afterAll(async () => {
  await worker?.stop()
  await database?.close()
  fs.rmSync(workDir, { recursive: true, force: true })
})

const runCli = (args: string[]) => runSignalbox(dataDir, args)

describe('a local import, then a worker', () => {
  it('indexes what the import stored while no server ran', async () => {
    const lines = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({
        externalId: `m${i}`,
        conversation: { externalId: 'ops' },
        author: { externalId: `user-${i % 3}` },
        sentAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
        content: i === 17 ? 'the flamingo certificate expired on the staging gateway' : `routine update number ${i} about the backlog`,
      }),
    )
    fs.writeFileSync(file, lines.join('\n') + '\n')
    const run = await runCli(['import', 'jsonl', file])
    expect(run.code, run.stderr).toBe(0)
    // Searching now finds nothing, and says why.
    const early = await runCli(['search', 'flamingo certificate'])
    expect(early.code, early.stderr).toBe(0)
    expect(early.stdout).toContain('No results yet: 30 stored messages are still waiting to be indexed')

    database = await openPglite(dataDir)
    const waiting = await database.query<{ event: string; messages: number }>(
      `SELECT event, sum(jsonb_array_length(payload->'messageIds'))::int AS messages FROM event_outbox GROUP BY event`,
    )
    expect(waiting).toEqual([{ event: 'messages.changed', messages: 30 }])

    const config = testConfig({ SIGNALBOX_DATA_DIR: dataDir })
    worker = await startBackground({ database, config, log: silentLog })
    const db = database
    const chunks = await waitFor('the imported messages to be indexed', async () => {
      // Indexed for full text; the default configuration has no embedding model, so no vectors ('skipped').
      const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM chunks WHERE embedding_status = 'skipped'`)
      return n === 30 ? n : undefined
    })
    expect(chunks).toBe(30)
    const [{ left }] = await database.query<{ left: number }>(`SELECT count(*)::int AS left FROM event_outbox`)
    expect(left).toBe(0)
    const workspaceId = await ensureDefaultWorkspace({ database })
    const page = await hybridSearch(
      { database, workspaceId, config, log: silentLog, actor: { kind: 'system' } },
      { q: 'flamingo certificate', k: 3 },
    )
    expect(page.items[0]?.content).toContain('flamingo certificate')
    const everything = await hybridSearch(
      { database, workspaceId, config, log: silentLog, actor: { kind: 'system' } },
      { q: 'update', k: 100 },
    )
    expect(everything.items.length).toBeLessThan(100)
    expect(everything.waitingToIndex).toBe(0)
  }, 180_000)
})
