// npm run bench:sync [-- --messages N] [--interrupt]: a Chatwoot backfill of N messages (default 50,000: 1,000
// conversations of 50) from the fake Chatwoot (test/fakes/chatwoot-api.ts, real payload shapes, message pages of
// 20–100 depending on the conversation) over HTTP on 127.0.0.1 into a fresh embedded database. Indexing is not
// run here (it runs behind the store, in the workers). --interrupt cuts the connection halfway and resumes from
// the watermarks. Checks every message is stored exactly once; the last line is machine-readable.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import '../src/modules/providers.js'
import { loadConfig } from '../src/config.js'
import { openDatabase } from '../src/db/open.js'
import { createLogger } from '../src/lib/logger.js'
import type { ServiceContext } from '../src/lib/context.js'
import { ensureDefaultWorkspace } from '../src/modules/workspaces/index.js'
import { loadConnectedSource } from '../src/modules/sources/index.js'
import { createConnectedSource } from '../src/modules/sources/service.js'
import { syncChatwoot } from '../src/modules/connectors/chatwoot/sync.js'
import { fork, type ChildProcess } from 'node:child_process'
import { positiveIntArgument } from './arguments.js'

const total = positiveIntArgument('messages', 50_000)
const perConversation = 50
// The fake runs in its own process (bench/chatwoot-fake-process.ts): its CPU is not counted as ours.
const child: ChildProcess = fork(
  path.join(import.meta.dirname, 'chatwoot-fake-process.ts'),
  [String(Math.ceil(total / perConversation)), String(perConversation)],
  {
    execArgv: ['--import', 'tsx'],
  },
)
// A failure here must not leave the fake running (it would hold the terminal open with no output).
process.on('exit', () => child.kill())
process.on('uncaughtException', (error) => {
  console.error(error)
  process.exit(1)
})
const nextMessage = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)))
const fake = await nextMessage<{ url: string; token: string; accountId: number; conversations: number; expected: number }>()
const expected = fake.expected
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-bench-sync-'))
const config = loadConfig({ ...process.env, SIGNALBOX_DATA_DIR: path.join(workDir, 'data'), LOG_LEVEL: 'warn', DATABASE_URL: undefined })
const log = createLogger('warn')
const database = await openDatabase(config, log)
const ctx: ServiceContext = { database, config, log, workspaceId: await ensureDefaultWorkspace({ database }), actor: { kind: 'system' } }
const view = await createConnectedSource(ctx, {
  connector: 'chatwoot',
  settings: { baseUrl: fake.url, accountId: fake.accountId, apiAccessToken: fake.token },
})
const { source, secrets } = await loadConnectedSource(ctx, view.id)

let lastPrinted = 0
const progress = (c: { stored: number }) => {
  if (c.stored - lastPrinted < 10_000) return
  lastPrinted = c.stored
  console.log(`  stored ${c.stored} of ${expected} messages (${((performance.now() - started) / 1000).toFixed(1)} s)`)
}
const started = performance.now()
const cpuBefore = process.cpuUsage()
if (process.argv.includes('--interrupt')) {
  // Roughly half the requests of a full pass (one per message page, one per 25 conversations).
  child.send({ dropAfter: Math.floor(fake.conversations * 0.9) })
  await syncChatwoot(ctx, source, secrets, { onProgress: progress }).then(
    () => console.log('  (the cut came after the end)'),
    (error: Error) => console.log(`  cut off: ${error.message}; resuming from the watermarks`),
  )
  child.send({ dropAfter: null })
}
await syncChatwoot(ctx, source, secrets, { onProgress: progress })
const seconds = (performance.now() - started) / 1000
const cpu = process.cpuUsage(cpuBefore)
const cpuSeconds = (cpu.user + cpu.system) / 1e6

const [counts] = await database.query<{ stored: number; distinct: number; cw: number }>(
  `SELECT count(*)::int AS stored, count(DISTINCT external_id)::int AS distinct,
     (SELECT count(*)::int FROM cw_messages WHERE source_id = $1) AS cw FROM messages WHERE source_id = $1`,
  [source.id],
)
child.send({ stats: true })
const { requests } = await nextMessage<{ requests: number }>()
console.log(`fake Chatwoot: ${fake.conversations} conversations, ${expected} messages, ${requests} requests`)
console.log(
  `cpu: ${cpuSeconds.toFixed(2)} s of this process (connector and embedded database) = ${Math.round(counts.stored / cpuSeconds)} messages per CPU second; load average ${os.loadavg()[0].toFixed(1)}`,
)
console.log(`stored: ${counts.stored} messages (${counts.distinct} distinct), ${counts.cw} cw_messages`)
if (counts.stored !== expected || counts.distinct !== expected || counts.cw !== expected) {
  console.error(`MISMATCH: expected ${expected} of each`)
  process.exitCode = 1
}
child.send({ close: true })
await database.close()
fs.rmSync(workDir, { recursive: true, force: true })
console.log(
  `bench:sync service=chatwoot messages=${counts.stored} seconds=${seconds.toFixed(2)} msgs_per_s=${Math.round(counts.stored / seconds)}`,
)
