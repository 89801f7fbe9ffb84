// npm run bench:ingest -- --via-server [--messages N]: the same generated Telegram export imported twice, each into
// a fresh embedded data dir: by the CLI path (runImport in this process, no server) and by the upload path (the
// file posted to a running server, as `signalbox import` does when a server holds the data dir, and followed to
// the end). While the upload runs, the API is probed every 200 ms; the longest answer shows whether the server
// kept answering (issue 18 item 12: gaps up to 45 s, and 390 s for 50k uploaded against 27 s for 200k by the CLI).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config.js'
import { openDatabase } from '../src/db/open.js'
import { createLogger } from '../src/lib/logger.js'
import { readLocalToken } from '../src/lib/data-dir.js'
import { ensureDefaultWorkspace } from '../src/modules/workspaces/index.js'
import { runImport } from '../src/modules/importers/index.js'
import { startServer } from '../src/server.js'
import { generateExport } from './telegram-export-generator.js'

const log = createLogger('warn')
const configFor = (dataDir: string, extra: Record<string, string> = {}) =>
  loadConfig({ ...process.env, SIGNALBOX_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: undefined, ...extra })

async function importByCli(exportFile: string, dataDir: string) {
  const config = configFor(dataDir)
  const database = await openDatabase(config, log)
  try {
    const workspaceId = await ensureDefaultWorkspace({ database })
    const started = performance.now()
    const summary = await runImport(
      { database, config, log, workspaceId, actor: { kind: 'system' } },
      { kind: 'telegram', path: exportFile },
    )
    return { seconds: (performance.now() - started) / 1000, created: summary.created }
  } finally {
    await database.close()
  }
}

async function importByUpload(exportFile: string, dataDir: string) {
  const server = await startServer(configFor(dataDir, { PORT: '0' }), log)
  const headers = { authorization: `Bearer ${readLocalToken(dataDir)}` }
  const call = async (method: string, url: string, body?: FormData) => {
    const response = await fetch(new URL(url, server.url), { method, headers, body })
    if (!response.ok) throw new Error(`${method} ${url}: HTTP ${response.status} ${await response.text()}`)
    return response.json()
  }
  // The API's answers while the import runs: the longest, and how many probes there were.
  const latencies: number[] = []
  let probing = true
  const probe = (async () => {
    while (probing) {
      const started = performance.now()
      await call('GET', '/api/v1/conversations?limit=1')
      await fetch(new URL('/healthz', server.url))
      latencies.push(performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  })()
  try {
    const started = performance.now()
    const form = new FormData()
    form.append('kind', 'telegram')
    form.append('file', await fs.openAsBlob(exportFile), 'result.json')
    let run = await call('POST', '/api/v1/imports', form)
    while (run.status === 'queued' || run.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 250))
      run = await call('GET', `/api/v1/imports/${run.id}`)
    }
    const seconds = (performance.now() - started) / 1000
    probing = false
    await probe
    if (run.status !== 'completed') throw new Error(`upload import ended ${run.status}: ${JSON.stringify(run.errors.slice(0, 3))}`)
    const sorted = [...latencies].sort((a, b) => a - b)
    return {
      seconds,
      created: run.counts.created,
      probes: sorted.length,
      maxApiMs: sorted.at(-1) ?? 0,
      p95ApiMs: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
    }
  } finally {
    probing = false
    await probe.catch(() => {})
    await server.stop()
  }
}

export async function benchViaServer(total: number) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-bench-server-'))
  try {
    const exportFile = path.join(workDir, 'result.json')
    generateExport(exportFile, total)
    console.log(`generated ${total} messages: ${(fs.statSync(exportFile).size / 1048576).toFixed(1)} MiB`)
    const cli = await importByCli(exportFile, path.join(workDir, 'cli-data'))
    const upload = await importByUpload(exportFile, path.join(workDir, 'server-data'))
    if (cli.created !== total || upload.created !== total)
      throw new Error(`created ${cli.created} (CLI) and ${upload.created} (upload), expected ${total}`)
    console.log(`bench:ingest path=cli messages=${total} seconds=${cli.seconds.toFixed(2)} msgs_per_s=${Math.round(total / cli.seconds)}`)
    console.log(
      `bench:ingest path=upload messages=${total} seconds=${upload.seconds.toFixed(2)} msgs_per_s=${Math.round(total / upload.seconds)} ` +
        `upload_to_cli=${(upload.seconds / cli.seconds).toFixed(2)} api_probes=${upload.probes} api_p95_ms=${Math.round(upload.p95ApiMs)} api_max_ms=${Math.round(upload.maxApiMs)}`,
    )
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true })
  }
}
