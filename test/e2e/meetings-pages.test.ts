// The meetings pages in a real browser against a real server: a Teams transcript uploaded through the page's form
// opens its meeting page (summary, attendees, turns with speaker and time); a meeting with action items shows their
// review status, which follows an approval in the review inbox; the list reads at phone width.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { browserAvailable, chromiumPath, screenshot, signIn, startWebHarness, testUser, type WebHarness } from './web/harness.js'

if (!browserAvailable)
  console.log(`meetings pages browser test skipped: no chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`)

const fixtures = path.resolve(import.meta.dirname, '../fixtures/meetings')
let harness: WebHarness

describe.skipIf(!browserAvailable)('meetings pages', () => {
  beforeAll(async () => {
    harness = await startWebHarness()
    await harness.api('POST', '/api/v1/auth/signup', testUser)
  }, 300_000)
  afterAll(async () => {
    await harness?.close()
  })

  it('uploads a transcript, shows the meeting with its turns, and an action item’s review status', async () => {
    const page = await harness.newPage()
    await signIn(page, harness)
    await page.getByRole('link', { name: 'Meetings', exact: true }).click()
    await page.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor()
    await page.getByText('No meetings yet').waitFor()

    const form = page.getByRole('form', { name: 'Import a meeting' })
    await form.getByLabel(/Transcript or recording/).setInputFiles(path.join(fixtures, 'docling_teams_style_speaker_voice_tags.vtt'))
    await form.getByLabel('Title (optional)').fill('Recording check')
    await form.getByRole('button', { name: 'Import meeting' }).click()
    await page.getByRole('heading', { name: 'Recording check', level: 1 }).waitFor()
    const transcript = page.getByRole('list', { name: 'Transcript' })
    await transcript.locator('li').first().waitFor()
    expect(await transcript.locator('li').first().innerText()).toMatch(
      /^0:04 Speaker A\s+OK, I think now we should be recording properly\.$/,
    )
    expect(await page.getByRole('list', { name: 'Attendees' }).innerText()).toMatch(/Speaker A · \d+ turns/)

    // A meeting whose action items the local analyser finds, uploaded through the API like the CLI does.
    const upload = new FormData()
    upload.append('title', 'Remote control kick-off')
    upload.append('file', new Blob([fs.readFileSync(path.join(fixtures, 'qmsum_ami_ES2005a_meeting.json'))]), 'ES2005a.json')
    const response = await fetch(`${harness.server.url}/api/v1/meetings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.localToken}` },
      body: upload,
    })
    expect(response.status).toBe(200)
    const { meeting } = (await response.json()) as { meeting: { id: string; actionItems: Array<{ task: string; proposalId: string }> } }
    expect(meeting.actionItems.length).toBeGreaterThan(0)
    await harness.api('POST', `/api/v1/proposals/${meeting.actionItems[0].proposalId}/review`, { action: 'approve' })

    await page.getByRole('link', { name: '← Meetings' }).click()
    await page.getByRole('link', { name: 'Remote control kick-off' }).click()
    const items = page.getByRole('list', { name: 'Action items' })
    await items.waitFor()
    const first = items.locator('li', { hasText: meeting.actionItems[0].task }).first()
    expect(await first.locator('[data-proposal-status]').getAttribute('data-proposal-status')).toBe('approved')
    expect(await items.locator('[data-proposal-status="pending"]').count()).toBe(meeting.actionItems.length - 1)
    expect((await page.getByLabel('Summary').innerText()).split(' ').length).toBeGreaterThan(30)
    await screenshot(page, 'meeting-page')

    const phone = await harness.newPage({ width: 390, height: 844 })
    await signIn(phone, harness)
    await phone.goto(`${harness.server.url}/meetings`)
    const list = phone.getByRole('list', { name: 'Meetings' })
    await list.locator('li').nth(1).waitFor()
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await screenshot(phone, 'meetings-phone')
    expect(harness.consoleErrors).toEqual([])
  }, 180_000)
})
