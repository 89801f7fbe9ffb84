// The People, person and Tags pages and the tag/kind/source filters of the task list, in a real browser against a
// real server: messages come in through the ingest API, a duplicate person is merged after a confirmation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, chromiumPath, screenshot, signIn, startWebHarness, testUser, type WebHarness } from './harness.js'

if (!browserAvailable)
  console.log(`people pages browser test skipped: no chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`)

let harness: WebHarness
type Person = { id: string; displayName: string }

describe.skipIf(!browserAvailable)('people and tags pages', () => {
  beforeAll(async () => {
    harness = await startWebHarness()
    await harness.api('POST', '/api/v1/auth/signup', testUser)
    const message = (source: string, n: number, author: Record<string, string>, content: string) => ({
      externalId: `${source}-${n}`,
      conversation: { externalId: `${source}-thread`, title: source === 'tg' ? 'Engine team' : 'Notes by mail' },
      author,
      sentAt: new Date(Date.UTC(2026, 2, 2, 9, n)).toISOString(),
      content,
    })
    await harness.api('POST', '/api/v1/ingest/messages', {
      source: { type: 'telegram', name: 'Team chat' },
      messages: [message('tg', 1, { externalId: 'tg-ada', username: 'ada_l', displayName: 'Ada Lovelace' }, 'The loop program is ready')],
    })
    await harness.api('POST', '/api/v1/ingest/messages', {
      source: { type: 'email', name: 'Mail' },
      messages: [
        message('mail', 2, { externalId: 'ada@example.org', displayName: 'A. Lovelace', email: 'ada@example.org' }, 'Notes attached'),
      ],
    })
    const people = await harness.api<{ items: Person[] }>('GET', '/api/v1/people?q=lovelace')
    const ada = people.items.find((p) => p.displayName === 'Ada Lovelace')!
    await harness.api('POST', '/api/v1/tags', { name: 'engine', type: 'area', description: 'The Analytical Engine' })
    const project = await harness.api<{ id: string }>('POST', '/api/v1/projects', { name: 'Analytical Engine' })
    await harness.api('POST', '/api/v1/projects', { name: 'Garden' })
    const task = await harness.api<{ id: string }>('POST', '/api/v1/tasks', { title: 'Review the loops', assignee: ada.id })
    await harness.api('POST', '/api/v1/tasks', { title: 'Mow the lawn' })
    await harness.api('POST', '/api/v1/tasks', { title: 'Sync loses attachments', kind: 'system_fix', kindDetails: { stage: 'reported' } })
    await harness.api('PUT', `/api/v1/tagged/project/${project.id}`, { tags: ['engine'] })
    await harness.api('PUT', `/api/v1/tagged/task/${task.id}`, { tags: ['engine'] })
  }, 300_000)
  afterAll(async () => {
    await harness?.close()
  })

  it('finds a person, edits the contact, merges a duplicate after confirming, and lists things by tag', async () => {
    const page = await harness.newPage()
    await signIn(page, harness)
    await page.getByRole('link', { name: 'People', exact: true }).click()
    const table = page.getByRole('table', { name: 'People' })
    await table.getByRole('link', { name: 'Ada Lovelace' }).waitFor()
    await page.getByLabel('Name').fill('lovelace')
    await table.getByRole('link', { name: 'A. Lovelace' }).waitFor()
    expect(await table.locator('tbody tr').count()).toBe(2)

    await table.getByRole('link', { name: 'Ada Lovelace' }).click()
    await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor()
    const identities = page.getByRole('region', { name: 'Identities' })
    await identities.getByText('@ada_l').waitFor()
    await page.getByRole('region', { name: 'Tasks' }).getByText('Review the loops').waitFor()
    const contact = page.getByRole('form', { name: 'Contact' })
    await contact.getByLabel('Relationship').selectOption('colleague')
    await contact.getByLabel('Phone').fill('+44 20 7946 0000')
    await contact.getByRole('button', { name: 'Save contact' }).click()
    await contact.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()

    await page.getByLabel('Find the duplicate').fill('A. Lov')
    await page.getByRole('button', { name: 'Merge into Ada Lovelace…' }).click()
    const confirm = page.getByRole('alertdialog', { name: 'Confirm merge' })
    expect(await confirm.textContent()).toContain('Merge A. Lovelace into Ada Lovelace?')
    await confirm.getByRole('button', { name: 'Confirm merge' }).click()
    await page.getByRole('status').filter({ hasText: 'Merged: 1 identities moved.' }).waitFor()
    await identities.getByText('ada@example.org').first().waitFor()
    const messages = page.getByRole('region', { name: 'Recent messages' })
    await messages.getByText('Notes attached').waitFor()
    await screenshot(page, 'person-page')
    await messages.getByRole('link', { name: 'Engine team' }).click()
    await page.waitForURL(/\/conversations\/[0-9a-f-]+$/)
    const people = await harness.api<{ items: Array<Person & { relationship: string; phone: string }> }>('GET', '/api/v1/people?q=lovelace')
    expect(people.items).toEqual([
      expect.objectContaining({ displayName: 'Ada Lovelace', relationship: 'colleague', phone: '+44 20 7946 0000' }),
    ])

    await page.getByRole('link', { name: 'Tags', exact: true }).click()
    await page.getByRole('table', { name: 'Tags' }).getByRole('button', { name: 'engine' }).click()
    const projects = page.getByRole('region', { name: 'Projects tagged engine' })
    await projects.getByText('Analytical Engine').waitFor()
    expect(await projects.getByText('Garden').count()).toBe(0)

    await page.goto(`${harness.server.url}/tasks?view=list`)
    const tasks = page.getByRole('table', { name: 'Tasks' })
    await tasks.getByRole('button', { name: 'Tags of Mow the lawn' }).click()
    const taskTags = tasks.getByRole('form', { name: 'Tags' })
    await taskTags.getByLabel('Tags').fill('engine, garden')
    await taskTags.getByRole('button', { name: 'Save tags' }).click()
    await taskTags.getByRole('status').filter({ hasText: 'Tags saved.' }).waitFor()
    await page.getByRole('combobox', { name: 'Tag' }).selectOption('engine')
    await tasks.getByText('Review the loops').waitFor()
    await expect.poll(() => tasks.locator('tbody tr').count()).toBe(2)
    await tasks.getByText('Mow the lawn').waitFor()
    await page.getByRole('combobox', { name: 'Tag' }).selectOption('')
    await page.getByLabel('Kind').selectOption('system_fix')
    await tasks.getByText('Sync loses attachments').waitFor()
    expect(await tasks.locator('tbody tr').count()).toBe(1)

    // Phone width: the person page fits without sideways scrolling.
    const phone = await harness.newPage({ width: 390, height: 844 })
    await signIn(phone, harness)
    await phone.goto(`${harness.server.url}/people`)
    await phone.getByRole('link', { name: 'Ada Lovelace' }).click()
    await phone.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor()
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true)
    expect(harness.consoleErrors).toEqual([])
  })
})
