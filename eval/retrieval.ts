// Retrieval evaluation on a BEIR-format set (corpus.jsonl, queries.jsonl, qrels/{dev,train,test}.tsv).
// Indexes the corpus through the real pipeline (messages -> chunks -> BM25 stats + local embeddings) in an
// in-memory PGlite, runs every query of the split, and prints nDCG@10 and Recall@100 for BM25 full text, the
// ts_rank baseline, the local vector model and hybrid (RRF). `--tune` grid-searches the local embedder and
// the fusion constant on the dev split (train.tsv when there is no dev.tsv); report the test split.
//   npm run eval:retrieval [-- --data DIR] [--split test|dev] [--tune] [--queries N]
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../src/config.js'
import { migrateDatabase, openPglite } from '../src/db/client.js'
import { createLogger } from '../src/lib/logger.js'
import type { ServiceContext } from '../src/lib/context.js'
import { ensureDefaultWorkspace } from '../src/modules/workspaces/index.js'
import { createLocalEmbedder, defaultLocalEmbedderOptions, cosineSimilarity, type Embedder } from '../src/modules/pipeline/index.js'
import { datasetName, indexBeirCorpus, readJsonl, readQrels, type Qrels } from './beir-corpus.js'
import { defaultRrfK, rankChunksFulltext, rankMessages, reciprocalRankFusion, vectorListWeight } from '../src/modules/search/index.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const defaultData = path.resolve(root, '../shared/eval/ir_benchmark/scifact/beir_format_derived')

type Run = Map<string, string[]>

function parseArgs(argv: string[]) {
  const args = { data: defaultData, split: 'test', tune: false, queries: 0 }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--data') args.data = path.resolve(argv[++i])
    else if (a === '--split') args.split = argv[++i]
    else if (a === '--tune') args.tune = true
    else if (a === '--queries') args.queries = Number(argv[++i])
    else throw new Error(`unknown argument ${a}`)
  }
  return args
}

export function ndcgAt(run: string[], relevant: Map<string, number>, k: number): number {
  let dcg = 0
  run.slice(0, k).forEach((doc, i) => {
    const gain = relevant.get(doc) ?? 0
    if (gain) dcg += (2 ** gain - 1) / Math.log2(i + 2)
  })
  const ideal = [...relevant.values()].sort((a, b) => b - a).slice(0, k)
  const idcg = ideal.reduce((sum, gain, i) => sum + (2 ** gain - 1) / Math.log2(i + 2), 0)
  return idcg ? dcg / idcg : 0
}

