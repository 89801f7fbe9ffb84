// While a server holds the embedded data dir, `signalbox import` uploads the file to it and follows the job.
import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../src/config.js'
import { startServer } from '../../src/server.js'
import { silentLog } from '../helpers/database.js'
import { runSignalbox, type CliRun } from '../helpers/cli.js'
import { waitFor } from '../helpers/wait-for.js'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-import-server-'))
const fixture = path.resolve('test/fixtures/importers/telegram/oop-result.json')

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

function runCli(kind = 'telegram', input = fixture): Promise<CliRun> {
  return runSignalbox(dataDir, ['import', kind, input])
}

describe('signalbox import with a running server', () => {
  it('uploads the export, the server imports it as a job, the CLI prints the summary', { timeout: 600_000 }, async () => {
    const server = await startServer(loadConfig({ SIGNALBOX_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }), silentLog)
    try {
      const first = await runCli()
      expect(first.code, first.stderr).toBe(0)
      expect(first.stdout).toMatch(/^import kind=telegram created=46 updated=0 skipped=0 failed=0 seconds=[\d.]+$/m)
      const again = await runCli()
      expect(again.stdout).toMatch(/^import kind=telegram created=0 updated=0 skipped=46 failed=0 seconds=[\d.]+$/m)
      // Both uploads are removed once their runs are finished.
      await waitFor(
        'uploads to be removed',
        async () => (fs.readdirSync(path.join(dataDir, 'imports')).length === 0 ? true : undefined),
        30,
      )

      // Folders go up as one file: a Slack export and a mail folder are zipped by the CLI.
      const slack = await runCli('slack', path.resolve('test/fixtures/importers/slack/testarchive'))
      expect(slack.code, slack.stderr).toBe(0)
      expect(slack.stdout).toMatch(/^import kind=slack created=158 updated=0 skipped=0 failed=0 seconds=[\d.]+$/m)
      const mail = await runCli('email', path.resolve('test/fixtures/importers/email'))
      expect(mail.code, mail.stderr).toBe(0)
      const created = Number(/^import kind=email created=(\d+) updated=0 skipped=0 failed=0 /m.exec(mail.stdout)?.[1])
      expect(created).toBeGreaterThanOrEqual(12 + 4) // the mbox's 12 and the .eml files
      const jsonlFolder = await runCli('jsonl', path.resolve('test/fixtures/importers/jsonl'))
      expect(jsonlFolder.code).not.toBe(0)
      expect(jsonlFolder.stderr).toMatch(/a JSONL import is one file, not a folder/)
    } finally {
      await server.stop()
    }
  })
})
