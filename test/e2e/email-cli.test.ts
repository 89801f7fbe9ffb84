// `signalbox email triage` and `signalbox email rules` in process through commander, on a local data dir: real .eml
// files stored as the importer stores them, triaged with a progress bar, a correction's rule listed, changed, deleted.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Command } from 'commander'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { withLocalContext } from '../../src/cli/runtime.js'
import { loadConfig } from '../../src/config.js'
import { ingestMessages, type IngestMessage } from '../../src/modules/messages/index.js'
import { parseEmailMessage } from '../../src/modules/importers/index.js'
import { correctEmailCategory, listTriagedEmails } from '../../src/modules/email/index.js'
import { registerEmailCommands } from '../../src/modules/email/email-commands.js'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-email-cli-'))
const saved = {
  dir: process.env.SIGNALBOX_DATA_DIR,
  db: process.env.DATABASE_URL,
  url: process.env.SIGNALBOX_URL,
  log: process.env.LOG_LEVEL,
}

beforeAll(async () => {
  process.env.SIGNALBOX_DATA_DIR = dataDir
  process.env.LOG_LEVEL = 'silent'
  delete process.env.DATABASE_URL
  delete process.env.SIGNALBOX_URL
  const messages: IngestMessage[] = []
  for (const name of ['ryanair-fare-sale.eml', 'httpd-users-question.eml', 'httpd-users-thanks.eml']) {
    const mapped = await parseEmailMessage(fs.readFileSync(new URL(`../fixtures/email-triage/${name}`, import.meta.url)))
    if ('error' in mapped) throw new Error(mapped.error)
    messages.push(mapped.message)
  }
  await withLocalContext(loadConfig(), (ctx) => ingestMessages(ctx, { source: { type: 'email', name: 'mailbox' }, messages }))
}, 180_000)
afterAll(() => {
  for (const [key, value] of [
    ['SIGNALBOX_DATA_DIR', saved.dir],
    ['DATABASE_URL', saved.db],
    ['SIGNALBOX_URL', saved.url],
    ['LOG_LEVEL', saved.log],
  ] as const) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  fs.rmSync(dataDir, { recursive: true, force: true })
})
afterEach(() => vi.restoreAllMocks())

async function signalbox(...args: string[]): Promise<string> {
  const written: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  const program = new Command().exitOverride()
  registerEmailCommands(program)
  try {
    await program.parseAsync(['node', 'signalbox', ...args])
  } finally {
    vi.restoreAllMocks()
  }
  return written.join('')
}

describe('signalbox email', () => {
  it('triages the stored email of the window', async () => {
    expect(await signalbox('email', 'triage', '--since', '9999w')).toMatch(
      /email triage: 3 triaged \(0 by learned rules\), 0 failed, of 3 untriaged emails/,
    )
  })

  it('rejects a bad --since with one line naming the option', async () => {
    await expect(signalbox('email', 'triage', '--since', 'lately')).rejects.toThrow(/--since: a duration such as/)
  })

  it('lists, changes and deletes the rule a correction taught', async () => {
    expect(await signalbox('email', 'rules')).toMatch(/No rules yet/)
    await withLocalContext(loadConfig(), async (ctx) => {
      const [fare] = (await listTriagedEmails(ctx, {})).filter((e) => e.senderEmail === 'webster@ryanairmail.com')
      await correctEmailCategory(ctx, fare.messageId, 'junk')
    })
    const listed = await signalbox('email', 'rules')
    expect(listed).toMatch(/webster@ryanairmail\.com -> junk {2}confidence 0\.70, 1 correction\(s\), user_correction/)
    const id = listed.split(' ')[0]
    expect(await signalbox('email', 'rules', 'set', id, '--category', 'promotional')).toMatch(/-> promotional/)
    await expect(signalbox('email', 'rules', 'set', id, '--category', 'urgent')).rejects.toThrow(/--category: expected/)
    expect(await signalbox('email', 'rules', 'delete', id)).toMatch(`Deleted rule ${id}`)
  })
})
