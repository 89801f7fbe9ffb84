// A real-format Slack export goes through import -> analysis (local analyser) -> review over HTTP.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../helpers/app.js'
import { silentLog, testConfig } from '../helpers/database.js'
import type { ServiceContext } from '../../src/lib/context.js'
import { runImport } from '../../src/modules/importers/index.js'
import { executeRun } from '../../src/modules/analysis/index.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
let t: TestApp
let ctx: ServiceContext
let projectId: string
// The real Slack test archive (hfaran/slack-export-viewer), copied into test/fixtures (source in its README).
const slackExport = path.resolve(__dirname, '../fixtures/importers/slack/testarchive')
// Real mailing-list and Slack messages dated 2026-01-05 (test/fixtures/README.md): the 2016 Slack archive alone
// holds one request worth a task now that answers, links and chatter are no longer proposed (issue 20).
const moreRequests = path.resolve(__dirname, '../fixtures/analysis/review-memory.jsonl')
const window = { from: '2016-01-01T00:00:00Z', to: '2026-01-06T00:00:00Z' }

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: t.auth, payload: payload as any })

beforeAll(async () => {
  t = await testApp()
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'local-token' }, log: silentLog, config: testConfig() }
  const imported = await runImport(ctx, { kind: 'slack', path: slackExport })
  expect(imported.created).toBeGreaterThan(20)
  expect((await runImport(ctx, { kind: 'jsonl', path: moreRequests })).created).toBe(7)
  const project = await call('POST', '/api/v1/projects', {
    name: 'Magellan',
    keywords: ['docker', 'setup.py', 'unittest'],
    components: [{ name: 'executor' }],
    priorityRules: { critical: ['docker'] },
  })
  expect(project.statusCode).toBe(201)
  projectId = project.json().id
})
afterAll(async () => {
  await t?.app.close()
})

/** What the analysis.run job does when a worker picks the run up. */
async function startAndExecute(body: Record<string, unknown>) {
  // No volume budget: these tests review every proposal of the run (the budget: analysis-volume-budget.test.ts).
  const created = await call('POST', '/api/v1/analysis/runs', { proposalsPer25Messages: null, ...body })
  expect(created.statusCode).toBe(202)
  expect(created.json().status).toBe('pending')
  await executeRun(ctx, created.json().id)
  return (await call('GET', `/api/v1/analysis/runs/${created.json().id}`)).json()
}

