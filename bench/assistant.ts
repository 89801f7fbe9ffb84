// Assistant benchmark on embedded PGlite: N synthetic chat messages indexed through the real path, a remote
// assistant agent on the local fake OpenAI-compatible server (answers instantly, streaming), then per question:
// retrieval + prompt building (the 'thread' event to the 'sources' event of streamAnswer), time to first token
// and to the full answer; then 20 chats at once, counting errors.
//   npm run bench:assistant [-- --messages 100000] [--questions 200] [--concurrent 20] [--data-dir DIR]
// --data-dir keeps the indexed archive between runs (indexing 100k messages takes minutes); it is reused when it
// already holds N messages.
// Last line: bench:assistant messages=N ttft_p50_ms=A ttft_p95_ms=B concurrent=20 errors=E
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config.js'
import { migrateDatabase, openPglite } from '../src/db/client.js'
import { runAutovacuumChores } from '../src/db/maintenance.js'
import { createLogger } from '../src/lib/logger.js'
import type { ServiceContext } from '../src/lib/context.js'
import { seededRandom } from '../src/lib/seeded-random.js'
import '../src/modules/providers.js'
import { ensureDefaultWorkspace } from '../src/modules/workspaces/index.js'
import { ingestMessages } from '../src/modules/messages/index.js'
import { indexMessages, searchEmbedder } from '../src/modules/pipeline/index.js'
import { answerQuestion, streamAnswer } from '../src/modules/assistant/index.js'
import { startFakeOpenAi } from '../test/fakes/openai-server.js'
import { configureRemoteAssistant } from '../test/helpers/team-chat.js'
import { sentence, syntheticMessages, topics } from './synthetic-chat.js'

