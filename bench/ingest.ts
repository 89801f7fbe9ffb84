// npm run bench:ingest [-- --messages N] [--via-server]: generates a full-account Telegram Desktop export (200 chats, 500
// authors, replies, edits, entities, service messages, media) and imports it through the real importer into a
// fresh embedded PGlite in a temp data dir. Prints throughput and peak RSS; the last line is machine-readable.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config.js'
import { openDatabase } from '../src/db/open.js'
import { createLogger } from '../src/lib/logger.js'
import { ensureDefaultWorkspace } from '../src/modules/workspaces/index.js'
import { runImport } from '../src/modules/importers/index.js'
import { Session } from 'node:inspector/promises'
import { generateExport } from './telegram-export-generator.js'
import { measureRawInserts } from './raw-insert-baseline.js'
import { positiveIntArgument } from './arguments.js'

const total = positiveIntArgument('messages', 100_000)
if (process.argv.includes('--via-server')) {
  // The CLI path and the upload path through a running server on the same export (bench/ingest-via-server.ts).
  const { benchViaServer } = await import('./ingest-via-server.js')
  await benchViaServer(total)
  process.exit(0)
}
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-bench-'))
const exportFile = path.join(workDir, 'result.json')
generateExport(exportFile, total)
console.log(`generated ${total} messages in 200 chats: ${(fs.statSync(exportFile).size / 1048576).toFixed(1)} MiB`)

const config = loadConfig({ ...process.env, SIGNALBOX_DATA_DIR: path.join(workDir, 'data'), LOG_LEVEL: 'warn', DATABASE_URL: undefined })
const log = createLogger('warn')
const database = await openDatabase(config, log)
const workspaceId = await ensureDefaultWorkspace({ database })

// --cpu-profile FILE: a V8 profile of the import alone (open in Chrome DevTools) — how the hot spots were found.
const profileIndex = process.argv.indexOf('--cpu-profile')
const profileFile = profileIndex === -1 ? undefined : process.argv[profileIndex + 1]
const session = profileFile ? new Session() : undefined
if (session) {
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
}
const cpuBefore = process.cpuUsage()

let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50)
try {
  const summary = await runImport({ database, config, log, workspaceId, actor: { kind: 'system' } }, { kind: 'telegram', path: exportFile })
  clearInterval(sampler)
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
  const cpu = process.cpuUsage(cpuBefore)
  if (session) {
    const { profile } = await session.post('Profiler.stop')
    fs.writeFileSync(profileFile!, JSON.stringify(profile))
  }
  const [{ n }] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM messages')
  if (n !== total || summary.failed > 0) throw new Error(`expected ${total} stored messages, found ${n} (${summary.failed} failed)`)
  const rate = total / summary.seconds
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  // CPU time beside wall time: on a shared machine the wall clock also measures the neighbours.
  console.log(
    `stored ${n} messages in ${summary.seconds.toFixed(2)} s (${cpuSeconds.toFixed(2)} s CPU): ${Math.round(rate)} messages/s, peak RSS ${Math.round(peakRss / 1048576)} MiB`,
  )
  // The floor: the same rows by plain multi-row INSERTs into a fresh database of the same kind (raw-insert-baseline.ts).
  const raw = await measureRawInserts(database, config, path.join(workDir, 'raw-data'))
  console.log(`raw multi-row INSERT of the same ${raw.rows} rows: ${Math.round(raw.rowsPerSecond)} rows/s`)
  console.log(
    `bench:ingest messages=${total} seconds=${summary.seconds.toFixed(2)} msgs_per_s=${Math.round(rate)} peak_rss_mb=${Math.round(peakRss / 1048576)} raw_rows_per_s=${Math.round(raw.rowsPerSecond)} ratio=${(rate / raw.rowsPerSecond).toFixed(2)}`,
  )
} finally {
  clearInterval(sampler)
  await database.close()
  fs.rmSync(workDir, { recursive: true, force: true })
}
