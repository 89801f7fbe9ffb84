// A run's volume budget over HTTP: by default one proposal per 25 analysed messages waits for review, the most
// confident first; the rest are held (listed under status=held, reviewable, not counted as pending), and a run
// created without a budget surfaces everything.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../helpers/app.js'
import { silentLog, testConfig } from '../helpers/database.js'
import type { ServiceContext } from '../../src/lib/context.js'
import { runImport } from '../../src/modules/importers/index.js'
import { executeRun } from '../../src/modules/analysis/index.js'

// Real mailing-list and Slack messages dated 2026-01-05 (test/fixtures/README.md).
const fixture = path.resolve(__dirname, '../fixtures/analysis/review-memory.jsonl')
const day1 = { from: '2026-01-05T00:00:00Z', to: '2026-01-06T00:00:00Z' }

describe('volume budget of an analysis run', () => {
  let t: Awaited<ReturnType<typeof testApp>>
  let ctx: ServiceContext
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: t.auth, payload: payload as any })
  const run = async (body: Record<string, unknown>) => {
    const created = await call('POST', '/api/v1/analysis/runs', body)
    expect(created.statusCode).toBe(202)
    await executeRun(ctx, created.json().id)
    return (await call('GET', `/api/v1/analysis/runs/${created.json().id}`)).json()
  }

  beforeAll(async () => {
    t = await testApp()
    ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'local-token' }, log: silentLog, config: testConfig() }
    expect((await runImport(ctx, { kind: 'jsonl', path: fixture })).created).toBe(7)
  })
  afterAll(async () => t?.app.close())

  it('surfaces the most confident proposal and holds the rest; held ones stay reviewable', async () => {
    const budgeted = await run(day1)
    expect(budgeted.status).toBe('completed')
    expect(budgeted.counters.messagesAfterPrefilter).toBeLessThanOrEqual(25)
    const all = (await call('GET', `/api/v1/proposals?runId=${budgeted.id}&limit=500`)).json()
    const pending = all.items.filter((p: any) => p.status === 'pending')
    const held = all.items.filter((p: any) => p.status === 'held')
    expect(all.total).toBeGreaterThanOrEqual(3)
    expect(pending).toHaveLength(1)
    expect(held).toHaveLength(all.total - 1)
    expect(pending[0].confidence).toBeGreaterThanOrEqual(Math.max(...held.map((p: any) => p.confidence)))
    expect(budgeted.counters.proposalsPending).toBe(1)
    expect(budgeted.counters.proposalsTotal).toBe(all.total)
    expect(budgeted.suppression).toMatchObject({ heldOverBudget: all.total - 1, budget: 1 })

    const heldList = (await call('GET', `/api/v1/proposals?runId=${budgeted.id}&status=held`)).json()
    expect(heldList.items.map((p: any) => p.id).sort()).toEqual(held.map((p: any) => p.id).sort())
    const approved = await call('POST', `/api/v1/proposals/${held[0].id}/review`, { action: 'approve' })
    expect(approved.statusCode).toBe(200)
    expect(approved.json().status).toBe('approved')
    const rejected = await call('POST', '/api/v1/proposals/bulk', {
      filter: { runId: budgeted.id, status: 'held' },
      action: 'reject',
      reason: 'not now',
    })
    expect(rejected.statusCode).toBe(200)
    expect(rejected.json().succeeded).toBe(held.length - 1)
    const after = (await call('GET', `/api/v1/analysis/runs/${budgeted.id}`)).json()
    expect(after.counters).toMatchObject({ proposalsPending: 1, proposalsApproved: 1, proposalsRejected: held.length - 1 })
  })

  it('surfaces everything when the run is created without a budget', async () => {
    // The same messages analysed afresh (a run never re-analyses what another run took).
    await t.database.query(`UPDATE messages SET included_in_runs = '{}' WHERE workspace_id = $1`, [t.defaultWorkspaceId])
    const unlimited = await run({ ...day1, proposalsPer25Messages: null })
    expect(unlimited.configSnapshot.proposalsPer25Messages).toBeNull()
    const all = (await call('GET', `/api/v1/proposals?runId=${unlimited.id}&limit=500`)).json()
    expect(all.items.every((p: any) => p.status === 'pending')).toBe(true)
    expect(unlimited.suppression.heldOverBudget ?? 0).toBe(0)
  })

  it('refuses a budget out of range with the field named', async () => {
    const bad = await call('POST', '/api/v1/analysis/runs', { ...day1, proposalsPer25Messages: 0 })
    expect(bad.statusCode).toBe(400)
    expect(JSON.stringify(bad.json())).toContain('proposalsPer25Messages')
  })
})
