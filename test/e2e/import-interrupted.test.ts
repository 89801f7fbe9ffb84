// An import killed mid-way (SIGKILL, no clean-up) and run again ends with exactly one copy of every message:
// each batch is one transaction and external ids make the re-run skip what the first run committed.
import { afterAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openPglite } from '../../src/db/client.js'

const total = 20_000
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-import-kill-'))
const dataDir = path.join(workDir, 'data')
const file = path.join(workDir, 'messages.jsonl')

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }))

function writeMessages() {
  const lines: string[] = []
  for (let i = 0; i < total; i++) {
    lines.push(
      JSON.stringify({
        externalId: `m${i}`,
        conversation: { externalId: `room-${i % 50}` },
        author: { externalId: `user-${i % 300}` },
        sentAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
        content: `message ${i} about the deploy and the invoice backlog`,
        replyToExternalId: i > 10 && i % 5 === 0 ? `m${i - 7}` : undefined,
      }),
    )
  }
  fs.writeFileSync(file, lines.join('\n') + '\n')
}

type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs `signalbox import jsonl <file>`; with `killAfterFirstBatch`, SIGKILLs it once a batch is reported stored. */
function runCli(killAfterFirstBatch: boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, SIGNALBOX_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }
    delete env.DATABASE_URL
    delete env.SIGNALBOX_URL
    const child = spawn(process.execPath, ['bin/signalbox.js', 'import', 'jsonl', file], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => {
      stderr += d
      if (killAfterFirstBatch && /created=[1-9]/.test(stderr)) child.kill('SIGKILL')
    })
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

const summary = (out: string) => {
  const match = /import kind=jsonl created=(\d+) updated=(\d+) skipped=(\d+) failed=(\d+) seconds=[\d.]+\s*$/.exec(out)
  if (!match) throw new Error(`no summary line in: ${out}`)
  return { created: Number(match[1]), updated: Number(match[2]), skipped: Number(match[3]), failed: Number(match[4]) }
}

describe('signalbox import killed mid-way', () => {
  it('completes on a re-run with exactly one copy of every message', { timeout: 600_000 }, async () => {
    writeMessages()
    const killed = await runCli(true)
    expect(killed.signal, killed.stderr).toBe('SIGKILL')
    expect(killed.stdout).not.toMatch(/import kind=/)

    const rerun = await runCli(false)
    expect(rerun.code, rerun.stderr).toBe(0)
    const second = summary(rerun.stdout)
    // The first run committed at least the batch it reported, and not everything.
    expect(second.skipped).toBeGreaterThanOrEqual(1000)
    expect(second.created).toBeGreaterThan(0)
    expect(second.created + second.skipped).toBe(total)
    expect(second.failed).toBe(0)

    const database = await openPglite(dataDir)
    try {
      const [counts] = await database.query<{ n: number; distinct_ids: number; linked: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS distinct_ids,
           count(reply_to_message_id)::int AS linked FROM messages`,
      )
      expect(counts.n).toBe(total)
      expect(counts.distinct_ids).toBe(total)
      const replies = Array.from({ length: total }, (_, i) => i).filter((i) => i > 10 && i % 5 === 0).length
      expect(counts.linked).toBe(replies)
      const runs = await database.query<{
        status: string
        stored: number
        error_log: Array<{ message: string }>
        finished_at: string | null
      }>(`SELECT status, stored, error_log, finished_at FROM job_runs WHERE kind = 'import' ORDER BY created_at`)
      // The re-run closed the killed run's row as interrupted (it no longer looks busy) and completed.
      expect(runs.map((r) => r.status)).toEqual(['failed', 'completed'])
      expect(runs[0].error_log.at(-1)?.message).toMatch(/^interrupted/)
      expect(runs[0].finished_at).not.toBeNull()
      expect(runs[0].stored).toBeGreaterThanOrEqual(1000)
    } finally {
      await database.close()
    }
  })
})
