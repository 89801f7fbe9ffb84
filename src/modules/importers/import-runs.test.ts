// Import runs left 'running' by a killed process are closed as interrupted (the CLI case, a process really
// killed, is covered end to end by test/e2e/import-interrupted.test.ts).
import { describe, expect, it } from 'vitest'
import { testContext } from '../../../test/helpers/database.js'
import { closeAbandonedImportRuns, createImportRun, getImportRun, importsInThisProcess } from './import-runs.js'

const params = { kind: 'jsonl' as const, path: '/tmp/x.jsonl', fileName: 'x.jsonl' }

describe('closeAbandonedImportRuns', () => {
  it('on the embedded database closes every running import that is not running in this process', async () => {
    const ctx = await testContext()
    const abandoned = await createImportRun(ctx, params, 'running')
    const ours = await createImportRun(ctx, params, 'running')
    const queued = await createImportRun(ctx, params, 'queued')
    importsInThisProcess.add(ours)
    try {
      expect(await closeAbandonedImportRuns(ctx)).toEqual([abandoned])
    } finally {
      importsInThisProcess.delete(ours)
    }
    const closed = await getImportRun(ctx, abandoned)
    expect(closed.status).toBe('failed')
    expect(closed.finishedAt).not.toBeNull()
    expect(closed.errors.at(-1)?.message).toMatch(/^interrupted/)
    expect((await getImportRun(ctx, ours)).status).toBe('running')
    expect((await getImportRun(ctx, queued)).status).toBe('queued')
  })

  it('on a server (several processes) closes only runs without progress for 10 minutes', async () => {
    const ctx = await testContext()
    const stale = await createImportRun(ctx, params, 'running')
    const recent = await createImportRun(ctx, params, 'running')
    await ctx.database.query(`UPDATE job_runs SET heartbeat_at = now() - interval '11 minutes' WHERE id = $1`, [stale])
    await ctx.database.query(`UPDATE job_runs SET heartbeat_at = now() - interval '2 minutes' WHERE id = $1`, [recent])
    const asServer = { ...ctx.database, kind: 'postgres' as const }
    expect(await closeAbandonedImportRuns({ database: asServer })).toEqual([stale])
    expect((await getImportRun(ctx, recent)).status).toBe('running')
  })
})
