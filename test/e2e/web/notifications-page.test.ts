// The notification centre in a real browser against a real server with its workers: a reminder set in words,
// listed and cancelled; words the server cannot read show its 400 message; preferences saved and shown again
// after a reload; a reminder delivered at its time (it wakes the workers' tick) (web sent, email failed for want of an
// SMTP server, visibly), its notification counted by the bell and marked read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, chromiumPath, screenshot, signIn, startWebHarness, testUser, type WebHarness } from './harness.js'

if (!browserAvailable)
  console.log(`notification centre browser test skipped: no chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`)

let harness: WebHarness
const pad = (n: number) => String(n).padStart(2, '0')

describe.skipIf(!browserAvailable)('notification centre page', () => {
  beforeAll(async () => {
    harness = await startWebHarness()
    // Reminders and preferences belong to a person: the installation's first account, signed in with its password.
    await harness.api('POST', '/api/v1/auth/signup', testUser)
  }, 300_000) // a server start migrates a new data dir: minutes on a loaded 2-core runner
  afterAll(async () => {
    await harness?.close()
  })

  it('sets, lists and cancels a reminder, saves preferences, and marks a delivered notification read', async () => {
    const page = await harness.newPage()
    await signIn(page, harness)
    await page.getByRole('link', { name: 'Notifications, none unread' }).click()
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor()

    // A reminder in plain words is listed as pending with its web delivery waiting.
    const reminder = page.getByRole('form', { name: 'Remind me' })
    await reminder.getByLabel('What').fill('send the invoice')
    await reminder.getByLabel('When (words)').fill('Friday')
    await reminder.getByRole('button', { name: 'Set reminder' }).click()
    await reminder
      .getByRole('status')
      .getByText(/Reminder set for/)
      .waitFor()
    const messages = page.getByRole('list', { name: 'Proactive messages' })
    const invoice = messages.locator('li', { hasText: 'send the invoice' })
    await page.locator('li[data-status="pending"]', { hasText: 'send the invoice' }).waitFor()
    expect(await invoice.locator('tr[data-delivery="web"] td').nth(1).textContent()).toBe('pending')

    // Words that name no time: the server's 400 message, and nothing added.
    await reminder.getByLabel('What').fill('water the plants')
    await reminder.getByLabel('When (words)').fill('whenever the moon is blue')
    await reminder.getByRole('button', { name: 'Set reminder' }).click()
    await reminder.getByRole('alert').getByText('"whenever the moon is blue" does not name a time in the future').waitFor()
    expect(await messages.locator('li', { hasText: 'water the plants' }).count()).toBe(0)

    // Cancel the pending one.
    await invoice.getByRole('button', { name: 'Cancel “send the invoice”' }).click()
    await page.locator('li[data-status="cancelled"]', { hasText: 'send the invoice' }).waitFor()
    expect(await invoice.getByRole('button', { name: /Cancel/ }).count()).toBe(0)

    // Preferences: web and email, UTC, quiet hours that do not cover now (so they hold nothing back), no digest.
    const nowHour = new Date().getUTCHours()
    const quietFrom = `${pad((nowHour + 2) % 24)}:00`
    const quietUntil = `${pad((nowHour + 3) % 24)}:30`
    const preferences = page.getByRole('form', { name: 'Notification preferences' })
    // A time zone the server does not know: its message with the field, nothing saved.
    await preferences.getByLabel('Time zone').fill('Mars/Olympus_Mons')
    await preferences.getByRole('button', { name: 'Save preferences' }).click()
    await preferences
      .getByRole('alert')
      .getByText(/timezone.*not an IANA time zone/)
      .first()
      .waitFor()
    await preferences.getByLabel('Email').check()
    await preferences.getByLabel('Time zone').fill('UTC')
    await preferences.getByLabel('Quiet from').fill(quietFrom)
    await preferences.getByLabel('Quiet until').fill(quietUntil)
    await preferences.getByLabel('Daily digest').uncheck()
    await preferences.getByLabel('Remind hours before a due date').fill('48')
    await preferences.getByRole('button', { name: 'Save preferences' }).click()
    await preferences.getByRole('status').getByText('Preferences saved.').waitFor()
    await page.reload()
    await preferences.getByLabel('Email').waitFor()
    expect(await preferences.getByLabel('Email').isChecked()).toBe(true)
    expect(await preferences.getByLabel('Web (this app)').isChecked()).toBe(true)
    expect(await preferences.getByLabel('Quiet from').inputValue()).toBe(quietFrom)
    expect(await preferences.getByLabel('Quiet until').inputValue()).toBe(quietUntil)
    expect(await preferences.getByLabel('Daily digest').isChecked()).toBe(false)
    expect(await preferences.getByLabel('Remind hours before a due date').inputValue()).toBe('48')

    // A reminder a few seconds ahead (browser local time, to the second), delivered at that time (it wakes the
    // workers' tick).
    const nextMinute = await page.evaluate(() => {
      const at = new Date(Date.now() + 8_000)
      const two = (n: number) => String(n).padStart(2, '0')
      return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`
    })
    await reminder.getByLabel('What').fill('call Bob')
    await reminder.getByLabel('Date and time', { exact: true }).check()
    await reminder.getByLabel('When (date and time)').fill(nextMinute)
    await reminder.getByRole('button', { name: 'Set reminder' }).click()
    await reminder
      .getByRole('status')
      .getByText(/Reminder set for/)
      .waitFor()

    // Web goes out; email cannot (no SMTP server here): the message fails, and says why, per channel.
    const callBob = page.locator('li[data-status="failed"]', { hasText: 'call Bob' })
    await callBob.waitFor({ timeout: 200_000 })
    expect(await callBob.locator('tr[data-delivery="web"] td').nth(1).textContent()).toBe('sent')
    const email = callBob.locator('tr[data-delivery="email"] td')
    expect(await email.nth(1).textContent()).toBe('failed')
    expect(await email.nth(2).textContent()).toBe('1')
    expect(await email.nth(4).textContent()).toMatch(/SMTP/)

    // The reminder itself and the failure notice are in the notification list, and the bell counts them.
    const notifications = page.getByRole('list', { name: 'Notifications' })
    const reminderNotice = notifications.locator('li.unread', { hasText: 'call Bob' }).first()
    await reminderNotice.waitFor()
    await page.getByRole('link', { name: /^Notifications, \d+ unread$/ }).waitFor({ timeout: 60_000 })
    const unreadBefore = await notifications.locator('li.unread').count()
    expect(unreadBefore).toBeGreaterThanOrEqual(2)
    await screenshot(page, 'notifications')

    await reminderNotice.getByRole('button', { name: 'Mark read' }).click()
    await expect.poll(() => notifications.locator('li.unread').count()).toBe(unreadBefore - 1)
    await page.getByRole('button', { name: 'Mark all read' }).click()
    await expect.poll(() => notifications.locator('li.unread').count()).toBe(0)
    await page.getByRole('link', { name: 'Notifications, none unread' }).waitFor()

    // The two 400 answers were asked for (unreadable words, unknown time zone); nothing else went wrong in the page.
    expect(harness.consoleErrors.filter((e) => !/status of 400/.test(e))).toEqual([])
    expect(harness.consoleErrors.length).toBeLessThanOrEqual(2)
    await page.close()
  }, 420_000)
})
