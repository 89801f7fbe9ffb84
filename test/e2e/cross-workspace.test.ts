// The cross-workspace walk: every API route of the built app (taken from the OpenAPI document, so new routes
// are covered automatically) is called by the owner of workspace B with ids that belong to workspace A.
// Nothing may succeed on A's ids, no response may carry A's data, and A's rows must be intact afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { testApp } from '../helpers/app.js'
import { createTestUser, createTestWorkspace, login, type Session } from '../helpers/identity.js'
import type { Database } from '../../src/db/client.js'

type Route = { method: string; path: string; params: string[] }

let app: FastifyInstance
let database: Database
let routes: Route[]
let workspaceA: string
let ownerA: Session
let ownerB: Session
let tokenB: string
const marker = `confidential-${Math.random().toString(36).slice(2)}`
/** Ids of rows in workspace A, one per table (plus A itself, its owner and its owner's session). */
let idsOfA: Map<string, string>

// Calling these as B would end B's own session, which is not what the walk is about.
const skipped = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/logout-all'])
// Reads allowed to answer a foreign id with an empty 200 instead of a 404 (none at present); the leak check
// still applies to them.
const emptyInsteadOfNotFound = new Set<string>([])

async function rowCountsOfA() {
  const counts: Record<string, number> = {}
  for (const table of await workspaceTables()) {
    const result = await database.pglite!.query<{ n: number }>(`select count(*)::int as n from "${table}" where workspace_id = $1`, [
      workspaceA,
    ])
    counts[table] = result.rows[0].n
  }
  return counts
}

async function workspaceTables(): Promise<string[]> {
  const result = await database.pglite!.query<{ table_name: string }>(
    `select c.table_name from information_schema.columns c
       join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
      where c.column_name = 'workspace_id' and c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      order by c.table_name`,
  )
  return result.rows.map((r) => r.table_name)
}

beforeAll(async () => {
  const built = await testApp()
  app = built.app
  database = built.database

  const a = await createTestUser(database)
  const b = await createTestUser(database)
  workspaceA = (await createTestWorkspace(database, a.id)).id
  const workspaceB = (await createTestWorkspace(database, b.id)).id
  ownerA = await login(app, a.username, undefined, '10.5.0.1')
  ownerB = await login(app, b.username, undefined, '10.5.0.2')
  const aHeaders = { ...ownerA.headers, 'x-signalbox-workspace': workspaceA }
  const bHeaders = { ...ownerB.headers, 'x-signalbox-workspace': workspaceB }
  await app.inject({ method: 'POST', url: `/api/v1/workspaces/${workspaceB}/switch`, headers: bHeaders })

  // Workspace A gets data through the public API: messages (sources, conversations, people...), a token, an invitation.
  const ingest = await app.inject({
    method: 'POST',
    url: '/api/v1/ingest/messages',
    headers: aHeaders,
    payload: {
      source: { type: 'api', name: `source ${marker}` },
      messages: [
        {
          externalId: 'a1',
          conversation: { externalId: 'c1', title: `chat ${marker}` },
          author: { externalId: 'u1', displayName: `Person ${marker}` },
          sentAt: '2026-01-01T10:00:00Z',
          content: `We must ship the ${marker} release on Friday`,
        },
        {
          externalId: 'a2',
          conversation: { externalId: 'c1' },
          author: { externalId: 'u2' },
          sentAt: '2026-01-01T10:05:00Z',
          content: `Agreed, ${marker} goes out Friday`,
        },
      ],
    },
  })
  expect(ingest.statusCode).toBe(200)
  expect(
    (await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: aHeaders, payload: { name: marker, scopes: ['read'] } }))
      .statusCode,
  ).toBe(201)
  expect(
    (await app.inject({ method: 'POST', url: '/api/v1/workspaces/invitations', headers: aHeaders, payload: { role: 'member' } }))
      .statusCode,
  ).toBe(201)
  // Notes, goals and lists (issue 26): rows of A for the walk below to aim at.
  const post = async (url: string, payload: object) => {
    const response = await app.inject({ method: 'POST', url, headers: aHeaders, payload })
    expect(response.statusCode, response.body).toBe(201)
    return response.json()
  }
  await post('/api/v1/notes', { title: `note ${marker}`, content: marker })
  await post('/api/v1/goals', { name: `goal ${marker}` })
  const listOfA = await post('/api/v1/lists', { name: `list ${marker}`, kind: 'custom' })
  await post(`/api/v1/lists/${listOfA.id}/items`, { title: `item ${marker}` })
  const tokenResponse = await app.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    headers: bHeaders,
    payload: { name: 'b', scopes: ['read', 'write', 'ingest', 'admin'] },
  })
  tokenB = tokenResponse.json().token

  idsOfA = new Map([
    ['workspace', workspaceA],
    ['user', a.id],
  ])
  const sessionRow = await database.pglite!.query<{ id: string }>('select id from sessions where user_id = $1 limit 1', [a.id])
  idsOfA.set('sessions', sessionRow.rows[0].id)
  for (const table of await workspaceTables()) {
    const hasId = await database.pglite!.query(`select 1 from information_schema.columns where table_name = $1 and column_name = 'id'`, [
      table,
    ])
    if (!hasId.rows.length) continue
    const row = await database.pglite!.query<{ id: string }>(`select id::text as id from "${table}" where workspace_id = $1 limit 1`, [
      workspaceA,
    ])
    if (row.rows[0]) idsOfA.set(table, row.rows[0].id)
  }

  const spec = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json()
  routes = []
  for (const [path, operations] of Object.entries<Record<string, unknown>>(spec.paths)) {
    if (!path.startsWith('/api/v1/')) continue
    for (const method of Object.keys(operations)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue
      routes.push({ method: method.toUpperCase(), path, params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]) })
    }
  }
}, 300_000) // the first migration of a test file can take minutes when every core is busy
afterAll(async () => {
  await app?.close()
})

