// The email view in a real browser against a real server with its workers: real .eml files uploaded through the
// import API are triaged behind the import; the page lists them by category, filters by category and sender,
// corrects one in one click (the sender's rule appears) and shows the senders' statistics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { waitFor } from '../../helpers/wait-for.js'
import { browserAvailable, chromiumPath, screenshot, signIn, startWebHarness, testUser, type WebHarness } from './harness.js'

if (!browserAvailable)
  console.log(`email page browser test skipped: no chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`)

const samples = path.resolve(import.meta.dirname, '../../fixtures/email-triage')
let harness: WebHarness

async function uploadEmail(file: string): Promise<string> {
  const form = new FormData()
  form.append('kind', 'email')
  form.append('file', new Blob([fs.readFileSync(path.join(samples, file))]), file)
  const response = await fetch(`${harness.server.url}/api/v1/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.localToken}` },
    body: form,
  })
  expect(response.status).toBe(202)
  return ((await response.json()) as { id: string }).id
}

describe.skipIf(!browserAvailable)('email page', () => {
  beforeAll(async () => {
    harness = await startWebHarness()
    await harness.api('POST', '/api/v1/auth/signup', testUser)
    const runs = []
    for (const file of fs.readdirSync(samples).filter((f) => f.endsWith('.eml'))) runs.push(await uploadEmail(file))
    for (const id of runs)
      await waitFor(`import ${id}`, async () => {
        const run = await harness.api<{ status: string }>('GET', `/api/v1/imports/${id}`)
        if (run.status === 'failed') throw new Error(`import ${id} failed`)
        return run.status === 'completed' ? run : undefined
      })
    // Triage runs behind the import, in the workers.
    await waitFor('every email triaged', async () => {
      const list = await harness.api<{ items: unknown[] }>('GET', '/api/v1/email?limit=50')
      return list.items.length === runs.length ? list : undefined
    })
  }, 300_000)
  afterAll(async () => {
    await harness?.close()
  })

  it('lists triaged mail by category, corrects one in one click and shows the rule and the senders', async () => {
    const page = await harness.newPage()
    await signIn(page, harness)
    await page.getByRole('link', { name: 'Email', exact: true }).click()
    await page.getByRole('heading', { name: 'Email', level: 1 }).waitFor()

    const mail = page.getByRole('list', { name: 'Triaged mail' })
    const fares = mail.locator(':scope > li', { hasText: 'Incredible Autumn Fares' })
    await fares.waitFor()
    expect(await fares.getAttribute('data-category')).toBe('promotional')
    expect(await mail.locator(':scope > li[data-category="junk"]', { hasText: 'FREE' }).count()).toBe(1)

    // The category filter asks the server for that category only.
    const promotional = (await harness.api<{ items: unknown[] }>('GET', '/api/v1/email?category=promotional&limit=50')).items.length
    expect(promotional).toBeGreaterThanOrEqual(1)
    expect(promotional).toBeLessThan(fs.readdirSync(samples).filter((f) => f.endsWith('.eml')).length)
    await page.getByLabel('Category', { exact: true }).selectOption('promotional')
    await expect.poll(() => mail.locator(':scope > li').count()).toBe(promotional)
    await page.getByLabel('Category', { exact: true }).selectOption('')
    await expect.poll(() => mail.locator(':scope > li').count()).toBe(fs.readdirSync(samples).filter((f) => f.endsWith('.eml')).length)

    // One click: the fare sale is junk to this person. The row moves, and a rule for the sender is learned.
    await fares
      .getByRole('group', { name: /Correct the category/ })
      .getByRole('button', { name: 'Junk' })
      .click()
    await expect.poll(() => fares.getAttribute('data-category')).toBe('junk')
    const rule = page.getByRole('list', { name: 'Rules' }).locator('li[data-sender="webster@ryanairmail.com"]')
    await rule.waitFor()
    expect(await rule.textContent()).toMatch(/Junk.*1 correction/)

    // The rule's write-back is off until its toggle turns it on with a folder (or keyword); off again on untick.
    const writeBack = rule.getByRole('group', { name: 'Write-back to the mailbox' })
    const ruleOnServer = async () =>
      (await harness.api<{ items: Array<{ writeBack: unknown }> }>('GET', '/api/v1/email/rules?sender=webster@ryanairmail.com')).items[0]
    expect((await ruleOnServer()).writeBack).toBeNull()
    await writeBack.getByRole('checkbox').check()
    await writeBack.getByLabel('Write-back kind').selectOption('folder')
    await writeBack.getByLabel('Keyword or folder').fill('Fares')
    await writeBack.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => writeBack.textContent()).toMatch(/move to Fares/)
    expect((await ruleOnServer()).writeBack).toEqual({ kind: 'folder', target: 'Fares' })
    await writeBack.getByRole('checkbox').uncheck()
    await expect.poll(async () => (await ruleOnServer()).writeBack).toBeNull()

    // The senders' statistics; a sender filters the list to their mail.
    const senders = page.getByRole('table', { name: 'Senders' })
    const amazon = senders.locator('tr[data-sender="orders@amazon.co.uk"]')
    await amazon.waitFor()
    await amazon.getByRole('button').click()
    await expect.poll(() => mail.locator(':scope > li').count()).toBe(1)
    expect(await mail.locator(':scope > li').first().textContent()).toMatch(/dispatched/)
    await screenshot(page, 'email')

    // Deleting the rule removes it from the list.
    await rule.getByRole('button', { name: 'Delete rule' }).click()
    await expect.poll(() => page.getByRole('list', { name: 'Rules' }).locator('li').count()).toBe(0)
    expect(harness.consoleErrors).toEqual([])
  })
})
