// The web app in a real browser against a real server: the daily work of Signalbox, one scenario per test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import { screenshot, signInWithToken, startWebHarness, type WebHarness } from './harness.js'

let harness: WebHarness
const telegramSample = path.resolve(import.meta.dirname, '../../../../shared/fixtures/telegram_export/tgif/oop/exported.json')

beforeAll(async () => {
  harness = await startWebHarness()
})

afterAll(async () => {
  await harness?.close()
})

describe('web app', () => {
  it('signs in and shows the main navigation; unknown app paths still load the app', async () => {
    const page = await harness.newPage()
    await page.goto(`${harness.server.url}/some/deep/link`)
    await page.getByRole('heading', { name: 'Sign in to Signalbox' }).waitFor()
    await signInWithToken(page, harness, { stayOnPage: true })
    await expect(page.getByRole('heading', { name: 'Page not found' }).isVisible()).resolves.toBe(true)
    await page.getByRole('link', { name: 'Conversations' }).click()
    await page.getByRole('heading', { name: 'Conversations' }).waitFor()
    await screenshot(page, 'login')
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
    await signInWithToken(page, harness)
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
    await signInWithToken(page, harness)
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
})
