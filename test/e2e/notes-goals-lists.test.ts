// Notes, goals and lists through the real HTTP API and the CLI: list items validated by their list's kind (400 with
// the field path, nothing stored), a note found by /search with source=notes, another workspace's owner refused on
// every id, and the CLI's notes/goals/lists commands against a running server naming their flags in errors.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { testApp, testLocalToken } from '../helpers/app.js'
import { createTestUser, createTestWorkspace, login, type Session } from '../helpers/identity.js'
import { runNoteSearchJobs } from '../helpers/notes.js'
import { registerNotesCommands } from '../../src/modules/notes/notes-command.js'
import { registerListsCommand } from '../../src/modules/lists/lists-command.js'
import { silentLog, testConfig } from '../helpers/database.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
let t: TestApp
let owner: Record<string, string>
let stranger: Session & { workspaceHeaders: Record<string, string> }
const savedEnv = { url: process.env.SIGNALBOX_URL, token: process.env.SIGNALBOX_TOKEN, dir: process.env.SIGNALBOX_DATA_DIR }
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-notes-'))

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = owner) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers, payload })

beforeAll(async () => {
  t = await testApp()
  owner = t.auth
  const user = await createTestUser(t.database)
  const workspace = await createTestWorkspace(t.database, user.id)
  const session = await login(t.app, user.username)
  stranger = { ...session, workspaceHeaders: { ...session.headers, 'x-signalbox-workspace': workspace.id } }
  // The CLI finds this server through SIGNALBOX_URL and sends its requests over real HTTP.
  const address = await t.app.listen({ host: '127.0.0.1', port: 0 })
  process.env.SIGNALBOX_URL = address
  process.env.SIGNALBOX_TOKEN = testLocalToken
  process.env.SIGNALBOX_DATA_DIR = scratch
}, 120_000)
afterAll(async () => {
  await t?.app.close()
  for (const [key, value] of [
    ['SIGNALBOX_URL', savedEnv.url],
    ['SIGNALBOX_TOKEN', savedEnv.token],
    ['SIGNALBOX_DATA_DIR', savedEnv.dir],
  ] as const) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  fs.rmSync(scratch, { recursive: true, force: true })
})