describe('analysis of an imported Slack export', () => {
  let runId: string

  it('proposes tasks linked to their source messages, with counters', async () => {
    const run = await startAndExecute(window)
    runId = run.id
    expect(run.status).toBe('completed')
    const c = run.counters
    expect(c.messagesInWindow).toBeGreaterThan(20)
    // Join notices and link-only chatter are filtered out before the model sees anything.
    expect(c.messagesAfterPrefilter).toBeLessThan(c.messagesInWindow)
    expect(c.messagesAfterPrefilter).toBeGreaterThan(0)
    expect(c.batchesCreated).toBeGreaterThan(0)
    expect(c.batchesDone).toBe(c.batchesCreated)
    expect(c.llmTokensUsed).toBeGreaterThan(0)

    const proposals = (await call('GET', `/api/v1/proposals?runId=${run.id}`)).json()
    const tasks = proposals.items.filter((p: { kind: string }) => p.kind === 'task')
    expect(tasks.length).toBeGreaterThanOrEqual(3)
    expect(c.proposalsTotal).toBe(proposals.total)
    expect(c.proposalsPending).toBe(proposals.total)
    // Proposals about the project's keywords (the unit-test request) are placed in it; its priority rule applies.
    const inProject = proposals.items.filter((p: { project: { id: string | null } }) => p.project.id === projectId)
    expect(inProject.length).toBeGreaterThan(0)
    for (const p of inProject) {
      expect(p.project.keywordsMatched.length).toBeGreaterThan(0)
      expect(p.project.confidence).toBeGreaterThan(0)
      if (p.kind === 'task' && p.project.keywordsMatched.includes('docker')) expect(p.priority).toBe('critical')
    }
    for (const p of proposals.items) {
      expect(p.sourceMessageIds.length).toBe(p.messageCount)
      const messages = await t.database.query<{ id: string; included_in_runs: string[] }>(
        `SELECT id, included_in_runs FROM messages WHERE id = ANY($1::uuid[])`,
        [p.sourceMessageIds],
      )
      expect(messages.length).toBe(p.messageCount)
      for (const m of messages) expect(m.included_in_runs).toContain(run.id)
    }
  })

  it('approves one with edits, rejects one, merges one; tasks and counters follow', async () => {
    const pending = (await call('GET', `/api/v1/proposals?runId=${runId}&kind=task&status=pending`)).json().items
    const [first, second, third] = pending
    // An edit that changes the priority, whatever the analyser read from the words ("immediately" is high).
    const priority = first.priority === 'high' ? 'low' : 'high'

    const approved = await call('POST', `/api/v1/proposals/${first.id}/review`, {
      action: 'approve',
      edits: { title: 'Write tests for traveling-sailor', priority, assignee: 'hamza' },
    })
    expect(approved.statusCode).toBe(200)
    expect(approved.json()).toMatchObject({ status: 'approved', review: { editedFields: expect.arrayContaining(['title', 'priority']) } })
    const taskId = approved.json().createdTaskId
    const task = (await call('GET', `/api/v1/tasks/${taskId}`)).json()
    expect(task).toMatchObject({ title: 'Write tests for traveling-sailor', priority, aiGenerated: true, confidence: first.confidence })
    expect(task.sourceMessageIds.sort()).toEqual([...first.sourceMessageIds].sort())
    expect(task.subTasks.length).toBe(first.subTasks.length)

    const noReason = await call('POST', `/api/v1/proposals/${second.id}/review`, { action: 'reject' })
    expect(noReason.statusCode).toBe(400)
    const rejected = (await call('POST', `/api/v1/proposals/${second.id}/review`, { action: 'reject', reason: 'not actionable' })).json()
    expect(rejected).toMatchObject({ status: 'rejected', review: { reason: 'not actionable', by: 'local-token' } })

    const merged = (await call('POST', `/api/v1/proposals/${third.id}/review`, { action: 'merge', intoTaskId: taskId })).json()
    expect(merged).toMatchObject({ status: 'merged', createdTaskId: taskId })
    expect(merged.review.diffSummary).toMatchObject({ intoTaskId: taskId, addedSourceMessages: expect.any(Number) })
    const after = (await call('GET', `/api/v1/tasks/${taskId}`)).json()
    expect(after.description).toContain(third.title)
    expect(after.sourceMessageIds).toEqual(expect.arrayContaining(third.sourceMessageIds))
    const history = (await call('GET', `/api/v1/tasks/${taskId}/history`)).json().items
    expect(history.map((h: { field: string }) => h.field)).toEqual(expect.arrayContaining(['created', 'description']))

    // Reviewing twice is a conflict, not a second task.
    expect((await call('POST', `/api/v1/proposals/${first.id}/review`, { action: 'approve' })).statusCode).toBe(409)

    const run = (await call('GET', `/api/v1/analysis/runs/${runId}`)).json()
    expect(run.counters).toMatchObject({ proposalsApproved: 1, proposalsRejected: 1, proposalsMerged: 1 })
    expect(run.counters.proposalsPending).toBe(run.counters.proposalsTotal - 3)
    // A completed run becomes reviewed as soon as nothing is pending.
    expect(run.status).toBe(run.counters.proposalsPending > 0 ? 'completed' : 'reviewed')
  })

  it('becomes reviewed with accuracy metrics once the rest is reviewed in bulk, then closes', async () => {
    const rest = (await call('GET', `/api/v1/proposals?runId=${runId}&status=pending`)).json().items
    const atoms = rest.filter((p: { kind: string }) => p.kind === 'atom').map((p: { id: string }) => p.id)
    const tasks = rest.filter((p: { kind: string }) => p.kind === 'task').map((p: { id: string }) => p.id)
    if (atoms.length) {
      const bulk = (await call('POST', '/api/v1/proposals/bulk', { proposalIds: atoms, action: 'approve' })).json()
      expect(bulk).toMatchObject({ succeeded: atoms.length, failed: 0 })
      const atom = (await call('GET', `/api/v1/atoms?approvalStatus=approved`)).json()
      expect(atom.total).toBe(atoms.length)
    }
    if (tasks.length) await call('POST', '/api/v1/proposals/bulk', { proposalIds: tasks, action: 'reject', reason: 'duplicate' })

    const run = (await call('GET', `/api/v1/analysis/runs/${runId}`)).json()
    expect(run.status).toBe('reviewed')
    expect(run.counters.proposalsPending).toBe(0)
    const accepted = run.counters.proposalsApproved + run.counters.proposalsMerged
    expect(run.accuracyMetrics.approvalRate).toBeCloseTo(accepted / run.counters.proposalsTotal, 2)
    expect(run.accuracyMetrics.editRate).toBeCloseTo(1 / run.counters.proposalsApproved, 2)
    expect(run.accuracyMetrics.calibration).toHaveLength(4)

    expect((await call('POST', `/api/v1/analysis/runs/${runId}/close`)).json().status).toBe('closed')
    expect((await call('POST', `/api/v1/analysis/runs/${runId}/cancel`)).statusCode).toBe(409)
  })

  it('re-running the same window proposes nothing new', async () => {
    const again = await startAndExecute(window)
    expect(again.status).toBe('completed')
    expect(again.counters.messagesInWindow).toBeGreaterThan(0)
    expect(again.counters.messagesAfterPrefilter).toBe(0)
    expect(again.counters.proposalsTotal).toBe(0)
  })

  it('refuses an empty window and an unknown project with the field named', async () => {
    const empty = await call('POST', '/api/v1/analysis/runs', { from: '2016-02-01T00:00:00Z', to: '2016-01-01T00:00:00Z' })
    expect(empty.statusCode).toBe(400)
    const noProject = await call('POST', '/api/v1/analysis/runs', { since: '7d', projectId: '00000000-0000-4000-8000-000000000000' })
    expect(noProject.statusCode).toBe(400)
    expect(noProject.json().error.details[0].path).toBe('projectId')
    const missing = await call('POST', '/api/v1/analysis/runs', {})
    expect(missing.statusCode).toBe(400)
  })
})
