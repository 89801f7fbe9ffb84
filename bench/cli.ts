// npm run bench:cli [-- --runs N]: wall time of the `signalbox` command as a person runs it, each run a new process:
// `signalbox --help`, and `signalbox search` through a running server (the embedded data dir held by a server
// started here, with a few hundred messages). Compiles dist/ first (what `npm install` does), prints the median of
// N runs, the bare `node -e 0` start-up for scale on a busy machine; the last line is machine-readable.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config.js'
import { createLogger } from '../src/lib/logger.js'
import { startServer } from '../src/server.js'

const root = path.resolve(import.meta.dirname, '..')
const runsAt = process.argv.indexOf('--runs')
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 7

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Runs `node <args>` as a new process (asynchronously: the server answering it lives in this process). */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Median wall milliseconds of `node <args>` as a new process. */
async function timeProcess(args: string[], env: NodeJS.ProcessEnv, check?: (stdout: string) => void): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint()
    const result = await run(args, env)
    times.push(Number(process.hrtime.bigint() - started) / 1e6)
    if (result.code !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`)
    check?.(result.stdout)
  }
  return Math.round(median(times))
}

const built = spawnSync(process.execPath, [path.join(root, 'scripts/build-cli.mjs')], { encoding: 'utf8' })
if (built.status !== 0) throw new Error(`build-cli failed: ${built.stderr}`)

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-bench-cli-'))
const env: NodeJS.ProcessEnv = { ...process.env, SIGNALBOX_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }
delete env.DATABASE_URL
delete env.SIGNALBOX_URL
const server = await startServer(
  loadConfig({ SIGNALBOX_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', SIGNALBOX_WORKERS: 'off' }),
  createLogger('silent'),
)
try {
  const messages = Array.from({ length: 300 }, (_, i) => ({
    externalId: `b${i}`,
    conversation: { externalId: `room-${i % 5}` },
    author: { externalId: `user-${i % 20}` },
    sentAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    content: `status ${i}: the release of the billing service ${i % 7 === 0 ? 'slipped to friday' : 'is on track'}`,
  }))
  const token = fs.readFileSync(path.join(dataDir, 'local-token'), 'utf8').trim()
  const stored = await fetch(`${server.url}/api/v1/ingest/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ source: { type: 'api', name: 'bench' }, messages }),
  })
  if (!stored.ok) throw new Error(`ingest failed: ${await stored.text()}`)

  const nodeMs = await timeProcess(['-e', '0'], env)
  const helpMs = await timeProcess(['bin/signalbox.js', '--help'], env, (out) => {
    if (!out.includes('search')) throw new Error('--help did not list the commands')
  })
  const searchMs = await timeProcess(['bin/signalbox.js', 'search', 'billing release', '--mode', 'fulltext', '--k', '5'], env, (out) => {
    if (!/billing|No results/.test(out)) throw new Error(`search printed no page: ${out}`)
  })
  console.log(`runs=${runs} (median) node_startup_ms=${nodeMs} server=${server.url}`)
  console.log(`bench:cli help_ms=${helpMs} search_ms=${searchMs}`)
} finally {
  await server.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
}
