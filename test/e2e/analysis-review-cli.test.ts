// `signalbox analyze`, `proposals` and `review` in process through commander, on a local data dir: short id
// prefixes, paging past one page, bulk review of a selection, and the run's final progress line.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { registerAnalysisCommands } from '../../src/modules/analysis/analysis-commands.js'
import { listProposals, listRuns } from '../../src/modules/analysis/index.js'
import { runImport } from '../../src/modules/importers/index.js'
import { withLocalContext } from '../../src/cli/runtime.js'
import { loadConfig } from '../../src/config.js'

const fixture = path.resolve(__dirname, '../fixtures/analysis/review-memory.jsonl')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-review-cli-'))
const saved = {
  dir: process.env.SIGNALBOX_DATA_DIR,
  db: process.env.DATABASE_URL,
  url: process.env.SIGNALBOX_URL,
  log: process.env.LOG_LEVEL,
}

beforeAll(async () => {
  process.env.SIGNALBOX_DATA_DIR = dataDir
  process.env.LOG_LEVEL = 'silent'
  delete process.env.DATABASE_URL
  delete process.env.SIGNALBOX_URL
  await withLocalContext(loadConfig(), (ctx) => runImport(ctx, { kind: 'jsonl', path: fixture }))
}, 120_000)
afterAll(() => {
  for (const [key, value] of [
    ['SIGNALBOX_DATA_DIR', saved.dir],
    ['DATABASE_URL', saved.db],
    ['SIGNALBOX_URL', saved.url],
    ['LOG_LEVEL', saved.log],
  ] as const) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function signalbox(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const stdout: string[] = []
  const stderr: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true))
  const program = new Command().exitOverride()
  registerAnalysisCommands(program)
  try {
    await program.parseAsync(['node', 'signalbox', ...args])
  } finally {
    vi.restoreAllMocks()
  }
  return { stdout: stdout.join(''), stderr: stderr.join('') }
}

const local = <T>(work: Parameters<typeof withLocalContext<T>>[1]) => withLocalContext(loadConfig(), work)

describe('signalbox review from the CLI', () => {
  it('analyze records a manual run and ends on its final progress line', { timeout: 120_000 }, async () => {
    // --per-25 off: no volume budget, so the review tests below see every proposal of these seven messages.
    const { stdout, stderr } = await signalbox(
      'analyze',
      '--from',
      '2026-01-05T00:00:00Z',
      '--to',
      '2026-01-06T00:00:00Z',
      '--per-25',
      'off',
    )
    expect(stdout).toMatch(/^Run [0-9a-f-]{36} completed$/m)
    const progress = stderr.trim().split('\n')
    expect(progress.at(-1)).toMatch(/ completed: batch (\d+)\/\1, \d+ proposals/)
    expect(stderr).not.toMatch(/batch 0\/0/)
    const runs = await local((ctx) => listRuns(ctx, { limit: 5 }))
    expect(runs.map((run) => run.triggerType)).toEqual(['manual'])
  })

  it('lists every proposal page after page with --all, with short ids', { timeout: 120_000 }, async () => {
    const total = (await local((ctx) => listProposals(ctx, { status: 'pending', sort: 'created', limit: 100, offset: 0 }))).total
    expect(total).toBeGreaterThanOrEqual(3)
    const firstPage = await signalbox('proposals', '--limit', '1')
    expect(firstPage.stdout).toMatch(new RegExp(`^1-1 of ${total} \\(next: --offset 1, or --all\\)$`, 'm'))
    const all = await signalbox('proposals', '--limit', '1', '--all')
    expect(all.stdout.match(/^[0-9a-f]{8} {2}pending /gm)).toHaveLength(total)
    expect(all.stdout).toMatch(new RegExp(`^1-${total} of ${total}$`, 'm'))
    expect(all.stdout).toMatch(/^ {4}why: .+ (asked|committed|noted a to-do): "/m)
  })

  it('reviews one proposal by a short id prefix, then rejects a selection in bulk', { timeout: 120_000 }, async () => {
    const { items } = await local((ctx) => listProposals(ctx, { status: 'pending', sort: 'confidence', limit: 100, offset: 0 }))
    const best = items[0]
    const approved = await signalbox('review', best.id.slice(0, 8), 'approve')
    expect(approved.stdout).toMatch(new RegExp(`^Proposal ${best.id} approved -> (task|atom) `, 'm'))
    await expect(signalbox('review', 'zz', 'approve')).rejects.toThrow(/zz: not a proposal id or id prefix/)

    const runId = best.runId
    const below = Math.max(...items.slice(1).map((p) => p.confidence)) + 0.001
    const bulk = await signalbox('review', '--run', runId, '--below', String(below), 'reject', '--reason', 'not for us')
    expect(bulk.stdout).toMatch(new RegExp(`^${items.length - 1} proposal\\(s\\) rejected$`, 'm'))
    const left = await local((ctx) => listProposals(ctx, { runId, status: 'rejected', sort: 'created', limit: 100, offset: 0 }))
    expect(left.items.map((p) => p.review.reason)).toEqual(Array(items.length - 1).fill('not for us'))
    await expect(signalbox('review', 'reject')).rejects.toThrow(/Name the proposal/)
  })
})