describe('lists over HTTP', () => {
  it('validate each item against its list kind, with the field path, and keep what was stored', async () => {
    const watchlist = (await call('POST', '/lists', { name: 'Films', kind: 'watchlist' })).json()
    expect(watchlist).toMatchObject({ kind: 'watchlist', statuses: ['watching', 'completed', 'plan_to_watch'], itemCount: 0 })
    const dune = await call('POST', `/lists/${watchlist.id}/items`, {
      title: 'Dune',
      mediaType: 'movie',
      status: 'watching',
      rating: 9,
      year: 2021,
    })
    expect(dune.statusCode, dune.body).toBe(201)
    expect(dune.json()).toMatchObject({ title: 'Dune', mediaType: 'movie', status: 'watching', rating: 9, year: 2021, platform: null })

    const wrongStatus = await call('POST', `/lists/${watchlist.id}/items`, { title: 'Alien', mediaType: 'movie', status: 'backlog' })
    expect(wrongStatus.statusCode).toBe(400)
    expect(wrongStatus.json().error.details).toEqual([expect.objectContaining({ path: 'status' })])
    const gameField = await call('POST', `/lists/${watchlist.id}/items`, { title: 'Alien', mediaType: 'movie', platform: 'PC' })
    expect(gameField.json().error.details).toEqual([expect.objectContaining({ path: 'platform' })])
    const rating = await call('POST', `/lists/${watchlist.id}/items`, { title: 'Alien', mediaType: 'film', rating: 11 })
    expect(
      rating
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['mediaType', 'rating'])

    const patch = await call('PATCH', `/lists/${watchlist.id}/items/${dune.json().id}`, { status: 'playing' })
    expect(patch.statusCode).toBe(400)
    expect(patch.json().error.details[0].path).toBe('status')
    const items = (await call('GET', `/lists/${watchlist.id}/items`)).json().items
    expect(items).toEqual([expect.objectContaining({ title: 'Dune', status: 'watching' })])

    const completed = await call('PATCH', `/lists/${watchlist.id}/items/${dune.json().id}`, { status: 'completed', rating: null })
    expect(completed.json()).toMatchObject({ status: 'completed', rating: null, year: 2021 })
  })

  it('games and custom lists use the same machinery with their own fields', async () => {
    const games = (await call('POST', '/lists', { name: 'Backlog', kind: 'games' })).json()
    const hades = await call('POST', `/lists/${games.id}/items`, {
      title: 'Hades',
      platform: 'Switch',
      status: 'playing',
      hoursPlayed: 42.5,
    })
    expect(hades.json()).toMatchObject({ platform: 'Switch', status: 'playing', hoursPlayed: 42.5, mediaType: null })
    expect((await call('POST', `/lists/${games.id}/items`, { title: 'Celeste', status: 'backlog' })).json().error.details[0].path).toBe(
      'platform',
    )
    const books = (await call('POST', '/lists', { name: 'Books', kind: 'custom' })).json()
    expect(books.statuses).toBeNull()
    const book = await call('POST', `/lists/${books.id}/items`, {
      title: 'Dune',
      status: 'reading',
      fields: { author: 'Herbert', pages: 412 },
    })
    expect(book.json()).toMatchObject({ status: 'reading', fields: { author: 'Herbert', pages: 412 } })
    expect((await call('GET', `/lists/${books.id}/items?status=reading`)).json().items).toHaveLength(1)
    expect((await call('POST', '/lists', { name: 'Books', kind: 'custom' })).statusCode).toBe(409)
    expect((await call('GET', '/lists?kind=games')).json().items.map((l: { name: string }) => l.name)).toEqual(['Backlog'])
  })
})

describe('notes and goals over HTTP', () => {
  it('a note is found by /search with source=notes, and goals refuse progress outside 0-100', async () => {
    const created = await call('POST', '/notes', { title: 'Retro', content: '## Keep\n\nPair on the **flamegraph** work', type: 'meeting' })
    expect(created.statusCode, created.body).toBe(201)
    const ctx = {
      database: t.database,
      workspaceId: t.defaultWorkspaceId,
      actor: { kind: 'system' as const },
      log: silentLog,
      config: testConfig(),
    }
    await runNoteSearchJobs(ctx)
    const search = (await call('GET', '/search?q=flamegraph&source=notes')).json()
    expect(search.items.map((i: { conversationTitle: string }) => i.conversationTitle)).toEqual(['Retro'])
    expect((await call('GET', '/notes?type=meeting')).json().items).toHaveLength(1)
    expect((await call('POST', '/notes', { title: 'x', type: 'diary' })).json().error.details[0].path).toContain('type')

    const tooFar = await call('POST', '/goals', { name: 'Read 50 books', progress: 120 })
    expect(tooFar.statusCode).toBe(400)
    expect(tooFar.json().error.details[0].path).toContain('progress')
    const goal = await call('POST', '/goals', { name: 'Read 50 books', progress: 20, category: 'learning', targetDate: '2026-12-31' })
    expect(goal.json()).toMatchObject({ progress: 20, status: 'active', targetDate: '2026-12-31' })
    expect((await call('PATCH', `/goals/${goal.json().id}`, { progress: -1 })).statusCode).toBe(400)
    expect((await call('PATCH', `/goals/${goal.json().id}`, { status: 'achieved', progress: 100 })).json().achievedAt).toBeTruthy()
  })

  it("another workspace's owner gets 404 on every id and sees none of it", async () => {
    const note = (await call('POST', '/notes', { title: 'Private note', content: 'mine' })).json()
    const goal = (await call('POST', '/goals', { name: 'Private goal' })).json()
    const list = (await call('POST', '/lists', { name: 'Private list', kind: 'custom' })).json()
    const item = (await call('POST', `/lists/${list.id}/items`, { title: 'Private item' })).json()
    const as = stranger.workspaceHeaders
    const attempts: Array<[Parameters<typeof call>[0], string, object?]> = [
      ['GET', `/notes/${note.id}`],
      ['PATCH', `/notes/${note.id}`, { title: 'taken' }],
      ['DELETE', `/notes/${note.id}`],
      ['GET', `/goals/${goal.id}`],
      ['PATCH', `/goals/${goal.id}`, { progress: 99 }],
      ['DELETE', `/goals/${goal.id}`],
      ['GET', `/lists/${list.id}`],
      ['GET', `/lists/${list.id}/items`],
      ['POST', `/lists/${list.id}/items`, { title: 'intruder' }],
      ['PATCH', `/lists/${list.id}/items/${item.id}`, { title: 'taken' }],
      ['DELETE', `/lists/${list.id}/items/${item.id}`],
      ['DELETE', `/lists/${list.id}`],
    ]
    for (const [method, url, payload] of attempts) {
      const response = await call(method, url, payload, as)
      expect(response.statusCode, `${method} ${url}`).toBe(404)
    }
    for (const url of ['/notes', '/goals', '/lists']) expect((await call('GET', url, undefined, as)).json().items).toEqual([])
    expect((await call('GET', `/notes/${note.id}`)).json().title).toBe('Private note')
    expect((await call('GET', `/goals/${goal.id}`)).json().progress).toBe(0)
    expect((await call('GET', `/lists/${list.id}/items`)).json().items).toEqual([expect.objectContaining({ title: 'Private item' })])
  })
})

