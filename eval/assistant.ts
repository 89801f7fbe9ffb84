// Assistant evaluation on a BEIR-format set: every query of the split is asked through answerQuestion (the same
// service the web, API and Telegram use; no API key = the local extractive answer) over the indexed corpus.
// Answer-level citation precision and recall@3 against the qrels (do the cited documents include the relevant
// ones?), and decline accuracy: the share of unanswerable questions (queries of another collection, default
// Cranfield's aeronautics queries over SciFact's biomedical abstracts) that the assistant declines.
//   npm run eval:assistant [-- --data DIR] [--split test|dev] [--queries N] [--unanswerable DIR] [--unanswerable-count N]
//                          [--passages 3,5,8]  (passages retrieved per question; several = a sweep)
//                          [--data-dir DIR]    (keeps the indexed corpus for the next run)
import path from 'node:path'
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../src/config.js'
import { migrateDatabase, openPglite } from '../src/db/client.js'
import { createLogger } from '../src/lib/logger.js'
import type { ServiceContext } from '../src/lib/context.js'
import '../src/modules/providers.js'
import { ensureDefaultWorkspace } from '../src/modules/workspaces/index.js'
import { searchEmbedder } from '../src/modules/pipeline/index.js'
import { answerQuestion, defaultPassageLimit, localConfidenceThreshold } from '../src/modules/assistant/index.js'
import { datasetName, indexBeirCorpus, readJsonl, readQrels } from './beir-corpus.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const defaultData = path.resolve(root, '../shared/eval/ir_benchmark/scifact/beir_format_derived')
const defaultUnanswerable = path.resolve(root, '../shared/eval/ir_benchmark/cranfield/beir_format')
const citedDepth = 3

