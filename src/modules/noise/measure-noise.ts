// Measures noise scoring on the real samples: class distribution and speed of the pure rules over the Telegram
// exports (../shared/fixtures/telegram_export/tgif) and the Slack test archive, then the whole path (load, score,
// write) on an in-memory PGlite. Not a test: figures for docs/noise-topics.md.
//   npx tsx src/modules/noise/measure-noise.ts [--fixtures DIR]
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { scoreNoiseFeatures } from './score.js'
import { scoreMessages } from './service.js'
import { migrateDatabase, openPglite } from '../../db/client.js'
import { ensureDefaultWorkspace } from '../workspaces/index.js'
import { ingestMessages } from '../messages/index.js'
import { loadConfig } from '../../config.js'
import { createLogger } from '../../lib/logger.js'

const at = process.argv.indexOf('--fixtures')
const fixtures = at > 0 ? process.argv[at + 1] : '../shared/fixtures'

type Sample = { id: string; chat: string; content: string; isBot: boolean; service: boolean; author: string; sentAt: string }

function telegramText(text: unknown): string {
  if (typeof text === 'string') return text
  if (Array.isArray(text)) return text.map((part) => (typeof part === 'string' ? part : (part?.text ?? ''))).join('')
  return ''
}

function loadSamples(): Sample[] {
  const samples: Sample[] = []
  const tgif = join(fixtures, 'telegram_export/tgif')
  for (const chat of existsSync(tgif) ? readdirSync(tgif) : []) {
    const file = join(tgif, chat, 'exported.json')
    if (!existsSync(file)) continue
    const exported = JSON.parse(readFileSync(file, 'utf8'))
    for (const m of exported.messages ?? []) {
      samples.push({
        id: `tg-${chat}-${m.id}`,
        chat,
        content: telegramText(m.text),
        isBot: Boolean(m.via_bot),
        service: m.type === 'service',
        author: m.from ?? m.actor ?? 'unknown',
        sentAt: new Date(m.date ? `${m.date}Z` : Date.now()).toISOString(),
      })
    }
  }
  const slack = join(fixtures, 'slack/slack_export_viewer_testarchive/extracted')
  for (const channel of existsSync(slack) ? readdirSync(slack) : []) {
    const dir = join(slack, channel)
    if (channel.endsWith('.json')) continue
    for (const day of readdirSync(dir)) {
      for (const m of JSON.parse(readFileSync(join(dir, day), 'utf8'))) {
        samples.push({
          id: `slack-${channel}-${m.ts}`,
          chat: `slack-${channel}`,
          content: m.text ?? '',
          isBot: m.subtype === 'bot_message',
          service: ['channel_join', 'bot_add', 'channel_purpose', 'channel_topic'].includes(m.subtype),
          author: m.user ?? m.username ?? 'bot',
          sentAt: new Date(Number(m.ts) * 1000).toISOString(),
        })
      }
    }
  }
  return samples
}

const samples = loadSamples()
const counts: Record<string, number> = {}
const started = performance.now()
for (const s of samples) {
  const score = scoreNoiseFeatures({ content: s.content, isBot: s.isBot, service: s.service })
  counts[score.noiseClassification] = (counts[score.noiseClassification] ?? 0) + 1
}
const pureMs = performance.now() - started
const share = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, `${v} (${((100 * v) / samples.length).toFixed(1)}%)`]))
console.log(`rules: ${samples.length} messages in ${pureMs.toFixed(1)} ms (${((samples.length / pureMs) * 1000).toFixed(0)} msg/s)`, share)

// The whole path on PGlite: ingest, then score every message the way the job does.
const database = await openPglite()
await migrateDatabase(database)
const workspaceId = await ensureDefaultWorkspace({ database })
const log = createLogger('silent')
const ctx = { database, workspaceId, actor: { kind: 'system' as const }, log, config: loadConfig({ LOG_LEVEL: 'silent' }) }
const result = await ingestMessages(ctx, {
  source: { type: 'api', name: 'measure' },
  messages: samples.map((s) => ({
    externalId: s.id,
    conversation: { externalId: s.chat },
    author: { externalId: s.author, displayName: s.author, isBot: s.isBot },
    sentAt: s.sentAt,
    content: s.content,
    contentKind: s.service ? 'service' : 'text',
  })),
})
const ids = result.changedMessageIds
const dbStarted = performance.now()
const scored = await scoreMessages(ctx, { messageIds: ids })
const dbMs = performance.now() - dbStarted
console.log(
  `job path on PGlite: ${scored.scored} messages in ${dbMs.toFixed(0)} ms (${((scored.scored / dbMs) * 1000).toFixed(0)} msg/s)`,
  scored.byClassification,
)
await database.close()
