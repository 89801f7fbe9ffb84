// Replays issue 18 item 11 (and issue 17 item 6): a retried import run ended 'completed' but kept its
// "interrupted" error, its counters were overwritten (created 0 / skipped 50,000 for a run that created 50,000),
// uploads stayed under data/imports forever (a kill mid-upload left an orphan), and /jobs/runs showed server paths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { testApp } from '../helpers/app.js'
import { silentLog, testConfig } from '../helpers/database.js'
import { waitFor } from '../helpers/wait-for.js'
import type { ServiceContext } from '../../src/lib/context.js'
import { closeAbandonedImportRuns, createImportRun, getImportRun } from '../../src/modules/importers/import-runs.js'
import { runImport } from '../../src/modules/importers/run-import.js'
import { runQueuedImport, sweepOrphanUploads } from '../../src/modules/importers/upload-import.js'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-security-runs-'))
const importsDir = path.join(dataDir, 'imports')
let app: FastifyInstance
let auth: Record<string, string>
let ctx: ServiceContext

beforeAll(async () => {
  const config = testConfig({ SIGNALBOX_DATA_DIR: dataDir })
  const built = await testApp({ config })
  app = built.app
  auth = built.auth
  ctx = { database: built.database, workspaceId: built.defaultWorkspaceId, actor: { kind: 'system' }, log: silentLog, config }
}, 300_000)
afterAll(async () => {
  await app.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

const jsonl = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, i) =>
    JSON.stringify({ externalId: `${prefix}-${i}`, conversation: { externalId: 'c' }, sentAt: '2026-01-01T00:00:00Z', content: `m ${i}` }),
  ).join('\n')

function uploadedFile(name: string, text: string) {
  const folder = path.join(importsDir, `upload-${name}`)
  fs.mkdirSync(folder, { recursive: true })
  fs.writeFileSync(path.join(folder, name), text)
  return { folder, relative: path.join(`upload-${name}`, name) }
}

describe('import runs after a crash', () => {
  it('a retried run keeps what earlier attempts created, drops the "interrupted" note and removes its upload', async () => {
    const upload = uploadedFile('retried.jsonl', jsonl(120, 'retry'))
    const jobRunId = await createImportRun(
      ctx,
      { kind: 'jsonl', path: upload.relative, fileName: 'retried.jsonl', uploaded: true },
      'queued',
    )
    // The first attempt stores everything, then its process dies before the run is closed.
    await runImport(ctx, { kind: 'jsonl', path: path.join(importsDir, upload.relative), jobRunId, batchSize: 50 })
    await ctx.database.query(`UPDATE job_runs SET status = 'running', finished_at = NULL WHERE id = $1`, [jobRunId])
    expect(await closeAbandonedImportRuns(ctx)).toContain(jobRunId)
    expect((await getImportRun(ctx, jobRunId)).errors.at(-1)?.message).toMatch(/^interrupted/)

    // The queue retries the job.
    await runQueuedImport(ctx, jobRunId)
    const run = await getImportRun(ctx, jobRunId)
    expect(run.status).toBe('completed')
    expect(run.counts).toMatchObject({ fetched: 120, created: 120, skipped: 0, failed: 0 })
    expect(run.errors).toEqual([])
    expect(fs.existsSync(upload.folder)).toBe(false)
  })

  it('sweeps upload folders no queued or running import refers to, once they are old enough', async () => {
    const orphan = uploadedFile('orphan.json', '{"messages": [')
    const waiting = uploadedFile('waiting.jsonl', jsonl(1, 'waiting'))
    const fresh = uploadedFile('fresh.json', '{')
    await createImportRun(ctx, { kind: 'jsonl', path: waiting.relative, fileName: 'waiting.jsonl', uploaded: true }, 'queued')
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000)
    for (const folder of [orphan.folder, waiting.folder]) fs.utimesSync(folder, twoHoursAgo, twoHoursAgo)

    const removed = await sweepOrphanUploads(ctx)
    expect(removed).toEqual(['upload-orphan.json'])
    expect(fs.existsSync(waiting.folder)).toBe(true)
    expect(fs.existsSync(fresh.folder)).toBe(true)
    fs.rmSync(fresh.folder, { recursive: true })
    fs.rmSync(waiting.folder, { recursive: true })
  })

  it('shows no server file path in /jobs/runs or /imports, and removes an uploaded file after its import', async () => {
    const boundary = '----signalbox-security'
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\njsonl\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="feed.jsonl"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.from(jsonl(3, 'http')),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const queued = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    })
    expect(queued.statusCode).toBe(202)
    const id = queued.json().id
    await waitFor('the import to finish', async () => ((await getImportRun(ctx, id)).status === 'completed' ? true : undefined), 60)
    await waitFor('the upload to be removed', async () => (fs.readdirSync(importsDir).length === 0 ? true : undefined), 30)

    for (const url of ['/api/v1/jobs/runs?kind=import', '/api/v1/imports', `/api/v1/imports/${id}`]) {
      const listed = await app.inject({ method: 'GET', url, headers: auth })
      expect(listed.statusCode).toBe(200)
      expect(listed.body).not.toContain(dataDir)
      expect(listed.body).not.toContain(os.tmpdir())
    }
  })
})
