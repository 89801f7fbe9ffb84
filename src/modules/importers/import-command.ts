// `signalbox import <kind> <path>`: runs the importer on the local database, or uploads the file to the server
// that holds the data dir (or SIGNALBOX_URL) and follows the job; a progress bar on stderr, a summary on stdout.
import fs from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import cliProgress from 'cli-progress'
import { cliConfig, CliError, dataOf, findServer, withLocalContext, type ServerClient } from '../../cli/runtime.js'
import { importKinds, type ImportKind } from './import-types.js'
import { runImport } from './run-import.js'
import type { ImportCounters, ImportRunView } from './import-runs.js'
import { folderAsUpload, FolderUploadError, type UploadFile } from './folder-upload.js'

type Outcome = {
  kind: ImportKind
  status: string
  counts: { created: number; createdServiceEvents: number; updated: number; skipped: number; failed: number }
  errors: Array<Record<string, unknown>>
  seconds: number
}

function progressBar() {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'import [{bar}] {percentage}% | {done}/{size} MiB | created {created} skipped {skipped} failed {failed}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  // Without a terminal (logs, CI, a parent process) the bar would be invisible: print a plain line per second instead.
  const plain = !process.stderr.isTTY
  let lastLine = 0
  return {
    update(bytesRead: number, bytesTotal: number, counts: { created: number; skipped: number; failed: number }) {
      if (plain) {
        if (Date.now() - lastLine < 1000) return
        lastLine = Date.now()
        process.stderr.write(
          `import progress bytes=${bytesRead}/${bytesTotal} created=${counts.created} skipped=${counts.skipped} failed=${counts.failed}\n`,
        )
        return
      }
      const payload = {
        done: (bytesRead / 1048576).toFixed(1),
        size: (bytesTotal / 1048576).toFixed(1),
        created: counts.created,
        skipped: counts.skipped,
        failed: counts.failed,
      }
      if (!started) {
        bar.start(Math.max(bytesTotal, 1), bytesRead, payload)
        started = true
      } else bar.update(bytesRead, payload)
    },
    stop() {
      if (started) bar.stop()
    },
  }
}

export function registerImportCommand(program: Command) {
  program
    .command('import')
    .description(
      'Import a Telegram Desktop export, a Slack export (folder or .zip), email (.mbox/.eml), JSONL, a folder of documents or a meeting',
    )
    .argument('<kind>', [...importKinds, 'files', 'meeting'].join(' | '))
    .argument('<path>', 'file or folder to import')
    .option('--title <title>', 'meeting: its title (default: the file name)')
    .option('--date <date>', 'meeting: when it started, ISO (default: now)')
    .action(async (kindArgument: string, inputPath: string, options: { title?: string; date?: string }) => {
      // Documents and meetings are not messages of an export: their own modules read them (extraction, hashes, turns).
      // The documents CLI entry is imported lazily and directly: through documents/index.ts it would close a cycle
      // (connectors -> documents -> cli runtime -> providers -> connectors).
      // eslint-disable-next-line import-x/no-restricted-paths
      if (kindArgument === 'files') return (await import('../documents/documents-command.js')).importDocumentFolder(inputPath)
      if (kindArgument === 'meeting') return (await import('../meetings/index.js')).importMeetingFromCli(inputPath, options)
      if (!(importKinds as readonly string[]).includes(kindArgument)) {
        throw new CliError(`Unknown import kind '${kindArgument}': use one of ${[...importKinds, 'files', 'meeting'].join(', ')}`)
      }
      const kind = kindArgument as ImportKind
      if (!fs.existsSync(inputPath)) throw new CliError(`${inputPath}: no such file or folder`)
      const config = cliConfig()
      const server = findServer(config)
      const bar = progressBar()
      const started = performance.now()
      let outcome: Outcome
      try {
        outcome = server
          ? await importThroughServer(server, kind, inputPath, bar)
          : await withLocalContext(config, async (ctx) => {
              const summary = await runImport(ctx, {
                kind,
                path: path.resolve(inputPath),
                onProgress: (c: ImportCounters) => bar.update(c.bytesRead, c.bytesTotal, c),
              })
              return { kind, status: summary.status, counts: summary, errors: summary.errors, seconds: summary.seconds }
            })
      } finally {
        bar.stop()
      }
      for (const error of outcome.errors.slice(0, 50)) {
        console.error(`error: ${error.file}: ${error.position}: ${error.message}`)
      }
      if (outcome.counts.failed > 50) console.error(`... and ${outcome.counts.failed - 50} more errors`)
      const seconds = server ? (performance.now() - started) / 1000 : outcome.seconds
      const c = outcome.counts
      // Chat messages and service events (joins, pins) apart: "3,398 created" read as 3,398 messages.
      const said = c.created - c.createdServiceEvents
      console.log(
        `created ${said.toLocaleString('en')} messages and ${c.createdServiceEvents.toLocaleString('en')} service events (joins, pins, ...)`,
      )
      console.log(
        `import kind=${kind} created=${c.created} updated=${c.updated} skipped=${c.skipped} failed=${c.failed} seconds=${seconds.toFixed(2)}`,
      )
      if (outcome.status === 'failed') process.exitCode = 1
    })
}

async function importThroughServer(
  server: ServerClient,
  kind: ImportKind,
  inputPath: string,
  bar: ReturnType<typeof progressBar>,
): Promise<Outcome> {
  // A folder is uploaded as one file: result.json of a Telegram export, else a .zip made here.
  let upload: UploadFile = { file: inputPath, name: path.basename(inputPath), cleanup: () => {} }
  if (fs.statSync(inputPath).isDirectory()) {
    try {
      upload = await folderAsUpload(kind, inputPath)
    } catch (error) {
      if (error instanceof FolderUploadError) throw new CliError(error.message)
      throw error
    }
  }
  const form = new FormData()
  form.append('kind', kind)
  form.append('file', await fs.openAsBlob(upload.file), upload.name)
  let run: ImportRunView
  // The blob is read while the request is sent; a zip made here is removed after that.
  try {
    // Multipart is read part by part by the route, so its OpenAPI entry declares no body type.
    run = await dataOf(server.api.POST('/api/v1/imports', { body: form as never }))
  } finally {
    upload.cleanup()
  }
  while (run.status === 'queued' || run.status === 'running') {
    bar.update(run.progress.bytesRead, run.progress.bytesTotal ?? 0, run.counts)
    await new Promise((resolve) => setTimeout(resolve, 500))
    run = await dataOf(server.api.GET('/api/v1/imports/{id}', { params: { path: { id: run.id } } }))
  }
  return { kind, status: run.status, counts: run.counts, errors: run.errors, seconds: 0 }
}
