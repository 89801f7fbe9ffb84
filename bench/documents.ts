// npm run bench:documents [-- --data DIR] [--files N] [--database-url URL]: extract, store, chunk and index N
// documents (default 1,000) into a fresh embedded PGlite (or a scratch database on the PostgreSQL server of URL,
// dropped afterwards: then the process holds no database in its memory). The documents are made from the real fixture documents in DIR (default
// ../shared/fixtures/documents, else test/fixtures/documents): copied round-robin into a folder tree, text formats
// varied with a line of their own so every copy has its own content. Imported with the folder sync
// (`signalbox import files`), then every stored text is chunked and indexed as the workers would.
// Last line: bench:documents files=N seconds=S files_per_s=R peak_rss_mb=M
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config.js'
import { openDatabase } from '../src/db/open.js'
import { createLogger } from '../src/lib/logger.js'
import { ensureDefaultWorkspace } from '../src/modules/workspaces/index.js'
import '../src/modules/providers.js'
import { syncFolder, supportedExtensions } from '../src/modules/documents/index.js'
import { indexMessages } from '../src/modules/pipeline/index.js'
import { positiveIntArgument } from './arguments.js'
import { scratchServerDatabase } from './scratch-server-database.js'

const total = positiveIntArgument('files', 1000)
const dataIndex = process.argv.indexOf('--data')
const urlIndex = process.argv.indexOf('--database-url')
const scratch = urlIndex === -1 ? undefined : await scratchServerDatabase(process.argv[urlIndex + 1], 'signalbox_bench_documents')
const sharedFixtures = path.resolve(import.meta.dirname, '../../shared/fixtures/documents')
const dataDir =
  dataIndex !== -1
    ? path.resolve(process.argv[dataIndex + 1])
    : fs.existsSync(sharedFixtures)
      ? sharedFixtures
      : path.resolve(import.meta.dirname, '../test/fixtures/documents')

function findSamples(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true }).flatMap((entry) => {
    const file = path.join(entry.parentPath, entry.name)
    return entry.isFile() && supportedExtensions.includes(path.extname(entry.name).slice(1).toLowerCase()) ? [file] : []
  })
}

const samples = findSamples(dataDir).sort()
if (samples.length === 0) throw new Error(`${dataDir}: no documents of a supported type`)
const textTypes = new Set(['.md', '.txt', '.csv', '.html'])
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-bench-documents-'))
const folder = path.join(workDir, 'documents')
const words = ['harbour', 'dredging', 'permit', 'survey', 'budget', 'turbine', 'audit', 'contract', 'schedule', 'review']
for (let i = 0; i < total; i++) {
  const sample = samples[i % samples.length]
  const extension = path.extname(sample)
  const target = path.join(folder, `project-${i % 20}`, `${path.basename(sample, extension)}-${i}${extension}`)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  const bytes = fs.readFileSync(sample)
  const variant = `\n\nVariant ${i}: ${words[i % words.length]} ${words[(i * 7) % words.length]} note ${i}.\n`
  fs.writeFileSync(target, textTypes.has(extension.toLowerCase()) ? Buffer.concat([bytes, Buffer.from(variant)]) : bytes)
}
console.log(`made ${total} documents from ${samples.length} samples in ${dataDir}`)

let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100)
try {
  const config = loadConfig({
    ...process.env,
    SIGNALBOX_DATA_DIR: path.join(workDir, 'data'),
    LOG_LEVEL: 'error',
    DATABASE_URL: scratch?.url,
  })
  const log = createLogger('error')
  const database = await openDatabase(config, log)
  const ctx = { database, config, log, workspaceId: await ensureDefaultWorkspace({ database }), actor: { kind: 'system' } as const }

  // What the embedded database alone holds, to read the peak against.
  console.log(
    `rss with the ${scratch ? 'server database connected' : 'embedded database open'}: ${Math.round(process.memoryUsage().rss / 1048576)} MB`,
  )
  const started = performance.now()
  let lastPrinted = 0
  const counts = await syncFolder(ctx, {
    folder,
    removeMissing: false,
    onProgress: ({ done, total: all }) => {
      if (performance.now() - lastPrinted < 5000) return
      lastPrinted = performance.now()
      console.log(`  extracted ${done}/${all} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    },
  })
  const extractedSeconds = (performance.now() - started) / 1000
  const messageIds = (await database.query<{ id: string }>(`SELECT message_id AS id FROM files WHERE message_id IS NOT NULL`)).map(
    (r) => r.id,
  )
  let chunks = 0
  for (let start = 0; start < messageIds.length; start += 200) {
    chunks += (await indexMessages(ctx, messageIds.slice(start, start + 200))).chunksWritten
  }
  const seconds = (performance.now() - started) / 1000
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
  console.log(
    `stored created=${counts.created} failed=${counts.failed} (scans, encrypted files) in ${extractedSeconds.toFixed(1)} s; ` +
      `indexed ${messageIds.length} texts into ${chunks} chunks`,
  )
  await database.close()
  console.log(
    `bench:documents files=${total} seconds=${seconds.toFixed(1)} files_per_s=${(total / seconds).toFixed(1)} peak_rss_mb=${Math.round(peakRss / 1048576)}`,
  )
} finally {
  clearInterval(sampler)
  fs.rmSync(workDir, { recursive: true, force: true })
  await scratch?.drop()
}
