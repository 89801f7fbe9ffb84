// The review inbox for hundreds of proposals, over HTTP: filters and groups computed by the API, bulk review of a
// selection or a whole filter, short id prefixes, "reject similar", and what later runs learn from review
// (rejected look-alikes suppressed and reported, repeats merged into the pending proposal).
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../helpers/app.js'
import { silentLog, testConfig } from '../helpers/database.js'
import type { ServiceContext } from '../../src/lib/context.js'
import { runImport } from '../../src/modules/importers/index.js'
import { executeRun } from '../../src/modules/analysis/index.js'

const fixture = path.resolve(__dirname, '../fixtures/analysis/review-memory.jsonl')
const day1 = { from: '2026-01-05T00:00:00Z', to: '2026-01-06T00:00:00Z' }
const day2 = { from: '2026-01-06T00:00:00Z', to: '2026-01-07T00:00:00Z' }

async function setUp() {
  const t = await testApp()
  const ctx: ServiceContext = {
    database: t.database,
    workspaceId: t.defaultWorkspaceId,
    actor: { kind: 'local-token' },
    log: silentLog,
    config: testConfig(),
  }
  const imported = await runImport(ctx, { kind: 'jsonl', path: fixture })
  expect(imported.created).toBe(7)
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: t.auth, payload: payload as any })
  const run = async (window: typeof day1) => {
    // No volume budget: these tests review every proposal of a small fixture (the budget has its own test).
    const created = await call('POST', '/api/v1/analysis/runs', { ...window, proposalsPer25Messages: null })
    expect(created.statusCode).toBe(202)
    await executeRun(ctx, created.json().id)
    return (await call('GET', `/api/v1/analysis/runs/${created.json().id}`)).json()
  }
  return { t, ctx, call, run }
}

