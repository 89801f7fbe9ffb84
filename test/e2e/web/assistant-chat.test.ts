// The assistant's chat page in a real browser against a real server (no API key: local extractive answers):
// a streamed answer whose [n] citation opens the cited message in its conversation, and feedback stored.
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumPath, screenshot, signInWithToken, startWebHarness, type WebHarness } from './harness.js'
import { teamChat } from '../../helpers/team-chat.js'
import { waitFor } from '../../helpers/wait-for.js'

const hasChromium = fs.existsSync(chromiumPath)
if (!hasChromium)
  console.log(`assistant chat browser test skipped: no chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`)

let harness: WebHarness

describe.skipIf(!hasChromium)('assistant chat page', () => {
  beforeAll(async () => {
    harness = await startWebHarness()
    for (const [conversation, rows] of Object.entries(teamChat)) {
      await harness.api('POST', '/api/v1/ingest/messages', {
        source: { type: 'slack', name: 'team' },
        messages: rows.map(([externalId, author, sentAt, content]) => ({
          externalId,
          conversation: { externalId: conversation, title: `#${conversation}` },
          author: { externalId: author, displayName: author.toUpperCase() },
          sentAt,
          content,
        })),
      })
    }
    // The workers index what was ingested; search finds it from then on.
    await waitFor('the certificate message to be searchable', async () => {
      const page = await harness.api<{ items: Array<{ content: string }> }>('GET', '/api/v1/search?q=certificate&mode=fulltext')
      return page.items.length > 0 ? true : undefined
    })
  }, 300_000)
  afterAll(async () => {
    await harness?.close()
  })

  it('streams a cited answer, opens the cited message and stores feedback', async () => {
    const page = await harness.newPage()
    await signInWithToken(page, harness)
    await page.getByRole('link', { name: 'Assistant' }).click()
    await page.getByLabel('Question').fill('When does the TLS certificate expire?')
    await page.getByRole('button', { name: 'Ask' }).click()

    const answer = page.locator('.chat-assistant').last()
    await answer.getByRole('list', { name: 'Sources' }).waitFor()
    await expect.poll(() => answer.locator('p').first().textContent()).toMatch(/March/)
    // The new thread is in the list and in the URL.
    await page.getByRole('list', { name: 'Chats' }).getByText('When does the TLS certificate expire?').waitFor()
    expect(page.url()).toMatch(/\/assistant\/[0-9a-f-]{36}$/)

    await answer.getByRole('button', { name: 'Not helpful' }).click()
    await answer.getByLabel('What was wrong?').fill('wanted the exact date')
    await answer.getByRole('button', { name: 'Send' }).click()
    await answer.getByRole('status').getByText('Thanks, feedback saved.').waitFor()
    await screenshot(page, 'assistant-chat')
    const analytics = await harness.api<{ feedback: Array<{ rating: string; comment: string }> }>('GET', '/api/v1/assistant/analytics')
    expect(analytics.feedback[0]).toMatchObject({ rating: 'down', comment: 'wanted the exact date' })

    await page.getByRole('link', { name: 'Usage and feedback' }).click()
    const table = page.getByRole('table', { name: 'Answers by day and model' })
    await table.getByText('local-analyser').waitFor()
    await page
      .getByRole('list', { name: 'Latest feedback' })
      .getByText(/wanted the exact date/)
      .waitFor()
    await page.goBack()

    const citation = answer.locator('a.citation').first()
    const href = await citation.getAttribute('href')
    expect(href).toMatch(/^\/conversations\/[0-9a-f-]{36}\?message=[0-9a-f-]{36}$/)
    await citation.click()
    await page.waitForURL(/\/conversations\//)
    await page.locator('.message.focused').getByText('Renewed the TLS certificate').waitFor()
    expect(harness.consoleErrors).toEqual([])
    await page.close()
  })
})