async function signalbox(...args: string[]): Promise<string> {
  const written: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true))
  const program = new Command().exitOverride()
  registerNotesCommands(program)
  registerListsCommand(program)
  try {
    await program.parseAsync(['node', 'signalbox', ...args])
  } finally {
    vi.restoreAllMocks()
  }
  return written.join('')
}

describe('the CLI against a running server', () => {
  it('adds a note from a file, edits it, and names the flag of a bad goal or list item', async () => {
    const file = path.join(scratch, 'note.md')
    fs.writeFileSync(file, '# Ideas\n\n- a *garden* planner\n')
    const added = await signalbox('notes', 'add', '--title', 'Side projects', '--type', 'idea', '--file', file)
    const id = /Added note ([0-9a-f-]{36})/.exec(added)![1]
    expect(await signalbox('notes', 'show', id)).toContain('a *garden* planner')
    fs.writeFileSync(file, 'A budget tracker instead')
    await signalbox('notes', 'edit', id, '--file', file, '--type', 'reference')
    expect(await signalbox('notes', 'list', '--type', 'reference')).toContain('Side projects')
    expect(await signalbox('notes', 'show', id)).toContain('A budget tracker instead')

    await expect(signalbox('goals', 'add', 'Climb', '--progress', '150')).rejects.toThrow(/--progress/)
    expect(await signalbox('goals', 'add', 'Climb', '--progress', '10', '--target', '2027-06-01')).toMatch(/Added goal/)
    expect(await signalbox('goals', 'list')).toMatch(/active\s+10%\s+2027-06-01\s+Climb/)

    await signalbox('lists', 'create', 'Series', '--kind', 'watchlist')
    expect(await signalbox('lists', 'add', 'Series', 'Severance', '--type', 'tv', '--status', 'watching', '--rating', '9')).toMatch(
      /watching\s+Severance\s+\(tv, 9\/10\)/,
    )
    await expect(signalbox('lists', 'add', 'Series', 'Andor', '--type', 'tv', '--status', 'backlog')).rejects.toThrow(/--status/)
    expect(await signalbox('lists', 'show', 'series')).not.toContain('Andor')
  })
})