/** A's id from the table the path names (`/messages/{id}` -> messages), or every id of A when none matches. */
function candidateIds(path: string): string[] {
  const segment =
    path
      .split('/')
      .slice(0, -1)
      .reverse()
      .find((part) => part && !part.startsWith('{'))
      ?.replace(/-/g, '_') ?? ''
  const matching = [...idsOfA].filter(([table]) => table === segment || table.endsWith(`_${segment}`) || segment.endsWith(table))
  return matching.length ? matching.map(([, id]) => id) : [...new Set(idsOfA.values())]
}

function leaks(body: string, allowed: string[]): string[] {
  const found: string[] = []
  if (body.includes(marker)) found.push('content of A')
  for (const [table, id] of idsOfA) if (!allowed.includes(id) && body.includes(id)) found.push(`${table} id`)
  return found
}

describe('cross-workspace isolation', () => {
  it('finds the routes of every module in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(20)
    expect(routes.some((r) => r.path === '/api/v1/messages/{id}')).toBe(true)
    expect(idsOfA.size).toBeGreaterThan(5)
  })

  it("B's session and token get nothing of A on any route, with any of A's ids", async () => {
    const failures: string[] = []
    let calls = 0
    const countsBefore = await rowCountsOfA()
    for (const route of routes) {
      if (skipped.has(`${route.method} ${route.path}`)) continue
      const candidates = route.params.length ? candidateIds(route.path) : [null]
      for (const id of candidates) {
        const url = route.params.reduce((p, name) => p.replace(`{${name}}`, id!), route.path)
        for (const [who, headers] of [
          ['session', ownerB.headers],
          ['token', { authorization: `Bearer ${tokenB}` }],
        ] as const) {
          const response = await app.inject({
            method: route.method as any,
            url,
            headers,
            payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
          })
          calls += 1
          const where = `${route.method} ${url} (${who}) -> ${response.statusCode}`
          if (response.statusCode >= 500) failures.push(`${where}: server error ${response.body.slice(0, 200)}`)
          const tolerated = route.method === 'GET' && emptyInsteadOfNotFound.has(`${route.method} ${route.path}`)
          if (id && response.statusCode < 300 && !tolerated) failures.push(`${where}: succeeded on an id of workspace A`)
          const leaked = leaks(response.body, id ? [id] : [])
          if (leaked.length) failures.push(`${where}: leaked ${leaked.join(', ')}`)
        }
      }
    }
    expect(failures).toEqual([])
    expect(calls).toBeGreaterThan(routes.length)
    expect(await rowCountsOfA()).toEqual(countsBefore)
  })

  it('naming workspace A in X-Signalbox-Workspace is refused on every authenticated route', async () => {
    const failures: string[] = []
    for (const route of routes) {
      if (skipped.has(`${route.method} ${route.path}`)) continue
      const url = route.params.reduce((p, name) => p.replace(`{${name}}`, workspaceA), route.path)
      for (const headers of [
        { ...ownerB.headers, 'x-signalbox-workspace': workspaceA },
        { authorization: `Bearer ${tokenB}`, 'x-signalbox-workspace': workspaceA },
      ]) {
        const response = await app.inject({
          method: route.method as any,
          url,
          headers,
          payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        })
        if (response.statusCode < 300 || response.statusCode >= 500) {
          // Public routes (login, signup) do not look at the workspace at all; they must still not leak.
          const isPublic = url.startsWith('/api/v1/auth/login') || url.startsWith('/api/v1/auth/signup')
          if (!isPublic) failures.push(`${route.method} ${url} -> ${response.statusCode}`)
        }
        if (leaks(response.body, [workspaceA]).length) failures.push(`${route.method} ${url}: leaked`)
      }
    }
    expect(failures).toEqual([])
  })

  it("A's owner still sees A's data (the walk did not pass because nothing works)", async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations',
      headers: { ...ownerA.headers, 'x-signalbox-workspace': workspaceA },
    })
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain(marker)
    const viaB = await app.inject({ method: 'GET', url: `/api/v1/messages/${idsOfA.get('messages')}`, headers: ownerB.headers })
    expect(viaB.statusCode).toBe(404)
  })
})