export function recallAt(run: string[], relevant: Map<string, number>, k: number): number {
  const top = new Set(run.slice(0, k))
  let hit = 0
  for (const doc of relevant.keys()) if (top.has(doc)) hit++
  return relevant.size ? hit / relevant.size : 0
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
  const dataset = datasetName(args.data)
  const corpus = readJsonl<{ _id: string; title?: string; text: string }>(path.join(args.data, 'corpus.jsonl'))
  const queries = new Map(readJsonl<{ _id: string; text: string }>(path.join(args.data, 'queries.jsonl')).map((q) => [q._id, q.text]))
  let qrels = readQrels(args.data, args.tune ? 'dev' : args.split)
  if (args.queries > 0) qrels = new Map([...qrels].slice(0, args.queries))
  const split = args.tune ? 'dev' : args.split
  console.log(`dataset ${dataset}: ${corpus.length} documents, ${qrels.size} ${split} queries`)

  const config = loadConfig({ SIGNALBOX_DATA_DIR: '/tmp/signalbox-eval-unused', LOG_LEVEL: 'silent' })
  const database = await openPglite()
  await migrateDatabase(database)
  const workspaceId = await ensureDefaultWorkspace(database)
  const ctx: ServiceContext = { database, workspaceId, actor: { kind: 'system' }, log: createLogger('silent'), config }
  const embedder = createLocalEmbedder({ dimension: config.embedder.dimension })

  const started = Date.now()
  const docOfMessage = await indexBeirCorpus(ctx, corpus, dataset, embedder)
  console.log(`indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`)

  const toDocs = (ids: string[]) => ids.map((id) => docOfMessage.get(id)!).filter(Boolean)
  const runs: Record<string, Run> = { fulltext: new Map(), ts_rank: new Map(), vector: new Map(), hybrid: new Map() }
  const listsByQuery = new Map<string, { fulltext: string[]; vector: string[] }>()
  for (const q of qrels.keys()) {
    const text = queries.get(q)
    if (!text) continue
    const fulltext = toDocs((await rankMessages(ctx, { q: text, mode: 'fulltext', depth: 100, embedder })).map((r) => r.messageId))
    const vector = toDocs((await rankMessages(ctx, { q: text, mode: 'vector', depth: 100, embedder })).map((r) => r.messageId))
    const tsRankChunks = await rankChunksFulltext(ctx, { q: text, limit: 200, ranker: 'ts_rank' })
    runs.fulltext.set(q, fulltext)
    runs.vector.set(q, vector)
    runs.ts_rank.set(q, [...new Set(toDocs(tsRankChunks.map((c) => c.messageId)))].slice(0, 100))
    runs.hybrid.set(q, fuse(fulltext, vector, defaultRrfK, vectorListWeight(embedder)))
    listsByQuery.set(q, { fulltext, vector })
  }

  console.log(`\n${dataset} ${split} (${qrels.size} queries)  nDCG@10  Recall@100`)
  const results: Record<string, { ndcg10: number; recall100: number }> = {}
  for (const [name, run] of Object.entries(runs)) {
    results[name] = score(run, qrels)
    console.log(`  ${name.padEnd(10)} ${results[name].ndcg10.toFixed(3).padStart(14)}  ${results[name].recall100.toFixed(3).padStart(10)}`)
  }

  if (args.tune) await tune(corpus, queries, qrels, listsByQuery, docOfMessage)

  await database.close()
  const f = (n: number) => n.toFixed(3)
  console.log(
    `eval:retrieval dataset=${dataset} split=${split} fulltext_ndcg10=${f(results.fulltext.ndcg10)} tsrank_ndcg10=${f(results.ts_rank.ndcg10)} vector_ndcg10=${f(results.vector.ndcg10)} hybrid_ndcg10=${f(results.hybrid.ndcg10)} hybrid_recall100=${f(results.hybrid.recall100)}`,
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

/** Dev-split grid search: local embedder weights by exact in-memory cosine ranking, then the RRF constant. */
async function tune(
  corpus: Array<{ _id: string; title?: string; text: string }>,
  queries: Map<string, string>,
  qrels: Qrels,
  lists: Map<string, { fulltext: string[]; vector: string[] }>,
  _docOfMessage: Map<string, string>,
) {
  console.log('\ntuning the RRF constant and the vector list weight on the dev split (current embedder)')
  for (const k of [10, 30, 60, 100])
    for (const vectorWeight of [1, 0.5, 0.25]) {
      const run: Run = new Map()
      for (const [q, l] of lists) run.set(q, fuse(l.fulltext, l.vector, k, vectorWeight))
      const result = score(run, qrels)
      console.log(`  rrf k=${k} vector weight ${vectorWeight}: nDCG@10=${result.ndcg10.toFixed(3)} R@100=${result.recall100.toFixed(3)}`)
    }
  console.log('\ntuning the local embedder on the dev split (exact cosine over whole documents)')
  const grid: Array<Partial<typeof defaultLocalEmbedderOptions>> = []
  for (const charNgramWeight of [0, 0.35, 1])
    for (const bigramWeight of [0, 0.5]) grid.push({ charNgramWeight, bigramWeight })
  let best = { ndcg10: -1, options: {} as object }
  for (const options of grid) {
    const embedder: Embedder = createLocalEmbedder({ dimension: 384, ...options })
    const docVectors = await embedder.embed(corpus.map((d) => (d.title ? `${d.title}\n\n${d.text}` : d.text)))
    const run: Run = new Map()
    for (const q of qrels.keys()) {
      const [qv] = await embedder.embed([queries.get(q) ?? ''])
      const scored = docVectors.map((v, i) => ({ id: corpus[i]._id, s: cosineSimilarity(qv, v) }))
      scored.sort((a, b) => b.s - a.s)
      run.set(q, scored.slice(0, 100).map((x) => x.id))
    }
    const result = score(run, qrels)
    console.log(`  ${JSON.stringify(options)} nDCG@10=${result.ndcg10.toFixed(3)} R@100=${result.recall100.toFixed(3)}`)
    if (result.ndcg10 > best.ndcg10) best = { ndcg10: result.ndcg10, options }
  }
  console.log(`  best embedder options: ${JSON.stringify(best.options)} (nDCG@10 ${best.ndcg10.toFixed(3)})`)
}

await main()
