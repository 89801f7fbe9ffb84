// Documents over real HTTP: a multipart upload of real files (one a scan), the listing with status and error, a
// document's sections, search by the `files` kind with the section's heading path, deletion; the CLI's path-carrying
// upload names; and the WebDAV connector against a real Apache mod_dav server (new, unchanged, changed, deleted).
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../helpers/app.js'
import { connectSource, syncNow } from '../helpers/connectors.js'
import { apacheAvailable, apacheSkipReason, startWebdav, type TestWebdav } from '../helpers/apache-webdav.js'
import { indexMessages } from '../../src/modules/pipeline/index.js'
import { silentLog, testConfig } from '../helpers/database.js'

const fixtures = path.join(import.meta.dirname, '../fixtures/documents')
let t: Awaited<ReturnType<typeof testApp>>
let base: string

beforeAll(async () => {
  t = await testApp()
  base = await t.app.listen({ port: 0, host: '127.0.0.1' })
})
afterAll(async () => {
  await t?.app.close()
})

async function api<T>(method: string, url: string, body?: FormData | object): Promise<{ status: number; json: T }> {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { ...t.auth, ...(body && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}) },
    body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
  })
  const text = await response.text()
  return { status: response.status, json: (text ? JSON.parse(text) : null) as T }
}

/** Chunks what ingest stored (the workers would, on a server with a queue). */
async function indexPending() {
  const rows = await t.database.query<{ id: string }>(`SELECT id FROM messages`)
  await indexMessages(
    { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'system' }, log: silentLog, config: testConfig() },
    rows.map((r) => r.id),
  )
}

type Listed = {
  items: Array<{ id: string; name: string; path: string; status: string; error: string | null; deletedAt: string | null }>
  total: number
}

describe('documents API', () => {
  it('uploads documents, lists them with status and error, shows sections, finds them by the files kind, deletes', async () => {
    const form = new FormData()
    form.append('file', new Blob([fs.readFileSync(path.join(fixtures, 'docling_unit_test_headers.docx'))]), 'headers.docx')
    form.append('file', new Blob([fs.readFileSync(path.join(fixtures, 'docling_ocr_test_image_only.pdf'))]), 'scan.pdf')
    form.append('file', new Blob(['# Notes\n\nQuarterly narwhal sightings.']), 'Reports/../../etc/notes.md')
    const uploaded = await api<{ items: Array<{ name: string; fileId: string; outcome: string; status: string; error: string | null }> }>(
      'POST',
      '/api/v1/documents',
      form,
    )
    expect(uploaded.status).toBe(201)
    expect(uploaded.json.items.map((i) => [i.name, i.status])).toEqual([
      ['headers.docx', 'extracted'],
      ['scan.pdf', 'failed'],
      ['Reports/etc/notes.md', 'extracted'],
    ])
    expect(uploaded.json.items[1].error).toMatch(/scan/)

    const listed = await api<Listed>('GET', '/api/v1/documents?status=failed')
    expect(listed.json.items.map((d) => [d.name, d.error?.slice(0, 14)])).toEqual([['scan.pdf', 'No text layer ']])

    const docx = uploaded.json.items[0]
    const detail = await api<{ sections: Array<{ headingPath: string | null }>; contentMarkdown: string }>(
      'GET',
      `/api/v1/documents/${docx.fileId}`,
    )
    expect(detail.json.sections.map((s) => s.headingPath)).toContain('Section 2 > Section 2.1.1')

    await indexPending()
    const search = await api<{ items: Array<{ conversationTitle: string; sourceType: string; chunk: { headingPath: string | null } }> }>(
      'GET',
      '/api/v1/search?q=narwhal&source=files&mode=fulltext',
    )
    expect(search.json.items.map((h) => [h.conversationTitle, h.sourceType, h.chunk.headingPath])).toEqual([['notes.md', 'files', 'Notes']])

    const notes = uploaded.json.items[2]
    expect((await api('DELETE', `/api/v1/documents/${notes.fileId}`)).status).toBe(204)
    await indexPending()
    expect((await api<{ items: unknown[] }>('GET', '/api/v1/search?q=narwhal&source=files&mode=fulltext')).json.items).toHaveLength(0)
    expect((await api<Listed>('GET', '/api/v1/documents')).json.items.map((d) => d.name).sort()).toEqual(['headers.docx', 'scan.pdf'])
  })

  it('answers an upload without a file with 400 and the field, and an unknown document with 404', async () => {
    const form = new FormData()
    form.append('note', 'no file here')
    const empty = await api<{ error: { details: Array<{ path: string }> } }>('POST', '/api/v1/documents', form)
    expect(empty.status).toBe(400)
    expect(empty.json.error.details[0].path).toBe('file')
    expect((await api('GET', '/api/v1/documents/00000000-0000-4000-8000-000000000000')).status).toBe(404)
  })
})

describe.skipIf(!apacheAvailable)('WebDAV folder connector (Apache mod_dav)', () => {
  let dav: TestWebdav
  beforeAll(async () => {
    dav = await startWebdav()
  })
  afterAll(async () => {
    await dav?.stop()
  })

  it('refuses a wrong password at setup, then syncs new, unchanged, changed and deleted files by ETag', async () => {
    const settings = { url: dav.url, username: dav.user, password: dav.password, folder: '/Work' }
    dav.put('Work/CTS010/CTS010_review_plan.md', '# Harbour plan\n\n## Dredging\n\nThe dredging permit is pending.')
    dav.put('Work/minutes.txt', 'Minutes: the albatross survey starts Monday.')
    dav.put('Other/ignored.md', 'outside the followed folder')
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      headers: t.auth,
      payload: { connector: 'webdav', settings: { ...settings, password: 'wrong' } },
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.details[0].path).toBe('settings.password')

    const source = await connectSource(t, 'webdav', settings)
    expect(await syncNow(t, source.id)).toMatchObject({ fetched: 2, stored: 2, skipped: 0, errors: 0 })
    expect(await syncNow(t, source.id)).toMatchObject({ fetched: 0, stored: 0, skipped: 2 })

    dav.put('Work/minutes.txt', 'Minutes: the albatross survey moved to Tuesday.')
    dav.remove('Work/CTS010/CTS010_review_plan.md')
    expect(await syncNow(t, source.id)).toMatchObject({ fetched: 1, stored: 1, skipped: 0 })
    const listed = await api<Listed>('GET', '/api/v1/documents?origin=webdav&includeDeleted=true')
    expect(listed.json.items.map((d) => [d.path, d.deletedAt === null]).sort()).toEqual([
      ['CTS010/CTS010_review_plan.md', false],
      ['minutes.txt', true],
    ])
    const deliverables = await api<{ items: Array<{ projectCode: string; status: string }> }>(
      'GET',
      '/api/v1/documents/deliverables?projectCode=CTS010',
    )
    expect(deliverables.json.items).toEqual([]) // its file was deleted
    await indexPending()
    const hits = await api<{ items: Array<{ content: string }> }>('GET', '/api/v1/search?q=albatross&source=files&mode=fulltext')
    expect(hits.json.items.map((h) => h.content)).toEqual(['Minutes: the albatross survey moved to Tuesday.'])
  })
})
if (!apacheAvailable) console.log(apacheSkipReason)
