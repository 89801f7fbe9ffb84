// npm run bench:ingest [-- --messages N]: generates a full-account Telegram Desktop export (200 chats, 500
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
import { seededRandom } from '../src/lib/seeded-random.js'
import { measureRawInserts } from './raw-insert-baseline.js'

const chatCount = 200
const authorCount = 500

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`)
  if (index === -1) return fallback
  const value = Number(process.argv[index + 1])
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer`)
  return value
}


const vocabulary = (
  'the deploy is broken again after merge we need to roll back staging prod database migration failed ' +
  'customer asked about invoice refund please check ticket tomorrow meeting at noon can you review my pull ' +
  'request thanks looks good to me ship it latency spike on the api gateway memory leak in worker queue backlog ' +
  'postgres index vacuum replica lag grafana alert pager duty on call handover release notes changelog budget ' +
  'roadmap quarter planning design doc feedback typo fixed hotfix kubernetes pod restart config map secret rotate'
).split(' ')

/** Word counts with a long tail: most chat lines are short, a few are paragraphs. */
function sentence(rand: () => number): string {
  const r = rand()
  const words = r < 0.7 ? 3 + Math.floor(rand() * 25) : r < 0.95 ? 30 + Math.floor(rand() * 90) : 120 + Math.floor(rand() * 280)
  const out: string[] = []
  for (let i = 0; i < words; i++) out.push(vocabulary[Math.floor(rand() * vocabulary.length)])
  return out.join(' ')
}

function generateExport(file: string, total: number) {
  const rand = seededRandom(42)
  const fd = fs.openSync(file, 'w')
  const write = (text: string) => fs.writeSync(fd, text)
  write('{\n "about": "Here is the data you requested.",\n "personal_information": {"user_id": 1000001, "first_name": "Bench"},\n')
  write(' "chats": {\n  "about": "This page lists all chats from this export.",\n  "list": [\n')
  let messageId = 1
  let start = Date.UTC(2024, 0, 1) / 1000
  for (let chat = 0; chat < chatCount; chat++) {
    const count = Math.floor(total / chatCount) + (chat < total % chatCount ? 1 : 0)
    const chatId = 4000000000 + chat
    const members = Array.from({ length: 2 + Math.floor(rand() * 40) }, () => 1 + Math.floor(rand() * authorCount))
    write(`${chat ? ',\n' : ''}   {\n    "name": "Team room ${chat}",\n    "type": "private_supergroup",\n    "id": ${chatId},\n    "messages": [\n`)
    const firstInChat = messageId
    for (let i = 0; i < count; i++, messageId++) {
      start += 1 + Math.floor(rand() * 120)
      const author = members[Math.floor(rand() * members.length)]
      const date = new Date(start * 1000).toISOString().slice(0, 19)
      const message: Record<string, unknown> = { id: messageId, type: 'message', date, date_unixtime: String(start) }
      const kind = rand()
      if (kind < 0.02) {
        Object.assign(message, { type: 'service', actor: `Person ${author}`, actor_id: `user${author}`, action: 'invite_members', members: [`Person ${members[0]}`], text: '', text_entities: [] })
      } else {
        Object.assign(message, { from: `Person ${author}`, from_id: `user${author}` })
        if (rand() < 0.05) Object.assign(message, { edited: date, edited_unixtime: String(start + 60) })
        if (i > 0 && rand() < 0.15) message.reply_to_message_id = firstInChat + Math.floor(rand() * i)
        const text = sentence(rand)
        if (rand() < 0.1) {
          message.text = [{ type: 'mention', text: `@person${author}` }, ` ${text} `, { type: 'link', text: 'https://example.com/x' }]
        } else message.text = text
        if (rand() < 0.03) Object.assign(message, { photo: `photos/photo_${messageId}.jpg`, width: 1280, height: 720, photo_file_size: 123456 })
      }
      write(`${i ? ',\n' : ''}     ${JSON.stringify(message)}`)
    }
    write('\n    ]\n   }')
  }
  write('\n  ]\n }\n}\n')
  fs.closeSync(fd)
}

const total = argument('messages', 100_000)
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-bench-'))
const exportFile = path.join(workDir, 'result.json')
generateExport(exportFile, total)
console.log(`generated ${total} messages in ${chatCount} chats: ${(fs.statSync(exportFile).size / 1048576).toFixed(1)} MiB`)

const config = loadConfig({ ...process.env, SIGNALBOX_DATA_DIR: path.join(workDir, 'data'), LOG_LEVEL: 'warn', DATABASE_URL: undefined })
const log = createLogger('warn')
const database = await openDatabase(config, log)
const workspaceId = await ensureDefaultWorkspace(database)

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
  const summary = await runImport(
    { database, config, log, workspaceId, actor: { kind: 'system' } },
    { kind: 'telegram', path: exportFile },
  )
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
