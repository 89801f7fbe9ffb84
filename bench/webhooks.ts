// npm run bench:webhooks [-- --updates N --rate R]: N Telegram updates (group messages across 50 chats and 200
// authors, 5% edits of earlier messages, 2% re-sent update_ids as Telegram does after a timeout) are POSTed to the
// real webhook endpoint of a real server at a fixed rate, on the embedded database (PGlite in a temp data dir).
// Phase 1 measures the acknowledgements (verify + store-first); phase 2 times the delivery processor turning the
// stored backlog into messages. Then it checks that no update was lost and none stored twice.
// The last line is machine-readable.
import fs from 'node:fs'
import { spawn } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config.js'
import { openDatabase } from '../src/db/open.js'
import { buildApp } from '../src/app.js'
import { createLogger } from '../src/lib/logger.js'
import { seededRandom } from '../src/lib/seeded-random.js'
import { ensureDefaultWorkspace } from '../src/modules/workspaces/index.js'
import { createConnectedSource } from '../src/modules/sources/service.js'
import { processDueDeliveries } from '../src/modules/webhooks/index.js'
import { startFakeBotApi } from '../test/fakes/telegram-bot-api.js'

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`)
  if (index === -1) return fallback
  const value = Number(process.argv[index + 1])
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`)
  return value
}

const total = argument('updates', 20_000)
const rate = argument('rate', 500)
const words = 'deploy broken staging rollback invoice refund review merge latency alert queue backlog release hotfix budget roadmap'.split(
  ' ',
)

function makeUpdates() {
  const rand = seededRandom(7)
  const updates: Array<Record<string, any>> = []
  const sent: Array<{ chatId: number; messageId: number }> = []
  let nextMessageId = 1
  for (let i = 0; i < total; i++) {
    const r = rand()
    if (r < 0.02 && updates.length > 0) {
      updates.push(updates[Math.floor(rand() * updates.length)]) // a re-sent delivery: same update_id
      continue
    }
    const text = Array.from({ length: 4 + Math.floor(rand() * 30) }, () => words[Math.floor(rand() * words.length)]).join(' ')
    const from = { id: 100_000 + Math.floor(rand() * 200), is_bot: false, first_name: 'Member', language_code: 'en' }
    if (r < 0.07 && sent.length > 0) {
      const target = sent[Math.floor(rand() * sent.length)]
      updates.push({
        update_id: 1_000_000 + i,
        edited_message: {
          message_id: target.messageId,
          from,
          chat: { id: target.chatId, title: 'Team', type: 'supergroup' },
          date: 1_700_000_000,
          edit_date: 1_700_000_100 + i,
          text: `${text} (edited)`,
        },
      })
      continue
    }
    const chatId = -1_001_000_000_000 - Math.floor(rand() * 50)
    const message = {
      message_id: nextMessageId++,
      from,
      chat: { id: chatId, title: 'Team', type: 'supergroup' },
      date: 1_700_000_000 + i,
      text,
    }
    sent.push({ chatId, messageId: message.message_id })
    updates.push({ update_id: 1_000_000 + i, message })
  }
  return { updates, distinctMessages: sent.length, distinctUpdates: new Set(updates.map((u) => u.update_id)).size }
}

function runLoadGenerator(args: string[]): Promise<{ latencies: number[]; failures: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(import.meta.dirname, 'webhook-load.mjs'), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited with ${code}`))))
  })
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-bench-webhooks-'))
  const fake = await startFakeBotApi()
  const config = loadConfig({
    ...process.env,
    SIGNALBOX_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SIGNALBOX_PUBLIC_URL: 'http://127.0.0.1:9',
    SIGNALBOX_SECRET_KEY: '0'.repeat(64),
  })
  const log = createLogger('silent')
  const database = await openDatabase(config, log)
  try {
    const workspaceId = await ensureDefaultWorkspace({ database })
    const app = await buildApp({ database, config, log, defaultWorkspaceId: workspaceId })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address() as { port: number }
    const ctx = { database, config, log, workspaceId, actor: { kind: 'system' as const } }
    const source = await createConnectedSource(ctx, {
      connector: 'telegram',
      settings: { botToken: fake.token, apiRoot: fake.url, mode: 'webhook' },
    })
    const secret = fake.webhook!.secret_token!
    const url = `http://127.0.0.1:${address.port}/webhooks/telegram/${source.id}`
    const { updates, distinctMessages, distinctUpdates } = makeUpdates()

    // Phase 1: a fixed offered rate, from a separate process (bench/webhook-load.mjs).
    const bodiesFile = path.join(dataDir, 'updates.jsonl')
    fs.writeFileSync(bodiesFile, updates.map((u) => JSON.stringify(u)).join('\n'))
    const load = await runLoadGenerator([url, secret, String(rate), bodiesFile])
    const postSeconds = load.seconds
    const failures = load.failures
    const sorted = [...load.latencies].sort((a, b) => a - b)

    // Phase 2: the processor drains the stored backlog.
    const processStarted = performance.now()
    let processed = 0
    for (;;) {
      const n = await processDueDeliveries({ database, config, log }, { limit: 1000 })
      if (n === 0) break
      processed += n
      if (processed % 5000 < n) process.stderr.write(`processed ${processed}\n`)
    }
    const processSeconds = (performance.now() - processStarted) / 1000

    const [deliveries] = await database.query<{ n: number; dead: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE status <> 'processed')::int AS dead FROM webhook_deliveries WHERE source_id = $1`,
      [source.id],
    )
    const [stored] = await database.query<{ n: number; keys: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS keys FROM messages WHERE source_id = $1`,
      [source.id],
    )
    const lost = Math.max(0, distinctMessages - stored.keys) + Math.max(0, distinctUpdates - deliveries.n) + deliveries.dead + failures
    const duplicated = stored.n - stored.keys + Math.max(0, deliveries.n - distinctUpdates)
    await app.close()
    process.stdout.write(
      `offered ${rate}/s for ${postSeconds.toFixed(1)} s; ack p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, ` +
        `max ${sorted[sorted.length - 1].toFixed(1)} ms; ${total - distinctUpdates} re-sent updates; processed ${processed} deliveries in ${processSeconds.toFixed(1)} s into ${stored.n} messages\n`,
    )
    process.stdout.write(
      `bench:webhooks deliveries=${total} ack_p95_ms=${percentile(sorted, 95).toFixed(1)} accepted_per_s=${Math.round(total / postSeconds)} ` +
        `processed_per_s=${Math.round(processed / processSeconds)} lost=${lost} duplicated=${duplicated}\n`,
    )
  } finally {
    await database.close()
    await fake.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
