// `signalbox search --source` takes what a person knows, a source's name or type, and errors name the command's
// flags (`--source`), not the API's field paths (`querystring.sourceId`): on the database directly and through a
// running server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runSignalbox } from '../helpers/cli.js'
import { silentLog, testConfig } from '../helpers/database.js'
import { startServer, type RunningServer } from '../../src/server.js'

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-cli-source-'))
const dataDir = path.join(workDir, 'data')
const cli = (args: string[]) => runSignalbox(dataDir, args)
let server: RunningServer | undefined

beforeAll(async () => {
  const file = path.join(workDir, 'team.jsonl')
  const lines = ['deploy the gateway tonight', 'the gateway deploy went fine'].map((content, i) =>
    JSON.stringify({
      externalId: `g${i}`,
      conversation: { externalId: 'ops' },
      author: { externalId: 'u1' },
      sentAt: `2026-02-0${i + 1}T10:00:00Z`,
      content,
    }),
  )
  fs.writeFileSync(file, lines.join('\n') + '\n')
  const imported = await cli(['import', 'jsonl', file])
  expect(imported.code, imported.stderr).toBe(0)
}, 180_000)

afterAll(async () => {
  await server?.stop()
  fs.rmSync(workDir, { recursive: true, force: true })
})

describe('search --source', () => {
  it('on the database: accepts a source type or name, and names --source when nothing matches', async () => {
    for (const source of ['api', 'jsonl:team.jsonl']) {
      const run = await cli(['search', 'gateway', '--mode', 'fulltext', '--source', source])
      expect(run.code, run.stderr).toBe(0)
    }
    const wrong = await cli(['search', 'gateway', '--source', 'slack'])
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain('--source: use a source name or type: api "jsonl:team.jsonl"')
    expect(wrong.stderr).not.toMatch(/querystring|sourceId/)
    const badConversation = await cli(['search', 'gateway', '--conversation', 'ops'])
    expect(badConversation.code).toBe(1)
    expect(badConversation.stderr).toContain('--conversation must be an id')
  }, 180_000)

  it('through a running server: the same answers, with the flag named', async () => {
    server = await startServer(testConfig({ SIGNALBOX_DATA_DIR: dataDir, PORT: '0', SIGNALBOX_WORKERS: 'off' }), silentLog)
    const byType = await cli(['search', 'gateway', '--mode', 'fulltext', '--source', 'api', '--json'])
    expect(byType.code, byType.stderr).toBe(0)
    expect(JSON.parse(byType.stdout)).toHaveProperty('items')
    const wrong = await cli(['search', 'gateway', '--source', 'slack'])
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain('--source: use a source name or type: api "jsonl:team.jsonl"')
    expect(wrong.stderr).not.toMatch(/querystring|sourceId/)
    const badK = await cli(['search', 'gateway', '--k', '0'])
    expect(badK.stderr).toContain('--k must be an integer')
  }, 180_000)
})
