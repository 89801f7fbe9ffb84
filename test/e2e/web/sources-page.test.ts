// The Sources page and the Telegram link flow in a real browser against a real server (workers on, long polling)
// and the fake Bot API: connect a bot from the setup form, see its state, link a Telegram account through the
// deep link, pause it, delete it while keeping its messages.
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumPath, screenshot, signIn, startWebHarness, testUser, type WebHarness } from './harness.js'
import { startFakeBotApi, type FakeBotApi } from '../../fakes/telegram-bot-api.js'
import { privateTextUpdate } from '../../helpers/telegram.js'

const browserPresent = fs.existsSync(chromiumPath)
if (!browserPresent) console.log(`sources page browser test skipped: install chromium (${chromiumPath}) or set CHROMIUM_PATH to run it`)

describe.runIf(browserPresent)('the Sources page', () => {
  let harness: WebHarness
  let fake: FakeBotApi

  beforeAll(async () => {
    fake = await startFakeBotApi()
    harness = await startWebHarness()
    await harness.api('POST', '/api/v1/auth/signup', testUser)
  }, 300_000)
  afterAll(async () => {
    await harness?.close()
    await fake?.close()
  })

  it('connects a bot, links a Telegram account through the deep link, pauses and deletes the bot keeping its messages', async () => {
    const page = await harness.newPage()
    try {
      await signIn(page, harness)
      await page.getByRole('link', { name: 'Sources' }).click()
      await page.getByRole('heading', { name: 'Connect a Telegram bot' }).waitFor()
      await page.getByLabel('Bot token').fill(fake.token)
      await page.getByText('Advanced').click()
      await page.getByLabel(/Bot API server/).fill(fake.url)
      await page.getByRole('button', { name: 'Connect', exact: true }).click()
      await page.getByText(`Connected @${fake.botInfo.username}.`).waitFor()
      await page.getByText(/Privacy mode is on/).waitFor()
      const row = page.getByRole('listitem', { name: `Source @${fake.botInfo.username}` })
      await row.locator('[data-state="connected"]').waitFor()

      await page.getByRole('button', { name: 'Link Telegram' }).click()
      const link = await page.getByRole('link', { name: /^https:\/\/t\.me\// }).getAttribute('href')
      expect(link).toMatch(new RegExp(`^https://t\\.me/${fake.botInfo.username}\\?start=[\\w-]{32}$`))
      // The person opens the link in Telegram and presses Start: the bot receives /start <token> by long polling.
      fake.pushUpdates(privateTextUpdate({ fromId: 4242, text: `/start ${new URL(link!).searchParams.get('start')}`, username: 'ada_tg' }))
      const deadline = Date.now() + 60_000
      while (Date.now() < deadline && !fake.callsOf('sendMessage').some((c) => String(c.params.text).startsWith('Linked to Signalbox')))
        await page.waitForTimeout(250)
      expect(fake.callsOf('sendMessage').at(-1)!.params.text).toContain(`Linked to Signalbox as ${testUser.username}`)
      await page.reload()
      await page.getByText('Linked as @ada_tg').waitFor()

      await row.getByRole('button', { name: 'Pause' }).click()
      await row.locator('[data-state="paused"]').waitFor()
      await screenshot(page, 'sources')
      await row.getByRole('button', { name: 'Delete…' }).click()
      await row.getByRole('button', { name: 'Delete, keep messages' }).click()
      await row.locator('[data-state="imported"]').waitFor()
      expect(harness.consoleErrors).toEqual([])
    } finally {
      await page.close()
    }
  }, 180_000)
})