describe('review inbox API', () => {
  let s: Awaited<ReturnType<typeof setUp>>
  let runId: string
  beforeAll(async () => {
    s = await setUp()
    runId = (await s.run(day1)).id
  })
  afterAll(async () => s?.t.app.close())

  it('filters by kind, confidence, conversation and id prefix in the API, and counts per group', async () => {
    const all = (await s.call('GET', `/api/v1/proposals?runId=${runId}&limit=500`)).json()
    expect(all.total).toBeGreaterThanOrEqual(3)
    for (const p of all.items) {
      expect(p.conversationId).toMatch(/^[0-9a-f-]{36}$/)
      expect(p.sourceId).toMatch(/^[0-9a-f-]{36}$/)
      expect(p.reasoning).not.toMatch(/^Local rules/)
    }
    const tasks = (await s.call('GET', `/api/v1/proposals?runId=${runId}&kind=task`)).json()
    expect(tasks.items.every((p: any) => p.kind === 'task')).toBe(true)
    const confidences = all.items.map((p: any) => p.confidence).sort()
    const middle = confidences[Math.floor(confidences.length / 2)]
    const low = (await s.call('GET', `/api/v1/proposals?runId=${runId}&belowConfidence=${middle}`)).json()
    const high = (await s.call('GET', `/api/v1/proposals?runId=${runId}&minConfidence=${middle}&sort=confidence`)).json()
    expect(low.total + high.total).toBe(all.total)
    expect(low.items.every((p: any) => p.confidence < middle)).toBe(true)
    expect(high.items.map((p: any) => p.confidence)).toEqual([...high.items.map((p: any) => p.confidence)].sort((a, b) => b - a))

    const groups = (await s.call('GET', `/api/v1/proposals/groups?runId=${runId}&by=conversation`)).json()
    expect(groups.total).toBe(all.total)
    expect(groups.groups.reduce((sum: number, g: any) => sum + g.count, 0)).toBe(all.total)
    const locks = groups.groups.find((g: any) => g.label === 'Entity locks in asterixdb')
    expect(locks).toBeDefined()
    const inLocks = (await s.call('GET', `/api/v1/proposals?conversationId=${locks.key}`)).json()
    expect(inLocks.total).toBe(locks.count)
    expect(inLocks.items.every((p: any) => p.conversationId === locks.key)).toBe(true)
    const byRun = (await s.call('GET', `/api/v1/proposals/groups?by=run`)).json()
    expect(byRun.groups).toEqual([expect.objectContaining({ key: runId, count: all.total })])

    const prefix = all.items[0].id.slice(0, 8)
    const found = (await s.call('GET', `/api/v1/proposals?idPrefix=${prefix}`)).json()
    expect(found.items.map((p: any) => p.id)).toEqual([all.items[0].id])
    const bad = await s.call('GET', `/api/v1/proposals?idPrefix=zz`)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details[0].path).toMatch(/idPrefix/)
  })

  it('rejects a whole group by filter with one reason, and refuses a filter that selects nothing', async () => {
    const groups = (await s.call('GET', `/api/v1/proposals/groups?runId=${runId}&status=pending&by=conversation`)).json()
    const locks = groups.groups.find((g: any) => g.label === 'Entity locks in asterixdb')
    const result = await s.call('POST', '/api/v1/proposals/bulk', {
      filter: { conversationId: locks.key },
      action: 'reject',
      reason: 'handled on the wiki',
    })
    expect(result.statusCode).toBe(200)
    expect(result.json()).toMatchObject({ succeeded: locks.count, failed: 0 })
    const after = (await s.call('GET', `/api/v1/proposals?conversationId=${locks.key}&status=rejected`)).json()
    expect(after.items.map((p: any) => p.review.reason)).toEqual(Array(locks.count).fill('handled on the wiki'))
    const empty = await s.call('POST', '/api/v1/proposals/bulk', { filter: {}, action: 'reject' })
    expect(empty.statusCode).toBe(400)
    expect(empty.json().error.details[0].path).toMatch(/filter/)
  })

  it('rejects similar proposals together; the next run suppresses the repost and says why', async () => {
    const pending = (await s.call('GET', `/api/v1/proposals?runId=${runId}&status=pending&kind=task`)).json()
    const removeMe = pending.items.find((p: any) => /remove me from your mailing list/i.test(p.title))
    expect(removeMe).toBeDefined()
    const rejected = await s.call('POST', `/api/v1/proposals/${removeMe.id}/reject-similar`, { reason: 'list admin request, not our work' })
    expect(rejected.statusCode).toBe(200)
    expect(rejected.json()).toMatchObject({ succeeded: 1, failed: 0, similar: 0 })

    const second = await s.run(day2)
    expect(second.status).toBe('completed')
    expect(second.counters.messagesAfterPrefilter).toBe(1)
    expect(second.counters.proposalsTotal).toBe(0)
    expect(second.suppression.total).toBe(1)
    expect(second.suppression.byReason).toEqual({ 'rejected before: list admin request, not our work': 1 })
  })
})

describe('a run started by the CLI through a server', () => {
  it("is recorded with trigger 'manual', one started over HTTP with 'api'", async () => {
    const t = await testApp()
    const call = (payload: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/v1/analysis/runs', headers: t.auth, payload: payload as any })
    expect((await call({ ...day1, triggerType: 'manual' })).json().triggerType).toBe('manual')
    expect((await call(day1)).json().triggerType).toBe('api')
    const scheduled = await call({ ...day1, triggerType: 'scheduled' })
    expect(scheduled.statusCode).toBe(400)
    await t.app.close()
  })
})

describe('a repeat of a pending proposal in a later run', () => {
  let s: Awaited<ReturnType<typeof setUp>>
  beforeAll(async () => {
    s = await setUp()
  })
  afterAll(async () => s?.t.app.close())

  it('is merged into it (its messages attached) instead of a second card', async () => {
    const first = await s.run(day1)
    const before = (await s.call('GET', `/api/v1/proposals?runId=${first.id}&kind=task`)).json()
    const removeMe = before.items.find((p: any) => /remove me from your mailing list/i.test(p.title))
    expect(removeMe.sourceMessageIds).toHaveLength(1)
    const second = await s.run(day2)
    expect(second.counters.proposalsTotal).toBe(0)
    expect(second.suppression.mergedIntoPending).toBe(1)
    const merged = (await s.call('GET', `/api/v1/proposals/${removeMe.id}`)).json()
    expect(merged.sourceMessageIds).toHaveLength(2)
    expect(merged.messageCount).toBe(2)
    expect(merged.status).toBe('pending')
  })
})
