// Retrieval evaluation on a BEIR-format set (corpus.jsonl, queries.jsonl, qrels/{dev,train,test}.tsv).
// Indexes the corpus through the real pipeline (messages -> chunks -> BM25 stats [+ local embeddings]) in an
// in-memory PGlite, runs every query of the split, and prints nDCG@10 and Recall@100 for plain BM25, the
// ts_rank baseline, full text (BM25, with trigram matching of unknown words), the vector model (with
// `--embedder local`) and hybrid: what search answers in that configuration (full text alone without a model).
// `--tune` measures BM25 variants in memory (eval/lexical-tuning.ts: k1/b, document length, a title field,
// proximity, RM3 feedback, whole messages; with vectors also the fusion) on the dev split (train.tsv when there is
// no dev.tsv); report the test split.
//   npm run eval:retrieval [-- --data DIR] [--split test|dev] [--tune] [--queries N] [--embedder none|local] [--bm25 K1,B]
//                          [--analysers]  (with --tune: stemmers, stop lists, compounds; eval/analyser-tuning.ts)
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../src/config.js'
import { migrateDatabase, openPglite } from '../src/db/client.js'
import { createLogger } from '../src/lib/logger.js'
import type { ServiceContext } from '../src/lib/context.js'
import { ensureDefaultWorkspace } from '../src/modules/workspaces/index.js'
import { createLocalEmbedder, type Embedder } from '../src/modules/pipeline/index.js'
import {
  rankChunksFulltext,
  rankMessages,
  rankMessagesWithRankers,
  reciprocalRankFusion,
  type Bm25Parameters,
} from '../src/modules/search/index.js'
import { loadLexicalIndex, tuneLexical } from './lexical-tuning.js'
import { compareAnalysers } from './analyser-tuning.js'
import { ndcgAt, recallAt } from './ranking-metrics.js'
import { indexBeirCorpus, readJsonl, readQrels, type Qrels } from './beir-corpus.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const defaultData = path.resolve(root, '../shared/eval/ir_benchmark/scifact/beir_format_derived')

type Run = Map<string, string[]>

function parseArgs(argv: string[]) {
  const args = {
    data: defaultData,
    split: 'test',
    tune: false,
    analysers: false,
    queries: 0,
    embedder: 'none' as 'none' | 'local',
    bm25: undefined as Bm25Parameters | undefined,
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--data') args.data = path.resolve(argv[++i])
    else if (a === '--split') args.split = argv[++i]
    else if (a === '--tune') args.tune = true
    else if (a === '--analysers') args.analysers = args.tune = true
    else if (a === '--queries') args.queries = Number(argv[++i])
    else if (a === '--bm25') {
      const [k1, b] = argv[++i].split(',').map(Number)
      args.bm25 = { k1, b }
    } else if (a === '--embedder') args.embedder = argv[++i] === 'local' ? 'local' : 'none'
    else throw new Error(`unknown argument ${a}`)
  }
  return args
}