function parseArgs(argv: string[]) {
  const args = {
    data: defaultData,
    split: 'test',
    queries: 0,
    unanswerable: defaultUnanswerable,
    unanswerableCount: 100,
    passages: [] as number[],
    dataDir: '',
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--data') args.data = path.resolve(argv[++i])
    else if (a === '--split') args.split = argv[++i]
    else if (a === '--queries') args.queries = Number(argv[++i])
    else if (a === '--unanswerable') args.unanswerable = path.resolve(argv[++i])
    else if (a === '--unanswerable-count') args.unanswerableCount = Number(argv[++i])
    else if (a === '--data-dir') args.dataDir = argv[++i]
    else if (a === '--passages') args.passages = argv[++i].split(',').map(Number)
    else throw new Error(`unknown argument ${a}`)
  }
  return args
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const dataset = datasetName(args.data)
  const corpus = readJsonl<{ _id: string; title?: string; text: string }>(path.join(args.data, 'corpus.jsonl'))
  const queries = new Map(readJsonl<{ _id: string; text: string }>(path.join(args.data, 'queries.jsonl')).map((q) => [q._id, q.text]))
  let qrels = readQrels(args.data, args.split)
  if (args.queries > 0) qrels = new Map([...qrels].slice(0, args.queries))
  // The test split's unanswerable questions are the first N, any other split's the next N: the decline threshold
  // is tuned on other off-collection questions than it is reported on.
  const unanswerableOffset = args.split === 'test' ? 0 : args.unanswerableCount
  const unanswerable = fs.existsSync(path.join(args.unanswerable, 'queries.jsonl'))
    ? readJsonl<{ _id: string; text: string }>(path.join(args.unanswerable, 'queries.jsonl'))
        .slice(unanswerableOffset, unanswerableOffset + args.unanswerableCount)
        .map((q) => q.text.trim())
    : []
  console.log(
    `dataset ${dataset}: ${corpus.length} documents, ${qrels.size} ${args.split} questions, ${unanswerable.length} unanswerable (${datasetName(args.unanswerable)})`,
  )

  const config = loadConfig({ SIGNALBOX_DATA_DIR: '/tmp/signalbox-eval-unused', LOG_LEVEL: 'silent' })
  const database = await openPglite(args.dataDir || undefined)
  await migrateDatabase(database)
  const workspaceId = await ensureDefaultWorkspace({ database })
  const ctx: ServiceContext = { database, workspaceId, actor: { kind: 'system' }, log: createLogger('silent'), config }
  const started = Date.now()
  const [{ count }] = await database.query<{ count: number }>('SELECT count(*)::int AS count FROM messages')
  let docOfMessage: Map<string, string>
  if (count === corpus.length) {
    // A kept --data-dir: drop earlier runs' threads, keep the index.
    await database.query('DELETE FROM assistant_threads')
    const rows = await database.query<{ id: string; external_id: string }>('SELECT id, external_id FROM messages')
    docOfMessage = new Map(rows.map((r) => [r.id, r.external_id]))
    console.log(`reusing the index in ${args.dataDir}`)
  } else {
    if (count > 0) throw new Error(`${args.dataDir} holds another collection: use a new --data-dir`)
    docOfMessage = await indexBeirCorpus(ctx, corpus, dataset, searchEmbedder(config))
    console.log(`indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }

  // Every question is asked once per passage limit with no confidence threshold; declining below a threshold is
  // then applied offline, so one run shows the whole trade-off (tune on --split dev, report test).
  const passageLimits = args.passages.length ? args.passages : [defaultPassageLimit]
  type Outcome = { confidence: number; cited: string[]; retrieved: string[]; relevant: Map<string, number> | null }
  const outcomes = new Map<number, Outcome[]>()
  const askedAt = Date.now()
  const questions: Array<{ text: string; relevant: Map<string, number> | null }> = [
    ...[...qrels].filter(([q]) => queries.has(q)).map(([q, relevant]) => ({ text: queries.get(q)!, relevant })),
    ...unanswerable.map((text) => ({ text, relevant: null })),
  ]
  for (const limit of passageLimits) {
    const list: Outcome[] = []
    for (const question of questions) {
      const { answer } = await answerQuestion(ctx, {
        question: question.text,
        source: 'api',
        passageLimit: limit,
        localConfidenceThreshold: 0,
      })
      list.push({
        confidence: answer.confidence ?? 0,
        cited: answer.citations.slice(0, citedDepth).map((c) => docOfMessage.get(c.messageId)!),
        retrieved: answer.response.retrievedMessageIds.slice(0, citedDepth).map((id) => docOfMessage.get(id)!),
        relevant: question.relevant,
      })
      process.stderr.write(`\rpassages=${limit}: ${list.length}/${questions.length} asked`)
    }
    process.stderr.write('\n')
    outcomes.set(limit, list)
  }
  const seconds = (Date.now() - askedAt) / 1000
  await database.close()

  const score = (list: Outcome[], threshold: number) => {
    let precisionSum = 0
    let precisionCount = 0
    let recallSum = 0
    let answerable = 0
    let unanswerableCount = 0
    let declinedUnanswerable = 0
    for (const o of list) {
      const declined = o.cited.length === 0 || o.confidence < threshold
      if (!o.relevant) {
        unanswerableCount++
        if (declined) declinedUnanswerable++
        continue
      }
      answerable++
      if (declined) continue
      const hits = o.cited.filter((d) => o.relevant!.has(d)).length
      precisionSum += hits / o.cited.length
      precisionCount++
      recallSum += hits / o.relevant.size
    }
    return {
      n: list.length,
      precision: precisionCount ? precisionSum / precisionCount : 0,
      recall: answerable ? recallSum / answerable : 0,
      declineAccuracy: unanswerableCount ? declinedUnanswerable / unanswerableCount : NaN,
    }
  }
  const f = (n: number) => (Number.isNaN(n) ? 'na' : n.toFixed(3))
  // The ceiling search sets: the share of relevant documents among the first three passages retrieved.
  for (const [limit, list] of outcomes) {
    const answerable = list.filter((o) => o.relevant)
    const recall = answerable.reduce((sum, o) => sum + o.retrieved.filter((d) => o.relevant!.has(d)).length / o.relevant!.size, 0)
    console.log(`passages=${limit}: retrieval recall@${citedDepth} (search alone) ${f(answerable.length ? recall / answerable.length : 0)}`)
  }
  console.log(`\n${args.split} split, citations cut at ${citedDepth}       precision  recall  decline_accuracy`)
  for (const [limit, list] of outcomes) {
    for (const threshold of [0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6]) {
      const r = score(list, threshold)
      console.log(
        `  passages=${String(limit).padEnd(2)} threshold=${threshold.toFixed(2)}   ${f(r.precision)}      ${f(r.recall)}   ${f(r.declineAccuracy)}`,
      )
    }
  }
  console.log(
    `${((questions.length * passageLimits.length) / seconds).toFixed(1)} questions/s end to end (retrieval, local answer, storage)`,
  )
  const chosen = score(
    outcomes.get(passageLimits.includes(defaultPassageLimit) ? defaultPassageLimit : passageLimits[0])!,
    localConfidenceThreshold,
  )
  console.log(
    `eval:assistant dataset=${dataset} n=${chosen.n} citation_precision=${f(chosen.precision)} citation_recall=${f(chosen.recall)} decline_accuracy=${f(chosen.declineAccuracy)}`,
  )
}

await main()
