// `signalbox import files <dir>`: every supported document under the folder into the documents store, on the
// local database or, when a server holds the data dir (or SIGNALBOX_URL is set), uploaded to it in batches.
// Re-running it adds only new and changed files. A progress bar (files done / total) on stderr, a summary on stdout.
import fs from 'node:fs'
import path from 'node:path'
import cliProgress from 'cli-progress'
import { cliConfig, CliError, dataOf, findServer, withLocalContext, type ServerClient } from '../../cli/runtime.js'
import { emptyCounts, listFolderFiles, syncFolder, type DocumentSyncCounts } from './folder-sync.js'
import type { StoreOutcome } from './store-document.js'

function fileProgressBar() {
  const plain = !process.stderr.isTTY
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'import files [{bar}] {value}/{total} files | {current}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  let lastLine = 0
  return {
    update(done: number, total: number, current = '') {
      if (plain) {
        // Without a terminal: one plain line a second (and the last one), not an invisible bar.
        if (Date.now() - lastLine < 1000 && done < total) return
        lastLine = Date.now()
        process.stderr.write(`import progress files=${done}/${total}\n`)
        return
      }
      if (!started) {
        bar.start(Math.max(total, 1), done, { current })
        started = true
      } else bar.update(done, { current: current.slice(-40) })
    },
    stop() {
      if (started) bar.stop()
    },
  }
}

/** Files per upload request (the route's limit is 20). */
const uploadBatch = 10

async function uploadFolder(server: ServerClient, folder: string, bar: ReturnType<typeof fileProgressBar>): Promise<DocumentSyncCounts> {
  const files = listFolderFiles(folder)
  const counts = emptyCounts()
  counts.scanned = files.length
  for (let start = 0; start < files.length; start += uploadBatch) {
    const batch = files.slice(start, start + uploadBatch)
    const form = new FormData()
    // The part's file name carries the path inside the folder, so Reports/a.md and Drafts/a.md stay apart.
    for (const file of batch) form.append('file', await fs.openAsBlob(file.absolutePath), file.path)
    // Multipart is read part by part by the route, so its OpenAPI entry declares no body type.
    const result = await dataOf(server.api.POST('/api/v1/documents', { body: form as never }))
    for (const item of result.items as Array<{ name: string; outcome: StoreOutcome; error: string | null }>) {
      counts[item.outcome]++
      if (item.error) counts.errors.push({ path: item.name, error: item.error })
    }
    bar.update(Math.min(start + uploadBatch, files.length), files.length, batch.at(-1)?.path)
  }
  return counts
}

export async function importDocumentFolder(inputPath: string): Promise<void> {
  if (!fs.existsSync(inputPath) || !fs.statSync(inputPath).isDirectory()) throw new CliError(`${inputPath}: not a folder`)
  const config = cliConfig()
  const server = findServer(config)
  const bar = fileProgressBar()
  const started = performance.now()
  let counts: DocumentSyncCounts
  try {
    counts = server
      ? await uploadFolder(server, inputPath, bar)
      : await withLocalContext(config, (ctx) =>
          syncFolder(ctx, {
            folder: path.resolve(inputPath),
            removeMissing: false,
            onProgress: (p) => bar.update(p.done, p.total, p.current),
          }),
        )
  } finally {
    bar.stop()
  }
  for (const error of counts.errors.slice(0, 50)) console.error(`error: ${error.path}: ${error.error}`)
  if (counts.errors.length > 50) console.error(`... and ${counts.errors.length - 50} more errors`)
  const seconds = (performance.now() - started) / 1000
  console.log(
    `import kind=files scanned=${counts.scanned} created=${counts.created} updated=${counts.updated} unchanged=${counts.unchanged} ` +
      `failed=${counts.failed} seconds=${seconds.toFixed(2)}`,
  )
}