function parseArgs(argv: string[]) {
  const args = { messages: 100_000, questions: 200, concurrent: 20, dataDir: '' }
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--messages') args.messages = Number(argv[++i])
    else if (argv[i] === '--questions') args.questions = Number(argv[++i])
    else if (argv[i] === '--concurrent') args.concurrent = Number(argv[++i])
    else if (argv[i] === '--data-dir') args.dataDir = argv[++i]
    else throw new Error(`unknown argument ${argv[i]}`)
  }
  return args
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const rand = seededRandom(7)
  const config = loadConfig({ SIGNALBOX_DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent' })
  let database = await openPglite(args.dataDir || undefined)
  await migrateDatabase(database)
  const workspaceId = await ensureDefaultWorkspace({ database })
  let ctx: ServiceContext = { database, workspaceId, actor: { kind: 'system' }, log: createLogger('silent'), config }
  // What the server indexes with: none by default (full text + trigram), a real model when one is configured.
  const embedder = searchEmbedder(config)

  const [{ count }] = await database.query<{ count: number }>('SELECT count(*)::int AS count FROM messages')
  if (count >= args.messages) {
    console.log(`bench:assistant reusing ${count} indexed messages in ${args.dataDir}`)
  } else {
    if (count > 0) throw new Error(`${args.dataDir} holds ${count} messages, fewer than ${args.messages}: use another --data-dir`)
    console.log(`bench:assistant indexing ${args.messages} messages (${embedder?.model ?? 'no embedding model'}) ...`)
    const start = Date.now()
    for (let done = 0; done < args.messages; done += 1000) {
      const size = Math.min(1000, args.messages - done)
      const stored = await ingestMessages(ctx, { source: { type: 'api', name: 'bench' }, messages: syntheticMessages(rand, done, size) })
      await indexMessages(ctx, stored.changedMessageIds, { embedder })
      await runAutovacuumChores(database)
      if ((done / 1000) % 10 === 9)
        process.stderr.write(`  ${done + size} messages, ${((done + size) / ((Date.now() - start) / 1000)).toFixed(0)} msgs/s\n`)
    }
    console.log(`indexed in ${((Date.now() - start) / 1000).toFixed(1)} s`)
  }

  // A kept archive stays as indexed: this run's assistant agent, threads and answers go to a copy of it.
  let runDir = ''
  if (args.dataDir) {
    await database.close()
    runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-bench-assistant-run-'))
    fs.cpSync(args.dataDir, runDir, { recursive: true })
    database = await openPglite(runDir)
    ctx = { ...ctx, database }
  }

  const fake = await startFakeOpenAi()
  fake.defaultReply = {
    kind: 'content',
    content: 'The rollback happened after the failed migration [1], and the alert fired again later [2].',
  }
  await configureRemoteAssistant(ctx, fake.url)
  const questions = Array.from(
    { length: args.questions },
    () => `What happened with ${sentence(rand, topics[Math.floor(rand() * topics.length)], 3)}?`,
  )

  const retrieval: number[] = []
  // CPU time of this process over the same span: the embedded database runs in this thread, so this is what the
  // work costs on an idle core however loaded the machine is (the wall figures measure the neighbours too).
  const retrievalCpu: number[] = []
  const firstToken: number[] = []
  const full: number[] = []
  for (const [i, question] of questions.entries()) {
    const started = performance.now()
    let threadAt = 0
    let threadCpu = process.cpuUsage()
    let first = 0
    for await (const event of streamAnswer(ctx, { question, source: 'api' })) {
      if (event.type === 'thread') {
        threadAt = performance.now()
        threadCpu = process.cpuUsage()
      }
      if (event.type === 'sources' && i >= 10) {
        // the first 10 warm up
        retrieval.push(performance.now() - threadAt)
        const cpu = process.cpuUsage(threadCpu)
        retrievalCpu.push((cpu.user + cpu.system) / 1000)
      }
      if (event.type === 'delta' && !first) first = performance.now() - started
      if (event.type === 'error') throw new Error(event.message)
    }
    if (i >= 10) {
      firstToken.push(first)
      full.push(performance.now() - started)
    }
  }
  const f = (n: number) => n.toFixed(1)
  console.log(
    `retrieval + prompt building (${retrieval.length} questions): p50 ${f(percentile(retrieval, 50))} ms, p95 ${f(percentile(retrieval, 95))} ms; CPU p50 ${f(percentile(retrievalCpu, 50))} ms, p95 ${f(percentile(retrievalCpu, 95))} ms; load average ${os.loadavg()[0].toFixed(1)}`,
  )
  console.log(
    `time to first token: p50 ${f(percentile(firstToken, 50))} ms, p95 ${f(percentile(firstToken, 95))} ms; full answer: p50 ${f(percentile(full, 50))} ms, p95 ${f(percentile(full, 95))} ms`,
  )

  const concurrentStart = performance.now()
  const results = await Promise.allSettled(
    questions.slice(0, args.concurrent).map((question) => answerQuestion(ctx, { question, source: 'web' })),
  )
  const errors = results.filter((r) => r.status === 'rejected' || r.value.error || r.value.answer.status !== 'complete').length
  console.log(`${args.concurrent} concurrent chats: ${errors} errors, all answered in ${f(performance.now() - concurrentStart)} ms`)
  await fake.close()
  await database.close()
  if (runDir) fs.rmSync(runDir, { recursive: true, force: true })
  console.log(
    `bench:assistant retrieval_prompt_p50_ms=${f(percentile(retrieval, 50))} retrieval_prompt_p95_ms=${f(percentile(retrieval, 95))} full_answer_p95_ms=${f(percentile(full, 95))} retrieval_prompt_cpu_p95_ms=${f(percentile(retrievalCpu, 95))}`,
  )
  console.log(
    `bench:assistant messages=${Math.max(count, args.messages)} ttft_p50_ms=${f(percentile(firstToken, 50))} ttft_p95_ms=${f(percentile(firstToken, 95))} concurrent=${args.concurrent} errors=${errors}`,
  )
}

await main()
