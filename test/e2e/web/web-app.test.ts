// The web app in a real browser against a real server: the daily work of Signalbox, one scenario per test.
// Scenarios run in order on one server (later ones use the data earlier ones created).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { generate } from 'otplib'
import path from 'node:path'
import { waitFor } from '../../helpers/wait-for.js'
import { browserAvailable, screenshot, signIn, signInWithToken, startWebHarness, testUser, type WebHarness } from './harness.js'

let harness: WebHarness
// A real Telegram Desktop export (teknologi-umum/tgif), copied into test/fixtures (see its README for the source).
const telegramSample = path.resolve(import.meta.dirname, '../../fixtures/importers/telegram/oop-result.json')

beforeAll(async () => {
  if (!browserAvailable) return
  harness = await startWebHarness()
  // The installation's first account (an admin): the other scenarios sign in with it.
  await harness.api('POST', '/api/v1/auth/signup', testUser)
}, 300_000) // a server start migrates a new data dir: minutes on a loaded 2-core runner

/** On failure, the page as it was: the quickest way to see why. */
let openPage: Page | null = null
afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && openPage && !openPage.isClosed())
    await screenshot(openPage, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`)
  if (openPage && !openPage.isClosed()) await openPage.close()
  openPage = null
  if (harness) harness.consoleErrors.length = 0
})

afterAll(async () => {
  await harness?.close()
})

describe.skipIf(!browserAvailable)('web app', () => {
  it('signs in with a password; deep links load the app; the admin sees the users', async () => {
    const page = (openPage = await harness.newPage())
    await page.goto(`${harness.server.url}/some/deep/link`)
    await page.getByRole('heading', { name: 'Sign in to Signalbox' }).waitFor()
    await signIn(page, harness, { stayOnPage: true })
    await page.getByRole('heading', { name: 'Page not found' }).waitFor()
    await page.getByRole('link', { name: 'Admin' }).click()
    await page.getByRole('table', { name: 'Users' }).getByText(`@${testUser.username}`).waitFor()
    await screenshot(page, 'login')
    expect(harness.consoleErrors).toEqual([])
  })

  it('signs up with a PIN that an administrator hands out', async () => {
    const page = (openPage = await harness.newPage())
    await page.goto(`${harness.server.url}/signup`)
    await page.getByLabel('Username').fill('grace')
    await page.getByLabel('Password').fill('another long passphrase')
    await page.getByRole('button', { name: 'Request account' }).click()
    await page.getByLabel('PIN').waitFor()
    const { requests } = await harness.api<{ requests: Array<{ id: string; username: string }> }>('GET', '/api/v1/admin/signup-requests')
    const request = requests.find((r) => r.username === 'grace')!
    const { pin } = await harness.api<{ pin: string }>('POST', `/api/v1/admin/signup-requests/${request.id}/approve`)
    await page.getByLabel('PIN').fill(pin)
    await page.getByRole('button', { name: 'Confirm' }).click()
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    expect(harness.consoleErrors).toEqual([])
  })

  it('turns on two-factor and answers the 2FA challenge at the next sign-in', async () => {
    const page = (openPage = await harness.newPage())
    await page.goto(`${harness.server.url}/signup`)
    await page.getByLabel('Username').fill('henry')
    await page.getByLabel('Password').fill('a different long passphrase')
    await page.getByRole('button', { name: 'Request account' }).click()
    await page.getByLabel('PIN').waitFor()
    const { requests } = await harness.api<{ requests: Array<{ id: string; username: string }> }>('GET', '/api/v1/admin/signup-requests')
    const { pin } = await harness.api<{ pin: string }>(
      'POST',
      `/api/v1/admin/signup-requests/${requests.find((r) => r.username === 'henry')!.id}/approve`,
    )
    await page.getByLabel('PIN').fill(pin)
    await page.getByRole('button', { name: 'Confirm' }).click()
    await page.getByRole('navigation', { name: 'Main' }).waitFor()

    await page.getByRole('link', { name: 'Admin' }).click()
    await page.getByRole('tab', { name: 'My account' }).click()
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click()
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim()
    await page.getByLabel('Code from the app').fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) }))
    await page.getByRole('button', { name: 'Turn on' }).click()
    await page.getByLabel('Recovery codes').waitFor()
    await page.getByRole('button', { name: 'Sign out' }).click()

    await page.getByLabel('Username').fill('henry')
    await page.getByLabel('Password').fill('a different long passphrase')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    // A code is accepted once: the next time step's code (within the server's ±30 s tolerance) is a fresh one, taken
    // from the clock now (a slow machine can spend more than the tolerance between the two codes).
    await page.getByLabel('Verification code').fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }))
    await page.getByRole('button', { name: 'Verify' }).click()
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    await page.getByText('henry', { exact: true }).waitFor()
    await screenshot(page, 'two-factor')
    expect(harness.consoleErrors).toEqual([])
  })

  it('signs in with an API token too', async () => {
    const page = (openPage = await harness.newPage())
    await page.goto(`${harness.server.url}/`)
    await signInWithToken(page, harness, { stayOnPage: true })
    await page.getByText('API token', { exact: true }).waitFor()
    expect(harness.consoleErrors).toEqual([])
  })

  it('browses a conversation by source with its people and timeline', async () => {
    await harness.api('POST', '/api/v1/ingest/messages', {
      source: { type: 'api', name: 'team chat' },
      messages: [
        {
          externalId: 'm1',
          conversation: { externalId: 'ops', title: 'Ops room' },
          author: { externalId: 'u1', displayName: 'Alice' },
          sentAt: '2026-03-01T09:00:00Z',
          content: 'The deploy of the billing service failed again',
        },
        {
          externalId: 'm2',
          conversation: { externalId: 'ops', title: 'Ops room' },
          author: { externalId: 'u2', displayName: 'Bob' },
          sentAt: '2026-03-02T10:00:00Z',
          content: 'I will roll it back and open a ticket',
        },
      ],
    })
    const page = (openPage = await harness.newPage())
    await signIn(page, harness)
    await page.getByRole('link', { name: 'Conversations' }).click()
    await page.getByRole('link', { name: /Ops room/ }).click()
    await page.getByText('I will roll it back and open a ticket').waitFor()
    const people = page.getByLabel('People')
    await people.getByText('Alice').waitFor()
    await people.getByText('Bob').waitFor()
    await screenshot(page, 'conversation')
    expect(harness.consoleErrors).toEqual([])
  })

  it('works at phone width: the menu opens and a conversation replaces the list', async () => {
    const page = (openPage = await harness.newPage({ width: 390, height: 844 }))
    await signIn(page, harness)
    await expect(page.getByRole('link', { name: 'Conversations' }).isVisible()).resolves.toBe(false)
    await page.getByRole('button', { name: 'Menu' }).click()
    await page.getByRole('link', { name: 'Conversations' }).click()
    await page.getByRole('link', { name: /Ops room/ }).click()
    await page.getByText('I will roll it back and open a ticket').waitFor()
    await expect(page.getByRole('list', { name: 'Conversations' }).isVisible()).resolves.toBe(false)
    await page.getByRole('link', { name: '← All conversations' }).click()
    await page.getByRole('list', { name: 'Conversations' }).waitFor()
    await screenshot(page, 'phone')
    expect(harness.consoleErrors).toEqual([])
  })

  it('imports a Telegram export through the UI and shows its progress until it completes', async () => {
    const page = (openPage = await harness.newPage())
    await signIn(page, harness)
    await page.getByRole('link', { name: 'Imports' }).click()
    await page.getByLabel('Kind of export').selectOption('telegram')
    await page.getByLabel('File').setInputFiles(telegramSample)
    await page.getByRole('button', { name: 'Upload and import' }).click()
    const row = page.getByRole('listitem', { name: 'Import oop-result.json' })
    await row.locator('[data-status="completed"]').waitFor({ timeout: 60_000 })
    await expect(row.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('100')
    const created = Number(await row.locator('.counters strong').nth(1).textContent())
    expect(created).toBeGreaterThan(10)
    await screenshot(page, 'import')
    await page.getByRole('link', { name: 'Conversations' }).click()
    await page.getByRole('link', { name: /Teknologi Umum/ }).waitFor()
    expect(harness.consoleErrors).toEqual([])
  })

  it('searches, highlights the match and opens the result in its conversation', async () => {
    const page = (openPage = await harness.newPage())
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
  })

  it('opens a 3,000-message conversation at its last message, highlighted, and pages back; people counted by the server', async () => {
    const messageCount = 3000
    const line = (i: number) => ({
      externalId: `long-${i}`,
      conversation: { externalId: 'long-chat', title: 'Long community chat' },
      // 250 regular authors, and every 100th line from an account deleted since (no name, as Telegram exports it).
      author: i % 100 === 99 ? { externalId: 'deleted-user' } : { externalId: `member-${i % 250}`, displayName: `Member ${i % 250}` },
      sentAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
      content: `long chat line ${i}`,
    })
    const page = (openPage = await harness.newPage())
    await signIn(page, harness)
    for (let start = 0; start < messageCount; start += 1000) {
      await harness.api('POST', '/api/v1/ingest/messages', {
        source: { type: 'api', name: 'community' },
        messages: Array.from({ length: 1000 }, (_, k) => line(start + k)),
      })
    }
    const conversations = await harness.api<{ items: Array<{ id: string; title: string }> }>('GET', '/api/v1/conversations?limit=100')
    const conversationId = conversations.items.find((c) => c.title === 'Long community chat')!.id
    const newest = await harness.api<{ items: Array<{ id: string; content: string }> }>(
      'GET',
      `/api/v1/conversations/${conversationId}/messages?order=desc&limit=1`,
    )
    expect(newest.items[0].content).toBe(`long chat line ${messageCount - 1}`)
    // Let the workers index the 3,000 messages first: this scenario is about the page, not about the embedded
    // database's throughput while it writes the vector index.
    const database = harness.server.app.deps.database
    await waitFor(
      'the background work to finish',
      async () => {
        const [{ waiting }] = await database.query<{ waiting: number }>(
          `SELECT (SELECT count(*) FROM event_outbox) + (SELECT count(*) FROM pgboss.job WHERE state IN ('created', 'retry', 'active') AND start_after < now() + interval '1 minute')::int AS waiting`,
        )
        return Number(waiting) === 0 ? true : undefined
      },
      240,
    )

    await page.goto(`${harness.server.url}/conversations/${conversationId}?message=${newest.items[0].id}`)
    const focused = page.locator('.message.focused')
    await focused.waitFor({ timeout: 30_000 })
    await expect(focused.textContent()).resolves.toContain(`long chat line ${messageCount - 1}`)
    await expect(focused.getAttribute('aria-current')).resolves.toBe('true')
    const inView = await focused.evaluate((element) => {
      const box = element.getBoundingClientRect()
      return box.bottom > 0 && box.top < window.innerHeight
    })
    expect(inView).toBe(true)
    await expect(page.getByRole('button', { name: 'Load later messages' }).count()).resolves.toBe(0)
    const messages = page.locator('li.message')
    const before = await messages.count()
    await page.getByRole('button', { name: 'Load earlier messages' }).click()
    await page.getByText(`long chat line ${messageCount - before - 1}`, { exact: true }).waitFor()
    expect(await messages.count()).toBeGreaterThan(before)
    await expect(focused.textContent()).resolves.toContain(`long chat line ${messageCount - 1}`)

    const people = page.getByLabel('People')
    await people.getByRole('heading', { name: 'People (251)' }).waitFor()
    expect(await people.locator('.chip').count()).toBeLessThanOrEqual(8)
    await people.getByRole('button', { name: 'Show all 251 people' }).click()
    await people.locator('.chip').nth(250).waitFor()
    expect(await people.locator('.chip').count()).toBe(251)
    await expect(people.locator('.chip', { hasText: 'Deleted account' }).count()).resolves.toBe(1)
    await page.locator('.message-head strong', { hasText: 'Deleted account' }).first().waitFor()
    await screenshot(page, 'conversation-deep-link')
    expect(harness.consoleErrors).toEqual([])
  }, 400_000)

  it('starts an analysis run and watches it complete with proposals', async () => {
    await harness.api('POST', '/api/v1/ingest/messages', {
      source: { type: 'api', name: 'team chat' },
      messages: [
        {
          externalId: 'p1',
          conversation: { externalId: 'product', title: 'Product room' },
          author: { externalId: 'u3', displayName: 'Carol' },
          sentAt: '2026-03-03T09:00:00Z',
          content: 'Can you please fix the crash on the login page in Safari by Friday?',
        },
        {
          externalId: 'p2',
          conversation: { externalId: 'product', title: 'Product room' },
          author: { externalId: 'u1', displayName: 'Alice' },
          sentAt: '2026-03-03T09:05:00Z',
          content: 'Sure, I will take a look at the Safari login crash today.',
        },
        {
          externalId: 'p3',
          conversation: { externalId: 'docs', title: 'Docs room' },
          author: { externalId: 'u2', displayName: 'Bob' },
          sentAt: '2026-03-04T11:00:00Z',
          content: 'Please update the onboarding guide with the new API token steps.',
        },
        {
          externalId: 'p4',
          conversation: { externalId: 'docs', title: 'Docs room' },
          author: { externalId: 'u3', displayName: 'Carol' },
          sentAt: '2026-03-04T11:10:00Z',
          content: 'We need to add a section about rotating the master key to the admin docs.',
        },
      ],
    })
    const page = (openPage = await harness.newPage())
    await signIn(page, harness)
    await page.getByRole('link', { name: 'Analysis' }).click()
    await page.getByLabel('Messages from').fill('2026-01-01T00:00')
    // Four messages give one proposal under the default budget; the review tests below need them all.
    await page.getByLabel('Proposals per 25 messages').selectOption('off')
    await page.getByRole('button', { name: 'Start analysis' }).click()
    const run = page.getByRole('list', { name: 'Analysis runs' }).getByRole('listitem').first()
    await run.locator('[data-status="completed"]').waitFor({ timeout: 60_000 })
    await run.getByRole('link', { name: 'Review proposals' }).waitFor()
    // The schedule: weekly widens the window to cover the interval, then it is on with a next run.
    const schedule = page.getByRole('form', { name: 'Analysis schedule' })
    await schedule.locator('[data-schedule="off"]').waitFor()
    await schedule.getByLabel('Every').selectOption('weekly')
    await expect(schedule.getByLabel('Window').inputValue()).resolves.toBe('336h')
    await schedule.getByRole('button', { name: 'Turn on' }).click()
    await schedule.locator('[data-schedule="on"]').waitFor()
    await schedule.getByText(/^next run /).waitFor()
    const saved = await harness.api('GET', '/api/v1/analysis/schedule')
    expect(saved).toMatchObject({ enabled: true, intervalMinutes: 10_080, window: '336h' })
    await screenshot(page, 'analysis')
    expect(harness.consoleErrors).toEqual([])
  })

  it('approves a proposal from the keyboard and finds the new task on the board', async () => {
    const page = (openPage = await harness.newPage())
    await signIn(page, harness)
    await page.getByRole('link', { name: 'Review' }).click()
    await page.getByLabel('Kind').selectOption('task')
    const first = page.getByRole('article', { name: /^Proposal: / }).first()
    await first.waitFor()
    const title = (await first.getByRole('heading').textContent())!.trim()
    await first.getByRole('list', { name: 'Source messages' }).waitFor()
    await expect(first.getAttribute('aria-current')).resolves.toBe('true')
    await page.keyboard.press('a')
    await page.getByRole('status').filter({ hasText: 'Approved 1 proposal' }).waitFor()
    await page.getByRole('link', { name: 'Tasks' }).click()
    const openColumn = page.getByRole('region', { name: 'open' })
    await openColumn.getByRole('article', { name: title }).waitFor()
    await screenshot(page, 'approve-board')
    expect(harness.consoleErrors).toEqual([])
  })

  it('rejects a proposal with a reason', async () => {
    const page = (openPage = await harness.newPage())
    await signIn(page, harness)
    await page.getByRole('link', { name: 'Review' }).click()
    const first = page.getByRole('article', { name: /^Proposal: / }).first()
    await first.waitFor()
    const title = (await first.getByRole('heading').textContent())!.trim()
    await first.getByRole('button', { name: 'Reject', exact: true }).click()
    await page.getByLabel('Reason (optional)').fill('Not actionable')
    await page.getByRole('form', { name: 'Reject proposal' }).getByRole('button', { name: 'Reject' }).click()
    await page.getByRole('status').filter({ hasText: 'Rejected 1 proposal' }).waitFor()
    await page.getByLabel('Status').selectOption('rejected')
    await page
      .getByRole('article', { name: `Proposal: ${title}` })
      .getByText('Review: Not actionable')
      .waitFor()
    await screenshot(page, 'reject')
    expect(harness.consoleErrors).toEqual([])
  })

  it('reviews a whole conversation group with one reason; the API counts and filters the inbox', async () => {
    await harness.api('POST', '/api/v1/ingest/messages', {
      source: { type: 'api', name: 'ops chat' },
      messages: [
        {
          externalId: 'o1',
          conversation: { externalId: 'ops', title: 'Ops room' },
          author: { externalId: 'u2', displayName: 'Bob' },
          sentAt: '2026-03-05T09:00:00Z',
          content: 'Please rotate the staging database password before Monday.',
        },
        {
          externalId: 'o2',
          conversation: { externalId: 'ops', title: 'Ops room' },
          author: { externalId: 'u3', displayName: 'Carol' },
          sentAt: '2026-03-05T13:00:00Z',
          content: 'TODO: renew the TLS certificate of the status page.',
        },
      ],
    })
    const started = await harness.api<{ id: string }>('POST', '/api/v1/analysis/runs', {
      from: '2026-03-05T00:00:00Z',
      // No volume budget: every proposal of these few messages is reviewed here (test/e2e/analysis-volume-budget.test.ts).
      to: '2026-03-06T00:00:00Z',
      proposalsPer25Messages: null,
    })
    for (
      let i = 0;
      i < 120 && (await harness.api<{ status: string }>('GET', `/api/v1/analysis/runs/${started.id}`)).status !== 'completed';
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    const { total, groups } = await harness.api<{ total: number; groups: Array<{ label: string; count: number }> }>(
      'GET',
      '/api/v1/proposals/groups?status=pending',
    )
    const ops = groups.find((g) => g.label === 'Ops room')!
    expect(ops.count).toBeGreaterThanOrEqual(2)
    const page = (openPage = await harness.newPage())
    await signIn(page, harness)
    await page.getByRole('link', { name: 'Review' }).click()
    const header = page.getByRole('region', { name: 'Proposal groups' })
    await header.getByRole('heading', { name: `${total} pending` }).waitFor()
    const group = header.getByRole('listitem', { name: 'Group: Ops room' })
    await group.getByRole('button', { name: 'Ops room' }).click()
    const cards = page.getByRole('article', { name: /^Proposal: / })
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(ops.count)
    // Compact cards: the current one shows its context, the others open it on demand.
    await cards.first().getByRole('list', { name: 'Source messages' }).waitFor()
    await cards
      .nth(1)
      .getByRole('button', { name: /^Show context \(1 message\)$/ })
      .waitFor()
    await group.getByRole('button', { name: `Reject all ${ops.count}…` }).click()
    await page.getByRole('form', { name: 'Reject group' }).getByLabel('Reason (optional)').fill('ops handles these in its own tracker')
    await page
      .getByRole('form', { name: 'Reject group' })
      .getByRole('button', { name: `Reject all ${ops.count}` })
      .click()
    await page
      .getByRole('status')
      .filter({ hasText: `Rejected ${ops.count} proposals of “Ops room”` })
      .waitFor()
    await expect.poll(() => cards.count()).toBe(0)
    const rejected = await harness.api<{ items: Array<{ review: { reason: string } }> }>(
      'GET',
      `/api/v1/proposals?runId=${started.id}&status=rejected`,
    )
    expect(rejected.items.map((p) => p.review.reason)).toEqual(Array(ops.count).fill('ops handles these in its own tracker'))
    await screenshot(page, 'inbox-groups')
    expect(harness.consoleErrors).toEqual([])
  })

  it("a bulk review that partly fails names each failure with the server's message", async () => {
    await harness.api('POST', '/api/v1/ingest/messages', {
      source: { type: 'api', name: 'billing chat' },
      messages: [
        {
          externalId: 'b1',
          conversation: { externalId: 'billing', title: 'Billing room' },
          author: { externalId: 'u2', displayName: 'Bob' },
          sentAt: '2026-03-07T09:00:00Z',
          content: 'Please send the March invoice to the new customer before Friday.',
        },
        {
          externalId: 'b2',
          conversation: { externalId: 'billing', title: 'Billing room' },
          author: { externalId: 'u3', displayName: 'Carol' },
          sentAt: '2026-03-07T13:00:00Z',
          content: 'TODO: fix the rounding bug in the VAT report.',
        },
      ],
    })
    const started = await harness.api<{ id: string }>('POST', '/api/v1/analysis/runs', {
      from: '2026-03-07T00:00:00Z',
      // No volume budget: every proposal of these few messages is reviewed here (test/e2e/analysis-volume-budget.test.ts).
      to: '2026-03-08T00:00:00Z',
      proposalsPer25Messages: null,
    })
    for (
      let i = 0;
      i < 120 && (await harness.api<{ status: string }>('GET', `/api/v1/analysis/runs/${started.id}`)).status !== 'completed';
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    const pending = await harness.api<{ items: Array<{ id: string }> }>('GET', `/api/v1/proposals?runId=${started.id}&status=pending`)
    const count = pending.items.length
    expect(count).toBeGreaterThanOrEqual(2)
    const page = (openPage = await harness.newPage())
    await signIn(page, harness)
    await page.goto(`${harness.server.url}/inbox?run=${started.id}`)
    const cards = page.getByRole('article', { name: /^Proposal: / })
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(count)
    await page.getByLabel('Select all shown').check()
    // Someone else approves one of them meanwhile: the bulk call reports it as failed, the others go through.
    await harness.api('POST', `/api/v1/proposals/${pending.items[0].id}/review`, { action: 'approve' })
    await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Approve selected' }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'could not be reviewed' })
    await alert.waitFor()
    expect(await alert.textContent()).toContain(`1 of ${count} could not be reviewed: The proposal is already approved`)
    expect(await alert.textContent()).not.toContain('[object Object]')
    await page
      .getByRole('status')
      .filter({ hasText: `Approved ${count - 1} proposal` })
      .waitFor()
    await screenshot(page, 'inbox-bulk-failure')
    expect(harness.consoleErrors).toEqual([])
  })

  it('says how many proposals are held over the volume budget and reviews them under "held"', async () => {
    await harness.api('POST', '/api/v1/ingest/messages', {
      source: { type: 'api', name: 'infra chat' },
      messages: [
        ['i1', 'Please renew the wildcard certificate before it expires on Friday.'],
        ['i2', 'TODO: move the nightly backups to the new bucket.'],
        ['i3', 'Can you please add the new office IP range to the VPN allow-list?'],
      ].map(([externalId, content], n) => ({
        externalId,
        conversation: { externalId: 'infra', title: 'Infra room' },
        // Three people: one person's consecutive requests would be one task.
        author: [
          { externalId: 'u1', displayName: 'Alice' },
          { externalId: 'u2', displayName: 'Bob' },
          { externalId: 'u3', displayName: 'Carol' },
        ][n],
        sentAt: `2026-03-09T0${n + 1}:00:00Z`,
        content,
      })),
    })
    // The default budget: three messages surface one proposal, the others are held.
    const started = await harness.api<{ id: string }>('POST', '/api/v1/analysis/runs', {
      from: '2026-03-09T00:00:00Z',
      to: '2026-03-10T00:00:00Z',
    })
    let run = await harness.api<{ status: string; suppression: { heldOverBudget?: number } }>('GET', `/api/v1/analysis/runs/${started.id}`)
    for (let i = 0; i < 120 && run.status !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      run = await harness.api('GET', `/api/v1/analysis/runs/${started.id}`)
    }
    const held = run.suppression.heldOverBudget ?? 0
    expect(held).toBeGreaterThanOrEqual(1)
    const page = (openPage = await harness.newPage())
    await signIn(page, harness)
    await page.goto(`${harness.server.url}/inbox?run=${started.id}`)
    const notice = page.getByRole('note').filter({ hasText: `${held} more held back` })
    await notice.waitFor()
    await notice.getByRole('button', { name: 'Show held' }).click()
    const cards = page.getByRole('article', { name: /^Proposal: / })
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(held)
    await cards.first().getByRole('button', { name: 'Approve', exact: true }).click()
    await page.getByRole('status').filter({ hasText: 'Approved 1 proposal' }).waitFor()
    await expect.poll(() => cards.count()).toBe(held - 1)
    await screenshot(page, 'inbox-held')
    expect(harness.consoleErrors).toEqual([])
  })

  it('shows the analysis calls in the LLM usage charts', async () => {
    const page = (openPage = await harness.newPage())
    await signIn(page, harness)
    await page.getByRole('link', { name: 'LLM' }).click()
    const totals = page.getByRole('group', { name: 'Usage totals' })
    await totals.waitFor()
    const calls = Number((await totals.locator('strong').first().textContent())!.replace(/\D/g, ''))
    expect(calls).toBeGreaterThan(0)
    await page.getByRole('img', { name: /^Tokens per day/ }).waitFor()
    await page.getByRole('img', { name: /^Spend by model: local/ }).waitFor()
    await screenshot(page, 'llm-usage')
    expect(harness.consoleErrors).toEqual([])
  })
})
