// Documents end to end at the service level on PGlite: real files written by others through extraction, the store,
// the message path into search (with the section's heading path), re-extraction on change, failures with reasons,
// deletion, classification into projects through the review inbox, and deliverables.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testContext } from '../../../test/helpers/database.js'
import type { ServiceContext } from '../../lib/context.js'
import { indexMessages } from '../pipeline/index.js'
import { hybridSearch } from '../search/index.js'
import { createProject } from '../projects/index.js'
import { getProposal, listProposals, reviewProposal } from '../analysis/index.js'
import { extractDocument } from './extract/extract-document.js'
import { ExtractionError } from './extract/extraction-error.js'
import { storeDocument } from './store-document.js'
import { syncFolder } from './folder-sync.js'
import { getDocument, listDeliverables, listDocuments } from './documents-queries.js'

const fixtures = path.join(import.meta.dirname, '../../../test/fixtures/documents')
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name))

async function extractionFailure(name: string) {
  const error = await extractDocument(name, fixture(name)).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ExtractionError)
  return error as ExtractionError
}

describe('document extraction (real files written by others)', () => {
  it('turns a PDF into Markdown whose larger-font lines are headings', async () => {
    const { markdown } = await extractDocument('a.pdf', fixture('docling_multi_page_headings.pdf'))
    expect(markdown).toMatch(/^# Pre-Digital Era \(19th - Early 20th Century\)$/m)
    expect(markdown).toMatch(/^# The Rise of Personal Computers \(1980s\)$/m)
    expect(markdown).toContain('Patented in 1868 by Christopher Latham Sholes')
  })

  it('keeps Word heading levels, PowerPoint slides with tables and notes, sheets, HTML and Shift_JIS CSV', async () => {
    const docx = (await extractDocument('h.docx', fixture('docling_unit_test_headers.docx'))).markdown
    expect(docx).toMatch(/^# Section 1$/m)
    expect(docx).toMatch(/^## Section 1\.1$/m)
    expect(docx).toMatch(/^### Section 1\.2\.3$/m)
    const pptx = (await extractDocument('s.pptx', fixture('docling_powerpoint_sample.pptx'))).markdown
    expect(pptx).toMatch(/^# Second slide title$/m)
    expect(pptx).toContain('| R1 | True | False |')
    expect(pptx).toContain('Some notes on the second slide.')
    const xlsx = (await extractDocument('t.xlsx', fixture('markitdown_test.xlsx'))).markdown
    expect(xlsx).toMatch(/^# Sheet1$/m)
    expect(xlsx).toMatch(/^\| .+ \|$/m)
    const html = (await extractDocument('p.html', fixture('docling_example_03_nested_lists_table.html'))).markdown
    expect(html).toMatch(/^## Background$/m)
    const csv = (await extractDocument('k.csv', fixture('markitdown_test_mskanji_shift_jis.csv'))).markdown
    expect(csv).toContain('| 佐藤太郎 | 30 | 東京 |')
  })

  it('fails a scanned PDF, an encrypted one and an unknown format with reasons; recovers a broken xref', async () => {
    expect((await extractionFailure('docling_ocr_test_image_only.pdf')).reason).toBe('no_text')
    expect((await extractionFailure('docling_ocr_test_image_only.pdf')).message).toMatch(/scan.*OCR/)
    expect((await extractionFailure('pypdf_encrypted_r4_user_password.pdf')).reason).toBe('encrypted')
    const broken = await extractDocument('x.pdf', Buffer.from('%PDF-1.4 this is not really a pdf')).catch((e: unknown) => e)
    expect((broken as ExtractionError).reason).toBe('broken')
    const unknown = await extractDocument('photo.heic', Buffer.from('x')).catch((e: unknown) => e)
    expect((unknown as ExtractionError).reason).toBe('unsupported')
    expect((await extractDocument('r.pdf', fixture('pypdf_malformed_broken_xref.pdf'))).markdown).toContain('test example')
  })
})

describe('the documents store', () => {
  let ctx: ServiceContext
  let folder: string
  beforeAll(async () => {
    ctx = await testContext()
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-documents-'))
  })
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }))

  const index = async (fileId: string) => {
    const detail = await getDocument(ctx, fileId)
    await indexMessages(ctx, detail.messageId ? [detail.messageId] : [])
    return detail
  }

  it('makes a document searchable by a word of a section, the hit carrying its heading path', async () => {
    const stored = await storeDocument(ctx, {
      origin: 'upload',
      originName: 'upload',
      path: 'headers.docx',
      bytes: fixture('docling_unit_test_headers.docx'),
    })
    expect(stored).toMatchObject({ outcome: 'created', status: 'extracted', error: null })
    const detail = await index(stored.fileId)
    expect(detail.summary).toBeTruthy()
    expect(detail.sections.map((s) => s.headingPath)).toContain('Section 1 > Section 1.2 > Section 1.2.3')
    const words = detail.sections.find((s) => s.headingPath === 'Section 1 > Section 1.2 > Section 1.2.3')!.text.split(/\W+/)
    const word = words.filter((w) => w.length > 5).at(-1)!
    const page = await hybridSearch(ctx, { q: word, source: 'files', mode: 'fulltext' })
    const hit = page.items.find((h) => h.messageId === detail.messageId)
    expect(hit?.conversationTitle).toBe('headers.docx')
    expect(hit?.sourceType).toBe('files')
    expect(hit?.chunk.headingPath).toBeTruthy()
  })

  it('skips unchanged content by hash, re-extracts changed content and replaces the indexed text', async () => {
    const file = (text: string) => ({ origin: 'upload' as const, originName: 'upload', path: 'plan.md', bytes: Buffer.from(text) })
    const first = await storeDocument(ctx, file('# Plan\n\nThe zeppelin launches in spring.'))
    expect((await index(first.fileId)).summary).toContain('zeppelin launches')
    expect((await storeDocument(ctx, file('# Plan\n\nThe zeppelin launches in spring.'))).outcome).toBe('unchanged')
    const changed = await storeDocument(ctx, file('# Plan\n\nThe hovercraft launches in autumn.'))
    expect(changed).toMatchObject({ fileId: first.fileId, outcome: 'updated' })
    await index(changed.fileId)
    expect((await hybridSearch(ctx, { q: 'hovercraft', source: 'files', mode: 'fulltext' })).items).toHaveLength(1)
    expect((await hybridSearch(ctx, { q: 'zeppelin', source: 'files', mode: 'fulltext' })).items).toHaveLength(0)
  })

  it('keeps a scanned PDF as failed with its reason, not indexed empty', async () => {
    const stored = await storeDocument(ctx, {
      origin: 'upload',
      originName: 'upload',
      path: 'scan.pdf',
      bytes: fixture('docling_ocr_test_image_only.pdf'),
    })
    expect(stored.status).toBe('failed')
    const detail = await getDocument(ctx, stored.fileId)
    expect(detail).toMatchObject({ status: 'failed', messageId: null, contentMarkdown: null, sections: [] })
    expect(detail.error).toMatch(/no text layer/i)
    expect(
      (await listDocuments(ctx, { status: 'failed', includeDeleted: false, limit: 10, offset: 0 })).items.map((d) => d.name),
    ).toContain('scan.pdf')
  })

  it('syncs a folder: new, unchanged, changed and deleted files; a file put back is found again', async () => {
    fs.mkdirSync(path.join(folder, 'Reports'))
    fs.writeFileSync(path.join(folder, 'Reports', 'alpha.md'), '# Alpha\n\nQuokka census results.')
    fs.writeFileSync(path.join(folder, 'beta.txt'), 'Wombat burrow survey.')
    fs.writeFileSync(path.join(folder, '.hidden.md'), 'not read')
    const first = await syncFolder(ctx, { folder, removeMissing: true })
    expect(first).toMatchObject({ scanned: 2, created: 2, unchanged: 0, removed: 0 })
    const again = await syncFolder(ctx, { folder, removeMissing: true })
    expect(again).toMatchObject({ scanned: 2, created: 0, unchanged: 2 })
    fs.writeFileSync(path.join(folder, 'beta.txt'), 'Wombat burrow survey, second season.')
    fs.rmSync(path.join(folder, 'Reports', 'alpha.md'))
    const third = await syncFolder(ctx, { folder, removeMissing: true })
    expect(third).toMatchObject({ scanned: 1, updated: 1, removed: 1 })
    const alpha = (await listDocuments(ctx, { q: 'alpha', includeDeleted: true, limit: 10, offset: 0 })).items[0]
    expect(alpha.path).toBe('Reports/alpha.md')
    expect(alpha.deletedAt).not.toBeNull()
    await index(alpha.id)
    expect((await hybridSearch(ctx, { q: 'quokka', source: 'files', mode: 'fulltext' })).items).toHaveLength(0)
    fs.writeFileSync(path.join(folder, 'Reports', 'alpha.md'), '# Alpha\n\nQuokka census results.')
    expect(await syncFolder(ctx, { folder, removeMissing: true })).toMatchObject({ updated: 1 })
    await index(alpha.id)
    expect((await hybridSearch(ctx, { q: 'quokka', source: 'files', mode: 'fulltext' })).items).toHaveLength(1)
  })

  it('files a clear match under its project, and asks in the review inbox about a weak one', async () => {
    const orion = await createProject(ctx, { name: 'Orion', keywords: ['telescope', 'mirror grinding'] })
    const sure = await storeDocument(ctx, {
      origin: 'upload',
      originName: 'upload',
      path: 'orion-notes.md',
      bytes: Buffer.from('# Orion\n\nThe telescope needs mirror grinding before June.'),
    })
    expect(await getDocument(ctx, sure.fileId)).toMatchObject({ projectId: orion.id, classificationProposalId: null })
    const weak = await storeDocument(ctx, {
      origin: 'upload',
      originName: 'upload',
      path: 'misc.md',
      bytes: Buffer.from('A telescope was mentioned once.'),
    })
    const detail = await getDocument(ctx, weak.fileId)
    expect(detail.projectId).toBeNull()
    expect(detail.classificationReasoning).toContain('"telescope"')
    const proposal = await getProposal(ctx, detail.classificationProposalId!)
    expect(proposal).toMatchObject({ kind: 'file_classification', status: 'pending', project: { id: orion.id } })
    const inbox = await listProposals(ctx, {
      status: 'pending',
      kind: 'file_classification',
      limit: 10,
      offset: 0,
      sort: 'created',
    } as never)
    expect(inbox.items.map((p: { id: string }) => p.id)).toContain(proposal.id)
    await reviewProposal(ctx, proposal.id, { action: 'approve' })
    expect(await getDocument(ctx, weak.fileId)).toMatchObject({ projectId: orion.id, classificationConfidence: 1 })
  })

  it('tracks deliverables named in a file with their project code, type and status', async () => {
    const cts = await createProject(ctx, { name: 'CTS010 Harbour study' })
    const stored = await storeDocument(ctx, {
      origin: 'upload',
      originName: 'upload',
      path: 'CTS010_final_report.md',
      bytes: Buffer.from('# Harbour study\n\nFinal report for CTS010.'),
    })
    const deliverables = await listDeliverables(ctx, { projectId: cts.id })
    expect(deliverables).toEqual([
      expect.objectContaining({
        fileId: stored.fileId,
        projectCode: 'CTS010',
        deliverableType: 'report',
        status: 'final',
        projectId: cts.id,
      }),
    ])
  })
})
