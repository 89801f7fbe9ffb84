// Search benchmark: ingest N synthetic chat messages through the real path (store, chunk, BM25 stats, GIN index,
// planner statistics refreshed as the index job does; with `--embedder local` also vectors at insert and their HNSW
// index), then measure the BM25 top 10's agreement with exhaustive scoring, HNSW recall@10 against an exact scan
// (with vectors), and the latency of hybrid, vector-only (with vectors) and full-text search over 500 queries each.
// The default is the product's default configuration: no embedding model, search is full text + trigram.
// `--database-url URL` runs the same workload on a PostgreSQL server with pgvector, in a scratch database it
// creates and drops (the server shares the machine's cores with the benchmark).
//   npm run bench:search [-- --messages 100000] [--batch 1000] [--queries 500] [--data-dir DIR]
//                        [--embedder none|local] [--database-url URL]
// Last line: bench:search messages=N ingest_msgs_per_s=R hnsw_recall_at_10=X hybrid_p50_ms=A hybrid_p95_ms=B vector_p95_ms=C fulltext_p95_ms=D
// (X and C are '-' without vectors), plus database=pglite|postgres embedder=none|local and, on the embedded
// database, ingest_msgs_per_cpu_s and hybrid_cpu_p95_ms (CPU time of this process: the figures of an idle core).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config.js'
import { migrateDatabase, openPglite, openPostgres } from '../src/db/client.js'
import { runAutovacuumChores } from '../src/db/maintenance.js'
import { createLogger } from '../src/lib/logger.js'
import type { ServiceContext } from '../src/lib/context.js'
import { ensureDefaultWorkspace } from '../src/modules/workspaces/index.js'
import { ingestMessages } from '../src/modules/messages/index.js'
import { indexMessages, searchEmbedder } from '../src/modules/pipeline/index.js'
import { scratchServerDatabase } from './scratch-server-database.js'
import { hybridSearch, rankChunksByVector, rankChunksFulltext } from '../src/modules/search/index.js'
import { seededRandom } from '../src/lib/seeded-random.js'
import { sentence, syntheticMessages, topics } from './synthetic-chat.js'

function parseArgs(argv: string[]) {
  const args = { messages: 100_000, batch: 1000, dataDir: '', queries: 500, embedder: 'none', databaseUrl: '' }
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--embedder') args.embedder = argv[++i] === 'local' ? 'local' : 'none'
    else if (argv[i] === '--database-url') args.databaseUrl = argv[++i]
    else if (argv[i] === '--messages') args.messages = Number(argv[++i])
    else if (argv[i] === '--batch') args.batch = Number(argv[++i])
    else if (argv[i] === '--data-dir') args.dataDir = argv[++i]
    else if (argv[i] === '--queries') args.queries = Number(argv[++i])
    else throw new Error(`unknown argument ${argv[i]}`)
  }
  return args
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

