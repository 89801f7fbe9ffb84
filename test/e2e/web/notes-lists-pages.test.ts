// The notes, goals and lists pages in a real browser against a real server with its workers: a note written in the
// editor (live preview, sanitised Markdown) is found by search with source=notes once the workers indexed it, and
// again after an edit; a goal's progress and status change in place; a watchlist gets an item whose status changes;
// at phone width a note replaces the list and nothing overflows sideways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { waitFor } from '../../helpers/wait-for.js'
import { browserAvailable, chromiumPath, screenshot, signIn, startWebHarness, testUser, type WebHarness } from './harness.js'

if (!browserAvailable)
  console.log(`notes/goals/lists browser test skipped: no chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`)

let harness: WebHarness

const searchNotes = async (word: string) =>
  (await harness.api<{ items: Array<{ conversationTitle: string }> }>('GET', `/api/v1/search?q=${word}&source=notes`)).items.map(
    (i) => i.conversationTitle,
  )

const overflowsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)

describe.skipIf(!browserAvailable)('notes, goals and lists pages', () => {
  beforeAll(async () => {
    harness = await startWebHarness()
    await harness.api('POST', '/api/v1/auth/signup', testUser)
  }, 300_000)
  afterAll(async () => {
    await harness?.close()
  })

  it('writes and edits a searchable note, tracks a goal, keeps a watchlist, and fits a phone', async () => {
    const page = await harness.newPage()
    await signIn(page, harness)

    // Notes: the editor's preview renders Markdown and drops what could run.
    await page.getByRole('link', { name: 'Notes', exact: true }).click()
    await page.getByRole('button', { name: 'New note' }).click()
    const editor = page.getByRole('form', { name: 'New note' })
    await editor.getByLabel('Title').fill('Launch plan')
    await editor.getByLabel('Type').selectOption('reference')
    await editor
      .getByLabel('Markdown')
      .fill(
        '## Steps\n\nShip the **zeppelin** release.\n\n<img src="data:," onerror="window.pwned=1"><script>window.pwned=2</script>\n\n[bad](javascript:window.pwned=3)',
      )
    const preview = editor.getByLabel('Preview')
    await preview.locator('strong', { hasText: 'zeppelin' }).waitFor()
    expect(await preview.locator('h2').textContent()).toBe('Steps')
    expect(await preview.locator('script, img, [onerror]').count()).toBe(0)
    expect(await preview.textContent()).toContain('<script>window.pwned=2</script>') // raw HTML is shown, not parsed
    expect(await preview.locator('a').getAttribute('href')).toBeNull()
    await editor.getByRole('button', { name: 'Save' }).click()
    const article = page.getByRole('article', { name: 'Note' })
    await article.getByRole('heading', { name: 'Launch plan' }).waitFor()
    await article.locator('strong', { hasText: 'zeppelin' }).waitFor()
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined()
    // Until the workers store the first note there is no 'notes' source, and search says so (400): not yet.
    const noteFound = async (word: string) => ((await searchNotes(word).catch(() => [])).length ? true : undefined)
    await waitFor('the note indexed by the workers', () => noteFound('zeppelin'))
    expect(await searchNotes('zeppelin')).toEqual(['Launch plan'])

    await article.getByRole('button', { name: 'Edit' }).click()
    await page.getByRole('form', { name: 'Edit note' }).getByLabel('Markdown').fill('Ship the **airship** release instead.')
    await page.getByRole('form', { name: 'Edit note' }).getByRole('button', { name: 'Save' }).click()
    await article.locator('strong', { hasText: 'airship' }).waitFor()
    await waitFor('the edit indexed', () => noteFound('airship'))
    expect(await searchNotes('zeppelin')).toEqual([])
    await page.getByRole('navigation').getByRole('link', { name: 'Notes', exact: true }).click()
    await page.getByLabel('Type').selectOption('meeting')
    await page.getByText('No notes match').waitFor()
    await page.getByLabel('Type').selectOption('reference')
    await page
      .getByRole('list', { name: 'Notes' })
      .getByRole('link', { name: /Launch plan/ })
      .waitFor()
    await screenshot(page, 'notes')

    // Goals: a progress bar, changed in place with the status.
    await page.getByRole('link', { name: 'Goals', exact: true }).click()
    const newGoal = page.getByRole('form', { name: 'New goal' })
    await newGoal.getByLabel('Goal').fill('Run 10k')
    await newGoal.getByLabel('Progress %').fill('30')
    await newGoal.getByLabel('Target date').fill('2027-05-01')
    await newGoal.getByRole('button', { name: 'Add goal' }).click()
    const goal = page.getByRole('listitem', { name: 'Run 10k' })
    await expect.poll(() => goal.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('30')
    await goal.getByLabel('Progress %').fill('80')
    await goal.getByLabel('Status').focus() // leaving the field saves the progress
    await expect.poll(() => goal.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('80')
    await goal.getByLabel('Status').selectOption('achieved')
    await goal.locator('.badge.good', { hasText: 'achieved' }).waitFor()
    const stored = (
      await harness.api<{ items: Array<{ progress: number; status: string; achievedAt: string | null }> }>('GET', '/api/v1/goals')
    ).items
    expect(stored).toEqual([expect.objectContaining({ progress: 80, status: 'achieved', achievedAt: expect.any(String) })])

    // Lists: a watchlist with its own fields; the status changes in the table.
    await page.getByRole('link', { name: 'Lists', exact: true }).click()
    const newList = page.getByRole('form', { name: 'New list' })
    await newList.getByLabel('Name').fill('Films')
    await newList.getByLabel('Kind').selectOption('watchlist')
    await newList.getByRole('button', { name: 'Create list' }).click()
    await page.getByRole('heading', { name: 'Films', level: 2 }).waitFor()
    const newItem = page.getByRole('form', { name: 'Add an item' })
    await newItem.getByLabel('Title').fill('Dune')
    await newItem.getByLabel('Status').selectOption('watching')
    await newItem.getByLabel('Type').selectOption('movie')
    await newItem.getByLabel('Year').fill('2021')
    await newItem.getByRole('button', { name: 'Add' }).click()
    const row = page.getByRole('table', { name: 'Films items' }).getByRole('row', { name: /Dune/ })
    await row.getByRole('cell', { name: '2021' }).waitFor()
    await row.getByLabel('Status of Dune').selectOption('completed')
    const lists = (await harness.api<{ items: Array<{ id: string }> }>('GET', '/api/v1/lists')).items
    await expect
      .poll(
        async () => (await harness.api<{ items: Array<{ status: string }> }>('GET', `/api/v1/lists/${lists[0].id}/items`)).items[0].status,
      )
      .toBe('completed')
    await screenshot(page, 'lists')

    // Phone width: the note replaces the list, and no page scrolls sideways.
    const phone = await harness.newPage({ width: 390, height: 844 })
    await signIn(phone, harness)
    await phone.getByRole('button', { name: 'Menu' }).click()
    await phone.getByRole('link', { name: 'Notes', exact: true }).click()
    await phone
      .getByRole('list', { name: 'Notes' })
      .getByRole('link', { name: /Launch plan/ })
      .click()
    await phone.getByRole('article', { name: 'Note' }).locator('strong', { hasText: 'airship' }).waitFor()
    expect(await phone.getByRole('list', { name: 'Notes' }).isVisible()).toBe(false)
    expect(await overflowsSideways(phone)).toBe(false)
    const loaded: Array<[string, string]> = [
      ['/goals', 'Goals'],
      [`/lists/${lists[0].id}`, 'Films items'],
    ]
    for (const [path, name] of loaded) {
      await phone.goto(`${harness.server.url}${path}`)
      await phone.getByRole(path === '/goals' ? 'list' : 'table', { name }).waitFor()
      expect(await overflowsSideways(phone), path).toBe(false)
    }
    await screenshot(phone, 'notes-phone')
    expect(harness.consoleErrors).toEqual([])
  })
})
