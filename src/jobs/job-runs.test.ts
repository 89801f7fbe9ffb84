import { describe, expect, it } from 'vitest'
import { testContext } from '../../test/helpers/database.js'
import { createWorkspace } from '../modules/workspaces/index.js'
import { finishJobRun, getJobRun, listJobRunRows, recordJobRunProgress, startJobRun } from './job-runs.js'

describe('job runs', () => {
  it('a run started, then finished, reads back with its counters and errors', async () => {
    const ctx = await testContext()
    const id = await startJobRun(ctx, { kind: 'pipeline.index', trigger: 'event', params: { messages: 3 } })
    expect((await getJobRun(ctx, id))?.status).toBe('running')
    await finishJobRun(ctx, id, { status: 'failed', counters: { fetched: 3, errors: 1 }, errorLog: [{ message: 'boom' }] })
    const run = await getJobRun(ctx, id)
    expect(run).toMatchObject({ status: 'failed', fetched: 3, stored: 0, errors: 1, error_log: [{ message: 'boom' }] })
    expect(run?.finished_at).toBeInstanceOf(Date)
  })

  it('progress keeps the first errors only up to the limit and merges parameters', async () => {
    const ctx = await testContext()
    const id = await startJobRun(ctx, { kind: 'import', trigger: 'cli', params: { fileName: 'a.json' } })
    const counters = { fetched: 2, stored: 1, updated: 0, skipped: 0, errors: 1 }
    const progress = { done: 10, total: 20 }
    await recordJobRunProgress(ctx, id, { counters, progress, newErrors: [{ n: 1 }, { n: 2 }], maxLoggedErrors: 2, params: { extra: 1 } })
    await recordJobRunProgress(ctx, id, { counters, progress, newErrors: [{ n: 3 }], maxLoggedErrors: 2, finalStatus: 'completed' })
    const run = await getJobRun(ctx, id, 'import')
    expect(run).toMatchObject({ status: 'completed', error_log: [{ n: 1 }, { n: 2 }], params: { fileName: 'a.json', extra: 1 } })
    expect(await getJobRun(ctx, id, 'sync:telegram')).toBeUndefined()
  })

  it('lists only the caller workspace runs, newest first, page by page', async () => {
    const ctx = await testContext()
    const other = await createWorkspace(ctx, { name: 'Other', slug: 'other-runs' })
    await startJobRun({ ...ctx, workspaceId: other.id }, { kind: 'import', trigger: 'cli', params: {} })
    const ids = []
    for (let i = 0; i < 3; i++) ids.push(await startJobRun(ctx, { kind: 'import', trigger: 'cli', params: { i } }))
    const first = await listJobRunRows(ctx, { limit: 2 })
    const last = first[first.length - 1]
    const rest = await listJobRunRows(ctx, { limit: 2, before: { createdAt: new Date(last.created_at).toISOString(), id: last.id } })
    expect([...first, ...rest].map((r) => r.id).sort()).toEqual([...ids].sort())
  })
})