/** The share of `truth`'s top 10 chunks that `found`'s top 10 holds. */
function shareOfTopTen(found: Array<{ chunkId: string }>, truth: Array<{ chunkId: string }>) {
  const expected = new Set(truth.slice(0, 10).map((c) => c.chunkId))
  return found.slice(0, 10).filter((c) => expected.has(c.chunkId)).length / Math.max(1, expected.size)
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number, number]> {
  const start = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  const result = await work()
  const used = process.cpuUsage(cpu)
  return [result, Number(process.hrtime.bigint() - start) / 1e6, (used.user + used.system) / 1000]
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const rand = seededRandom(42)
  const config = loadConfig({ SIGNALBOX_DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent', SIGNALBOX_EMBEDDER: args.embedder })
  const dataDir = args.dataDir || undefined
  if (dataDir) fs.rmSync(path.join(dataDir, 'pgdata'), { recursive: true, force: true })
  const scratch = args.databaseUrl ? await scratchServerDatabase(args.databaseUrl, 'signalbox_bench') : undefined
  const database = scratch ? await openPostgres(scratch.url) : await openPglite(dataDir)
  await migrateDatabase(database)
  const workspaceId = await ensureDefaultWorkspace({ database })
  const ctx: ServiceContext = { database, workspaceId, actor: { kind: 'system' }, log: createLogger('silent'), config }
  const embedder = searchEmbedder(config)

  console.log(
    `bench:search on ${database.kind}: ingesting ${args.messages} messages (${embedder?.model ?? 'no embedding model'}, batches of ${args.batch}) ...`,
  )
  // Where ingest time goes: storing messages, chunking + embedding + writing chunks with their GIN/HNSW entries,
  // and the autovacuum chores.
  const phaseMs = { store: 0, index: 0, chores: 0 }
  const start = Date.now()
  const cpuBefore = process.cpuUsage()
  for (let done = 0; done < args.messages; done += args.batch) {
    const size = Math.min(args.batch, args.messages - done)
    const messages = syntheticMessages(rand, done, size)
    const [stored, storeMs] = await timed(() => ingestMessages(ctx, { source: { type: 'api', name: 'bench' }, messages }))
    const [, indexMs] = await timed(() => indexMessages(ctx, stored.changedMessageIds, { embedder }))
    const [, choresMs] = await timed(() => runAutovacuumChores(database)) // as the server's index job does after each batch
    phaseMs.store += storeMs
    phaseMs.index += indexMs
    phaseMs.chores += choresMs
    if ((done / args.batch) % 10 === 9) {
      const rate = (done + size) / ((Date.now() - start) / 1000)
      process.stderr.write(`  ${done + size} messages, ${rate.toFixed(0)} msgs/s\n`)
    }
  }
  const ingestSeconds = (Date.now() - start) / 1000
  const ingestRate = args.messages / ingestSeconds
  // CPU time of this process beside the wall clock: on the shared machine the wall clock also measures the
  // neighbours. With the embedded database all the work is in this process; with a server it is not (wall only).
  const cpu = process.cpuUsage(cpuBefore)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  console.log(
    `ingest + chunk + ${embedder ? 'embed + ' : ''}index: ${ingestSeconds.toFixed(1)} s, ${ingestRate.toFixed(0)} msgs/s` +
      (database.kind === 'postgres'
        ? ''
        : ` (${cpuSeconds.toFixed(1)} s CPU: ${(args.messages / cpuSeconds).toFixed(0)} msgs per CPU second)`),
  )
  const phases = Object.entries(phaseMs).map(
    ([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s (${((1000 * args.messages) / ms).toFixed(0)} msgs/s)`,
  )
  console.log(`  phases: ${phases.join(', ')}`)

  const queries = Array.from({ length: args.queries }, () => {
    const topic = topics[Math.floor(rand() * topics.length)]
    return sentence(rand, topic, 2 + Math.floor(rand() * 3))
  })

  // HNSW recall@10 against an exact scan, 200 queries (only with vectors).
  const recallQueries = queries.slice(0, Math.min(200, queries.length))
  let recall: number | undefined
  if (embedder) {
    let overlap = 0
    for (const q of recallQueries) {
      const [vector] = await embedder.embed([q])
      const approximate = await rankChunksByVector(ctx, { vector, model: embedder.model, limit: 10 })
      const exact = await rankChunksByVector(ctx, { vector, model: embedder.model, limit: 10, exact: true })
      overlap += shareOfTopTen(approximate, exact)
    }
    recall = overlap / recallQueries.length
    console.log(`HNSW recall@10 vs exact scan (${recallQueries.length} queries): ${recall.toFixed(3)}`)
  }

  // BM25 scores a bounded candidate set (chunk-rankings.ts, candidateQuery); how much of the top 10 it shares
  // with scoring every chunk that holds any query term. Depth 120 as hybrid search asks for.
  let shared = 0
  for (const q of recallQueries) {
    const budgeted = await rankChunksFulltext(ctx, { q, limit: 120 })
    const exhaustive = await rankChunksFulltext(ctx, { q, limit: 120, budget: Infinity })
    shared += shareOfTopTen(budgeted, exhaustive)
  }
  const bm25Agreement = shared / recallQueries.length
  console.log(`BM25 top-10 agreement with exhaustive scoring (${recallQueries.length} queries): ${bm25Agreement.toFixed(3)}`)

  const latencies: Record<string, number[]> = { hybrid: [], vector: [], fulltext: [] }
  const cpuTimes: Record<string, number[]> = { hybrid: [], vector: [], fulltext: [] }
  for (const mode of embedder ? (['hybrid', 'vector', 'fulltext'] as const) : (['hybrid', 'fulltext'] as const)) {
    for (const q of queries.slice(0, 20)) await hybridSearch(ctx, { q, mode, k: 10 }) // warm-up
    for (const q of queries) {
      const [, wall, cpuMs] = await timed(() => hybridSearch(ctx, { q, mode, k: 10 }))
      latencies[mode].push(wall)
      cpuTimes[mode].push(cpuMs)
    }
    // With the embedded database a query's CPU time is what it costs on an idle core; the wall clock adds the
    // neighbours' load (with a server, part of the work is in the server process: wall only).
    const cpuNote =
      database.kind === 'postgres'
        ? ''
        : `; CPU p50 ${percentile(cpuTimes[mode], 50).toFixed(1)}, p95 ${percentile(cpuTimes[mode], 95).toFixed(1)} ms`
    console.log(
      `${mode.padEnd(8)} search (${queries.length} queries, k=10, with snippets and context): p50 ${percentile(latencies[mode], 50).toFixed(1)} ms, p95 ${percentile(latencies[mode], 95).toFixed(1)} ms${cpuNote}`,
    )
  }
  await database.close()
  await scratch?.drop()
  const f = (n: number) => n.toFixed(1)
  console.log(
    `bench:search messages=${args.messages} ingest_msgs_per_s=${ingestRate.toFixed(0)} hnsw_recall_at_10=${recall === undefined ? '-' : recall.toFixed(3)} ` +
      `hybrid_p50_ms=${f(percentile(latencies.hybrid, 50))} hybrid_p95_ms=${f(percentile(latencies.hybrid, 95))} ` +
      `vector_p95_ms=${embedder ? f(percentile(latencies.vector, 95)) : '-'} fulltext_p95_ms=${f(percentile(latencies.fulltext, 95))} ` +
      `database=${database.kind === 'postgres' ? 'postgres' : 'pglite'} embedder=${args.embedder}` +
      (database.kind === 'postgres'
        ? ''
        : ` ingest_msgs_per_cpu_s=${(args.messages / cpuSeconds).toFixed(0)} hybrid_cpu_p95_ms=${f(percentile(cpuTimes.hybrid, 95))}`),
  )
}

await main()
