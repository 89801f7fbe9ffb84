// The judged query set on real archives (eval/judged/real-archives.json): imports the archives from
// ../shared/fixtures through the real importers into an in-memory PGlite, indexes them as the index job does,
// runs every query through search as a user would (default: hybrid mode of the configured search, which without
// an embedding model is full text + trigram), and prints how many of the top 5 are relevant, nDCG@10 and
// Recall@10. The last line is machine-readable.
//   npm run eval:judged [-- --fixtures DIR] [--embedder none|local] [--mode hybrid|fulltext|vector] [--verbose]
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../src/config.js'
import { migrateDatabase, openPglite } from '../src/db/client.js'
import { runAutovacuumChores } from '../src/db/maintenance.js'
import { createLogger } from '../src/lib/logger.js'
import type { ServiceContext } from '../src/lib/context.js'
import { ensureDefaultWorkspace } from '../src/modules/workspaces/index.js'
import { runImport, type ImportKind } from '../src/modules/importers/index.js'
import { embedAllPending, indexMessages } from '../src/modules/pipeline/index.js'
import { rankMessagesWithRankers, type SearchMode } from '../src/modules/search/index.js'
import { ndcgAt, recallAt } from './ranking-metrics.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

type JudgedSet = {
  archives: Array<{ name: string; kind: ImportKind; path: string }>
  queries: Array<{ archive: string; query: string; relevant: string[] }>
}

function parseArgs(argv: string[]) {
  const args = { fixtures: path.resolve(root, '../shared/fixtures'), embedder: 'none', mode: 'hybrid' as SearchMode, verbose: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--fixtures') args.fixtures = path.resolve(argv[++i])
    else if (a === '--embedder') args.embedder = argv[++i]
    else if (a === '--mode') args.mode = argv[++i] as SearchMode
    else if (a === '--verbose') args.verbose = true
    else throw new Error(`unknown argument ${a}`)
  }
  return args
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const judged = JSON.parse(fs.readFileSync(path.join(root, 'eval/judged/real-archives.json'), 'utf8')) as JudgedSet
  const config = loadConfig({ SIGNALBOX_DATA_DIR: '/tmp/signalbox-eval-unused', LOG_LEVEL: 'silent', SIGNALBOX_EMBEDDER: args.embedder })
  const database = await openPglite()
  await migrateDatabase(database)
  const workspaceId = await ensureDefaultWorkspace({ database })
  const ctx: ServiceContext = { database, workspaceId, actor: { kind: 'system' }, log: createLogger('silent'), config }
  for (const archive of judged.archives) {
    const file = path.join(args.fixtures, archive.path)
    if (!fs.existsSync(file)) throw new Error(`${file} not found: pass --fixtures DIR (a copy of ../shared/fixtures)`)
    const summary = await runImport(ctx, { kind: archive.kind, path: file })
    console.log(`imported ${archive.name}: ${summary.created} messages`)
  }
  const ids = await database.query<{ id: string; external_id: string }>('SELECT id, external_id FROM messages')
  await indexMessages(
    ctx,
    ids.map((r) => r.id),
  )
  await embedAllPending(ctx)
  await runAutovacuumChores(database)
  const externalIdOf = new Map(ids.map((r) => [r.id, r.external_id]))
  const known = new Set(ids.map((r) => r.external_id))

  let relevantInTopFive = 0
  let ndcg = 0
  let recall = 0
  const rankers = new Set<string>()
  const byArchive = new Map<string, { queries: number; topFive: number }>()
  for (const q of judged.queries) {
    const missing = q.relevant.filter((id) => !known.has(id))
    if (missing.length) throw new Error(`judged ids not in the archives for "${q.query}": ${missing.join(', ')}`)
    const { ranked, rankers: used } = await rankMessagesWithRankers(ctx, { q: q.query, mode: args.mode, depth: 10 })
    used.forEach((r) => rankers.add(r))
    const run = ranked.map((r) => externalIdOf.get(r.messageId)!)
    const relevant = new Map(q.relevant.map((id) => [id, 1]))
    const hits = run.slice(0, 5).filter((id) => relevant.has(id)).length
    relevantInTopFive += hits
    ndcg += ndcgAt(run, relevant, 10)
    recall += recallAt(run, relevant, 10)
    const entry = byArchive.get(q.archive) ?? { queries: 0, topFive: 0 }
    byArchive.set(q.archive, { queries: entry.queries + 1, topFive: entry.topFive + hits })
    if (args.verbose || hits === 0) console.log(`  ${hits}/5 relevant  "${q.query}" (${q.archive})`)
  }
  const n = judged.queries.length
  for (const [archive, e] of byArchive) console.log(`${archive}: ${e.topFive} of ${e.queries * 5} top-5 results relevant`)
  await database.close()
  console.log(
    `eval:judged queries=${n} mode=${args.mode} embedder=${args.embedder} top5_relevant=${relevantInTopFive}/${n * 5} ndcg10=${(ndcg / n).toFixed(3)} recall10=${(recall / n).toFixed(3)} rankers=${[...rankers].join('+')}`,
  )
}

await main()
