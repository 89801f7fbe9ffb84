// The documents page in a real browser against a real server with its workers: real files chosen in the file input
// are uploaded, extracted and listed with their status (the scan with its reason); a document's page shows its
// sections by heading path; the list works at phone width; the workers index the text for search by kind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import { waitFor } from '../helpers/wait-for.js'
import { browserAvailable, chromiumPath, screenshot, signIn, startWebHarness, testUser, type WebHarness } from './web/harness.js'

if (!browserAvailable) console.log(`documents page browser test skipped: no chromium at ${chromiumPath} (apt-get install chromium)`)

const fixtures = path.resolve(import.meta.dirname, '../fixtures/documents')
let harness: WebHarness

describe.skipIf(!browserAvailable)('documents page', () => {
  beforeAll(async () => {
    harness = await startWebHarness()
    await harness.api('POST', '/api/v1/auth/signup', testUser)
  }, 300_000)
  afterAll(async () => {
    await harness?.close()
  })

  it('uploads files, lists them with status and reason, shows a document by section, at phone width too', async () => {
    const page = await harness.newPage({ width: 390, height: 844 })
    await signIn(page, harness)
    await page.goto(`${harness.server.url}/documents`)
    await page.getByRole('heading', { name: 'Documents', level: 1 }).waitFor()
    await page
      .locator('input[type=file]')
      .setInputFiles([path.join(fixtures, 'docling_unit_test_headers.docx'), path.join(fixtures, 'docling_ocr_test_image_only.pdf')])
    await page.getByRole('list', { name: 'Upload results' }).getByText('docling_unit_test_headers.docx: created').waitFor()

    const list = page.getByRole('list', { name: 'Documents' })
    const scan = list.getByRole('listitem', { name: 'Document docling_ocr_test_image_only.pdf' })
    await scan.getByText('failed').waitFor()
    await scan.getByText(/No text layer in 1 page/).waitFor()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(390)
    await screenshot(page, 'documents-list-phone')

    await list.getByRole('link', { name: 'docling_unit_test_headers.docx' }).click()
    await page.getByRole('heading', { name: 'docling_unit_test_headers.docx', level: 1 }).waitFor()
    const sections = page.getByRole('list', { name: 'Sections' })
    await sections.getByText('Section 1 > Section 1.2 > Section 1.2.3').waitFor()
    expect(harness.consoleErrors).toEqual([])

    // The workers chunk the uploaded text: it is found by the files kind with its section.
    const hits = await waitFor('the document indexed', async () => {
      const page = await harness.api<{ items: Array<{ chunk: { headingPath?: string | null } }> }>(
        'GET',
        '/api/v1/search?q=Paragraph&source=files&mode=fulltext',
      )
      return page.items.length > 0 ? page.items : undefined
    })
    expect(hits.some((h) => h.chunk.headingPath?.startsWith('Section'))).toBe(true)
  })
})