function score(run: Run, qrels: Qrels) {
  let ndcg = 0
  let recall = 0
  for (const [q, relevant] of qrels) {
    const docs = run.get(q) ?? []
    ndcg += ndcgAt(docs, relevant, 10)
    recall += recallAt(docs, relevant, 100)
  }
  return { ndcg10: ndcg / qrels.size, recall100: recall / qrels.size }
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const dataset = path.basename(args.data).startsWith('beir_format') ? path.basename(path.dirname(args.data)) : path.basename(args.data)
  const corpus = readJsonl<{ _id: string; title?: string; text: string }>(path.join(args.data, 'corpus.jsonl'))
  const queries = new Map(readJsonl<{ _id: string; text: string }>(path.join(args.data, 'queries.jsonl')).map((q) => [q._id, q.text]))
  let qrels = readQrels(args.data, args.tune ? 'dev' : args.split)
  if (args.queries > 0) qrels = new Map([...qrels].slice(0, args.queries))
  const split = args.tune ? 'dev' : args.split
  console.log(`dataset ${dataset}: ${corpus.length} documents, ${qrels.size} ${split} queries`)

  const config = loadConfig({ SIGNALBOX_DATA_DIR: '/tmp/signalbox-eval-unused', LOG_LEVEL: 'silent' })
  const database = await openPglite()
  await migrateDatabase(database)
  const workspaceId = await ensureDefaultWorkspace({ database })
  const ctx: ServiceContext = { database, workspaceId, actor: { kind: 'system' }, log: createLogger('silent'), config }
  // The default configuration has no embedding model (search is full text + trigram); `--embedder local` measures
  // the weightless hashing vectors.
  const embedder: Embedder | null = args.embedder === 'local' ? createLocalEmbedder({ dimension: config.embedder.dimension }) : null

  const started = Date.now()
  const docOfMessage = await indexBeirCorpus(ctx, corpus, dataset, embedder)
  console.log(`indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`)

  const toDocs = (ids: string[]) => ids.map((id) => docOfMessage.get(id)!).filter(Boolean)
  if (args.tune && !embedder) {
    // Only the lexical parameters to tune: skip the SQL runs (the chosen setting is measured by a normal run).
    if (args.analysers)
      await compareAnalysers(
        ctx,
        queries,
        (run) => score(new Map([...run].map(([q, ids]) => [q, toDocs(ids)])), qrels),
        [...qrels.keys()].filter((q) => queries.has(q)),
      )
    else await tune(ctx, queries, qrels, new Map(), toDocs, null)
    await database.close()
    return
  }
  const runs: Record<string, Run> = { fulltext: new Map(), ts_rank: new Map(), vector: new Map(), hybrid: new Map() }
  const listsByQuery = new Map<string, { fulltext: string[]; vector: string[] }>()
  const rankers = new Set<string>()
  for (const q of qrels.keys()) {
    const text = queries.get(q)
    if (!text) continue
    const ranked = async (mode: 'fulltext' | 'vector' | 'hybrid') =>
      toDocs((await rankMessages(ctx, { q: text, mode, depth: 100, embedder, bm25: args.bm25 })).map((r) => r.messageId))
    const fulltext = await ranked('fulltext')
    const vector = embedder ? await ranked('vector') : []
    const hybrid = await rankMessagesWithRankers(ctx, { q: text, mode: 'hybrid', depth: 100, embedder, bm25: args.bm25 })
    hybrid.rankers.forEach((r) => rankers.add(r))
    const tsRankChunks = await rankChunksFulltext(ctx, { q: text, limit: 200, ranker: 'ts_rank' })
    runs.fulltext.set(q, fulltext)
    runs.vector.set(q, vector)
    runs.ts_rank.set(q, [...new Set(toDocs(tsRankChunks.map((c) => c.messageId)))].slice(0, 100))
    runs.hybrid.set(q, toDocs(hybrid.ranked.map((r) => r.messageId)))
    listsByQuery.set(q, { fulltext, vector })
  }

  console.log(`\n${dataset} ${split} (${qrels.size} queries)  nDCG@10  Recall@100`)
  const results: Record<string, { ndcg10: number; recall100: number }> = {}
  for (const [name, run] of Object.entries(runs)) {
    if (name === 'vector' && !embedder) continue
    results[name] = score(run, qrels)
    console.log(`  ${name.padEnd(10)} ${results[name].ndcg10.toFixed(3).padStart(14)}  ${results[name].recall100.toFixed(3).padStart(10)}`)
  }

  if (args.tune) await tune(ctx, queries, qrels, listsByQuery, toDocs, embedder)

  await database.close()
  const f = (n: number) => n.toFixed(3)
  console.log(
    `eval:retrieval dataset=${dataset} split=${split} fulltext_ndcg10=${f(results.fulltext.ndcg10)} tsrank_ndcg10=${f(results.ts_rank.ndcg10)} vector_ndcg10=${results.vector ? f(results.vector.ndcg10) : '-'} hybrid_ndcg10=${f(results.hybrid.ndcg10)} hybrid_recall100=${f(results.hybrid.recall100)} rankers=${[...rankers].join('+')}`,
  )
}

function fuse(fulltext: string[], vector: string[], k: number, vectorWeight = 1) {
  return reciprocalRankFusion(
    [
      { name: 'fulltext', items: fulltext },
      { name: 'vector', items: vector, weight: vectorWeight },
    ],
    (d) => d,
    k,
  ).map((f) => f.key)
}

/** Dev-split search: BM25 variants on the full-text ranker (in memory), then (with vectors) the RRF constant and
 * the vector list weight. */
async function tune(
  ctx: ServiceContext,
  queries: Map<string, string>,
  qrels: Qrels,
  lists: Map<string, { fulltext: string[]; vector: string[] }>,
  toDocs: (ids: string[]) => string[],
  embedder: Embedder | null,
) {
  console.log('\nBM25 variants on the dev split (in memory, see eval/lexical-tuning.ts)')
  const index = await loadLexicalIndex(ctx, queries)
  const messageRun = (run: Run) => new Map([...run].map(([q, ids]) => [q, toDocs(ids)]))
  tuneLexical(
    index,
    (run) => score(messageRun(run), qrels),
    [...qrels.keys()].filter((q) => queries.has(q)),
  )
  if (!embedder) return
  console.log('\ntuning the RRF constant and the vector list weight on the dev split (current embedder)')
  for (const k of [10, 30, 60, 100])
    for (const vectorWeight of [1, 0.5, 0.25]) {
      const run: Run = new Map()
      for (const [q, l] of lists) run.set(q, fuse(l.fulltext, l.vector, k, vectorWeight))
      const result = score(run, qrels)
      console.log(`  rrf k=${k} vector weight ${vectorWeight}: nDCG@10=${result.ndcg10.toFixed(3)} R@100=${result.recall100.toFixed(3)}`)
    }
}

await main()
