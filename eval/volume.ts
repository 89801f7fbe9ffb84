// npm run eval:volume [-- --data PATH ...]
// How many proposals an analysis run puts in front of a reviewer on real archives: each archive is imported
// through the real importer into a fresh embedded database and analysed by a real run (local analyser, no key).
// Target (issue 20): at most one proposal per 25 analysed messages. Defaults read ../shared/fixtures: the 14
// tgif Telegram chats, the slack-export-viewer test archive and two Apache mailing-list archives.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config.js'
import { openDatabase } from '../src/db/open.js'
import { createLogger } from '../src/lib/logger.js'
import type { ServiceContext } from '../src/lib/context.js'
import '../src/modules/providers.js'
import { ensureDefaultWorkspace } from '../src/modules/workspaces/index.js'
import { runImport } from '../src/modules/importers/index.js'
import { createRun, executeRun, listProposals } from '../src/modules/analysis/index.js'

type Archive = { name: string; kind: 'telegram' | 'slack' | 'email'; paths: string[] }

const fixtures = path.resolve(import.meta.dirname, '../../shared/fixtures')
const defaults: Archive[] = [
  {
    name: 'telegram:tgif (14 chats)',
    kind: 'telegram',
    paths: fs.existsSync(path.join(fixtures, 'telegram_export/tgif'))
      ? fs
          .readdirSync(path.join(fixtures, 'telegram_export/tgif'))
          .map((chat) => path.join(fixtures, 'telegram_export/tgif', chat, 'exported.json'))
          .filter((file) => fs.existsSync(file))
      : [],
  },
  {
    name: 'slack:slack-export-viewer testarchive',
    kind: 'slack',
    paths: [path.join(fixtures, 'slack/slack_export_viewer_testarchive/extracted')],
  },
  {
    name: 'mbox:httpd-users-2020-07 + asterix-dev-201709',
    kind: 'email',
    paths: ['httpd-users-2020-07.mbox', 'asterix-dev-201709-mailarchivesao.mbox'].map((f) =>
      path.join(fixtures, 'email/apache_mailing_list_mbox', f),
    ),
  },
]

function archivesFromArgs(argv: string[]): Archive[] {
  const paths = argv.flatMap((arg, i) => (argv[i - 1] === '--data' ? [path.resolve(arg)] : []))
  if (paths.length === 0) return defaults
  return paths.map((p) => {
    const kind = p.endsWith('.mbox') ? 'email' : p.endsWith('.json') ? 'telegram' : 'slack'
    return { name: `${kind}:${path.basename(p)}`, kind, paths: [p] }
  })
}

async function measure(archive: Archive) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-volume-'))
  const config = loadConfig({ ...process.env, SIGNALBOX_DATA_DIR: path.join(workDir, 'data'), LOG_LEVEL: 'warn', DATABASE_URL: undefined })
  const log = createLogger('warn')
  const database = await openDatabase(config, log)
  try {
    const workspaceId = await ensureDefaultWorkspace({ database })
    const ctx: ServiceContext = { database, config, log, workspaceId, actor: { kind: 'system' } }
    let imported = 0
    for (const p of archive.paths) imported += (await runImport(ctx, { kind: archive.kind, path: p })).created
    const started = performance.now()
    // --no-budget: what the analyser proposes before the run's volume budget holds the least confident back.
    const budget = process.argv.includes('--no-budget') ? { proposalsPer25Messages: null } : {}
    const created = await createRun(ctx, { from: '1990-01-01T00:00:00Z', to: new Date().toISOString(), ...budget }, 'manual')
    const run = await executeRun(ctx, created.id)
    const seconds = (performance.now() - started) / 1000
    // What waits for review: the pending proposals (held ones are over the budget and not put in front of anyone).
    const proposals = await listProposals(ctx, { runId: run.id, status: 'pending', sort: 'confidence', limit: 500, offset: 0 })
    const tasks = proposals.items.filter((p) => p.kind === 'task').length
    if (process.argv.includes('--verbose'))
      for (const p of proposals.items)
        console.log(
          `  ${p.kind === 'atom' ? `atom:${p.atomType}` : 'task'} ${p.confidence.toFixed(2)} ${p.title}\n      why: ${p.reasoning ?? ''}`,
        )
    const analysed = run.counters.messagesAfterPrefilter
    const surfaced = run.counters.proposalsPending
    const per25 = analysed ? (25 * surfaced) / analysed : 0
    console.log(
      `${archive.name}: ${imported} imported, ${run.counters.messagesInWindow} in window, ${analysed} analysed, ` +
        `${surfaced} proposals (${tasks} tasks, ${surfaced - tasks} atoms), ${run.suppression.heldOverBudget ?? 0} held over the budget, ` +
        `${per25.toFixed(2)} per 25 analysed messages, ${run.suppression.total} suppressed, ${seconds.toFixed(1)} s`,
    )
    return { analysed, proposals: surfaced }
  } finally {
    await database.close()
    fs.rmSync(workDir, { recursive: true, force: true })
  }
}

const archives = archivesFromArgs(process.argv.slice(2)).filter((a) => a.paths.length > 0 && a.paths.every((p) => fs.existsSync(p)))
if (archives.length === 0)
  throw new Error('No archive found: pass --data PATH (a Telegram export .json, a Slack export folder or an .mbox)')
let analysed = 0
let proposals = 0
for (const archive of archives) {
  const result = await measure(archive)
  analysed += result.analysed
  proposals += result.proposals
}
console.log(
  `eval:volume archives=${archives.length} analysed_messages=${analysed} proposals=${proposals} proposals_per_25_msgs=${((25 * proposals) / Math.max(1, analysed)).toFixed(2)}`,
)
