// The web app in a real browser against a real server: the daily work of Signalbox, one scenario per test.
// Scenarios run in order on one server (later ones use the data earlier ones created).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import { screenshot, signIn, signInWithToken, startWebHarness, testUser, type WebHarness } from './harness.js'

let harness: WebHarness
const telegramSample = path.resolve(import.meta.dirname, '../../../../shared/fixtures/telegram_export/tgif/oop/exported.json')

beforeAll(async () => {
  harness = await startWebHarness()
})

afterAll(async () => {
  await harness?.close()
})

describe('web app', () => {
  it('creates the first account on the signup page, then signs in with the password; deep links still load the app', async () => {
    const page = await harness.newPage()
    await page.goto(`${harness.server.url}/signup`)
    await page.getByLabel('Username').fill(testUser.username)
    await page.getByLabel('Password').fill(testUser.password)
    await page.getByRole('button', { name: 'Request account' }).click()
    await page.getByText('Your account is active').waitFor()

    await page.goto(`${harness.server.url}/some/deep/link`)
    await page.getByRole('heading', { name: 'Sign in to Signalbox' }).waitFor()
    await signIn(page, harness, { stayOnPage: true })
    await page.getByRole('heading', { name: 'Page not found' }).waitFor()
    await page.getByRole('link', { name: 'Admin' }).click()
    await page.getByRole('table', { name: 'Users' }).getByText(`@${testUser.username}`).waitFor()
    await screenshot(page, 'login')
    expect(harness.consoleErrors).toEqual([])
    await page.close()
  })

  it('signs in with an API token too', async () => {
    const page = await harness.newPage()
    await page.goto(`${harness.server.url}/`)
    await signInWithToken(page, harness, { stayOnPage: true })
    await expect(page.getByText('API token', { exact: true }).isVisible()).resolves.toBe(true)
    expect(harness.consoleErrors).toEqual([])
    await page.close()
  })

  it('browses a conversation by source with its people and timeline', async () => {
    await harness.api('POST', '/api/v1/ingest/messages', {
      source: { type: 'api', name: 'team chat' },
      messages: [
        { externalId: 'm1', conversation: { externalId: 'ops', title: 'Ops room' }, author: { externalId: 'u1', displayName: 'Alice' }, sentAt: '2026-03-01T09:00:00Z', content: 'The deploy of the billing service failed again' },
        { externalId: 'm2', conversation: { externalId: 'ops', title: 'Ops room' }, author: { externalId: 'u2', displayName: 'Bob' }, sentAt: '2026-03-02T10:00:00Z', content: 'I will roll it back and open a ticket' },
      ],
    })
    const page = await harness.newPage()
    await signIn(page, harness)
    await page.getByRole('link', { name: 'Conversations' }).click()
    await page.getByRole('link', { name: /Ops room/ }).click()
    await page.getByText('I will roll it back and open a ticket').waitFor()
    const people = page.getByLabel('People')
    await expect(people.getByText('Alice').isVisible()).resolves.toBe(true)
    await expect(people.getByText('Bob').isVisible()).resolves.toBe(true)
    await screenshot(page, 'conversation')
    expect(harness.consoleErrors).toEqual([])
    await page.close()
  })

  it('imports a Telegram export through the UI and shows its progress until it completes', async () => {
    const page = await harness.newPage()
    await signIn(page, harness)
    await page.getByRole('link', { name: 'Imports' }).click()
    await page.getByLabel('Kind of export').selectOption('telegram')
    await page.getByLabel('File').setInputFiles(telegramSample)
    await page.getByRole('button', { name: 'Upload and import' }).click()
    const row = page.getByRole('listitem', { name: 'Import exported.json' })
    await row.locator('[data-status="completed"]').waitFor({ timeout: 60_000 })
    await expect(row.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('100')
    const created = Number(await row.locator('.counters strong').nth(1).textContent())
    expect(created).toBeGreaterThan(10)
    await screenshot(page, 'import')
    await page.getByRole('link', { name: 'Conversations' }).click()
    await page.getByRole('link', { name: /Teknologi Umum/ }).waitFor()
    expect(harness.consoleErrors).toEqual([])
    await page.close()
  })

  it('searches, highlights the match and opens the result in its conversation', async () => {
    const page = await harness.newPage()
    await signIn(page, harness)
    await page.getByRole('link', { name: 'Search' }).click()
    await page.getByLabel('Mode').selectOption('fulltext')
    await page.getByLabel('Search messages').fill('billing deploy')
    // Indexing runs in the background after ingest: search again until the message is indexed.
    const result = page.getByRole('list', { name: 'Search results' }).getByRole('link').first()
    for (let attempt = 0; attempt < 30; attempt++) {
      await page.getByRole('button', { name: 'Search', exact: true }).click()
      await page.getByRole('status').filter({ hasText: 'results for' }).waitFor()
      if (await result.isVisible()) break
      await page.waitForTimeout(1000)
    }
    await expect(result.locator('mark').first().textContent()).resolves.toMatch(/billing|deploy/i)
    await result.click()
    const focused = page.locator('.message.focused')
    await focused.waitFor()
    await expect(focused.textContent()).resolves.toContain('The deploy of the billing service failed again')
    await screenshot(page, 'search')
    expect(harness.consoleErrors).toEqual([])
    await page.close()
  })
})
