// npm run bench:imap [-- --messages N]: the first sync of a mailbox of N messages (default 20,000) from a local
// Dovecot (test/helpers/dovecot.ts) into a fresh embedded PGlite, through the IMAP connector's sync. The messages
// are the real mailing-list mail of test/fixtures/importers/email, repeated with distinct Message-IDs.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config.js'
import { openDatabase } from '../src/db/open.js'
import { createLogger } from '../src/lib/logger.js'
import { ensureDefaultWorkspace } from '../src/modules/workspaces/index.js'
import '../src/modules/providers.js'
import { splitMbox } from '../src/modules/importers/index.js'
import { createConnectedSource, loadConnectedSource } from '../src/modules/sources/index.js'
import { syncImapMailbox } from '../src/modules/connectors/imap/sync-mailbox.js'
import { dovecotAvailable, dovecotSkipReason, startDovecot } from '../test/helpers/dovecot.js'

const index = process.argv.indexOf('--messages')
const total = index === -1 ? 20_000 : Number(process.argv[index + 1])
if (!Number.isInteger(total) || total <= 0) throw new Error('--messages needs a positive integer')
if (!dovecotAvailable) {
  console.error(dovecotSkipReason)
  process.exit(1)
}

const mbox = path.resolve(import.meta.dirname, '../test/fixtures/importers/email/httpd-users-200606-part.mbox')
const samples: Buffer[] = []
for await (const raw of splitMbox(mbox, 50 * 1024 * 1024, { bytesRead: 0, bytesTotal: 0 })) if ('bytes' in raw) samples.push(raw.bytes)

const dovecot = await startDovecot()
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-bench-imap-'))
try {
  let bytes = 0
  for (let i = 0; i < total; i++) {
    const text = samples[i % samples.length].toString('latin1')
    const message = Buffer.from(text.replace(/^Message-ID:.*$/im, `Message-ID: <bench-${i}@signalbox.test>`), 'latin1')
    bytes += message.length
    dovecot.deliver('INBOX', message)
  }
  console.log(`delivered ${total} messages (${(bytes / 1048576).toFixed(1)} MiB) to Dovecot on 127.0.0.1:${dovecot.port}`)

  const config = loadConfig({ ...process.env, SIGNALBOX_DATA_DIR: path.join(workDir, 'data'), LOG_LEVEL: 'warn', DATABASE_URL: undefined })
  const log = createLogger('warn')
  const database = await openDatabase(config, log)
  const ctx = { database, config, log, workspaceId: await ensureDefaultWorkspace({ database }), actor: { kind: 'system' } as const }
  const settings = {
    host: dovecot.host,
    port: dovecot.port,
    tls: false,
    user: dovecot.user,
    password: dovecot.password,
    folders: ['INBOX'],
    pollSeconds: 120,
  }
  const { id } = await createConnectedSource(ctx, { connector: 'imap', settings })
  const { source, secrets } = await loadConnectedSource(ctx, id)

  const started = performance.now()
  let lastPrinted = 0
  const counters = await syncImapMailbox(ctx, source, secrets, {
    batchSize: 500,
    onProgress: (c) => {
      if (c.fetched - lastPrinted < 2000) return
      lastPrinted = c.fetched
      const seconds = (performance.now() - started) / 1000
      console.log(`  ${c.fetched}/${total} fetched, ${c.stored} stored, ${(c.fetched / seconds).toFixed(0)} msgs/s`)
    },
  })
  const seconds = (performance.now() - started) / 1000
  console.log(`first sync: fetched ${counters.fetched}, stored ${counters.stored}, skipped ${counters.skipped}, errors ${counters.errors}`)
  await database.close()
  console.log(`bench:imap messages=${counters.stored} seconds=${seconds.toFixed(2)} msgs_per_s=${(counters.stored / seconds).toFixed(0)}`)
} finally {
  await dovecot.stop()
  fs.rmSync(workDir, { recursive: true, force: true })
}
