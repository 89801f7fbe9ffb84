import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { testApp } from '../../../test/helpers/app.js'
import { testConfig } from '../../../test/helpers/database.js'
import { importersModule } from './module.js'
import { runImportJobName } from './upload-import.js'
import { silentLog } from '../../../test/helpers/database.js'
import { startQueue } from '../../jobs/queue.js'
import { waitFor } from '../../../test/helpers/wait-for.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-upload-test-'))
const config = testConfig({ SIGNALBOX_DATA_DIR: dataDir })
const telegramFixture = path.resolve('test/fixtures/importers/telegram/oop-result.json')
let t: TestApp

beforeAll(async () => {
  t = await testApp({ config })
})
afterAll(async () => {
  await t?.app.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer }) {
  const boundary = '----signalbox-test-boundary'
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    )
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { ...t.auth, 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

async function waitForRun(id: string) {
  for (let i = 0; i < 600; i++) {
    const run = (await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: t.auth })).json()
    if (run.status !== 'queued' && run.status !== 'running') return run
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('import did not finish')
}

describe('POST /api/v1/imports', () => {
  it('saves the upload under the data dir, runs the import, shows its counts and then removes the upload', async () => {
    const body = multipart({ kind: 'telegram' }, { name: 'result.json', content: fs.readFileSync(telegramFixture) })
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/imports', ...body })
    expect(res.statusCode).toBe(202)
    const queued = res.json()
    expect(queued).toMatchObject({ kind: 'telegram', fileName: 'result.json' })
    expect(['queued', 'running', 'completed']).toContain(queued.status)

    const done = await waitForRun(queued.id)
    expect(done).toMatchObject({ status: 'completed', counts: { fetched: 46, created: 46, failed: 0 }, errors: [] })
    expect(done.progress.bytesRead).toBe(fs.statSync(telegramFixture).size)
    // The upload has served its purpose once the run is finished (issue 18 item 11: uploads were kept forever).
    await waitFor(
      'the upload to be removed',
      async () => (fs.readdirSync(path.join(dataDir, 'imports')).length === 0 ? true : undefined),
      30,
    )

    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/imports', headers: t.auth })).json()
    expect(list.items.map((r: { id: string }) => r.id)).toContain(queued.id)
  })

  it('lists the invalid items of an uploaded file in the run', async () => {
    const jsonl =
      '{"externalId":"u1","conversation":{"externalId":"c"},"sentAt":"2026-01-01T00:00:00Z","content":"ok"}\n{"externalId":"u2"}\n'
    const body = multipart({ kind: 'jsonl' }, { name: 'feed.jsonl', content: Buffer.from(jsonl) })
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/imports', ...body })
    const done = await waitForRun(res.json().id)
    expect(done).toMatchObject({ status: 'completed', counts: { created: 1, failed: 1 } })
    expect(done.errors[0]).toMatchObject({ file: 'feed.jsonl', position: 'line 2' })
  })

  it('answers 400 naming the field for an unknown kind or a missing file, and keeps nothing', async () => {
    const bad = multipart({ kind: 'fax' }, { name: 'x.json', content: Buffer.from('{}') })
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/imports', ...bad })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.details).toEqual([{ path: 'kind', message: expect.stringMatching(/telegram/) }])

    const noFile = await t.app.inject({ method: 'POST', url: '/api/v1/imports', ...multipart({ kind: 'jsonl' }) })
    expect(noFile.statusCode).toBe(400)
    expect(noFile.json().error.details[0].path).toBe('file')
    await waitFor(
      'finished uploads to be removed',
      async () => (fs.readdirSync(path.join(dataDir, 'imports')).length === 0 ? true : undefined),
      30,
    )
  })

  it('answers 404 for an unknown import', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/imports/00000000-0000-4000-8000-000000000000', headers: t.auth })
    expect(res.statusCode).toBe(404)
  })
})

describe('the import job', () => {
  it('is queued on the real queue, and its handler runs the import once', { timeout: 300_000 }, async () => {
    const queue = await startQueue(t.database, silentLog, { supervise: false })
    const withQueue = await testApp({ config, database: t.database, queue })
    try {
      const body = multipart({ kind: 'telegram' }, { name: 'again.json', content: fs.readFileSync(telegramFixture) })
      const res = await withQueue.app.inject({ method: 'POST', url: '/api/v1/imports', ...body })
      expect(res.json().status).toBe('queued')
      const [job] = await queue.boss.fetch<{ workspaceId: string; jobRunId: string }>(runImportJobName)
      expect(job.data).toEqual({ workspaceId: withQueue.defaultWorkspaceId, jobRunId: res.json().id })

      const definition = importersModule.jobs!.find((j) => j.name === runImportJobName)!
      const deps = { database: t.database, config, log: silentLog, queue }
      await definition.handle(deps, definition.payload.parse(job.data), { id: job.id })
      await definition.handle(deps, definition.payload.parse(job.data), { id: job.id }) // a retry of a finished run does nothing
      const run = (await withQueue.app.inject({ method: 'GET', url: `/api/v1/imports/${res.json().id}`, headers: t.auth })).json()
      expect(run).toMatchObject({ status: 'completed', counts: { created: 0, skipped: 46 } })
    } finally {
      await withQueue.app.close()
      await queue.stop()
    }
  })
})
