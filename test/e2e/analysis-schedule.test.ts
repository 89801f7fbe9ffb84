// Scheduled analysis runs: the workspace's schedule through the API, the minute sweep that starts `scheduled`
// runs (claim, skip while the previous run is unfinished, missed ticks), and `signalbox analyze schedule`.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Command } from 'commander'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { testApp } from '../helpers/app.js'
import { silentLog, testConfig, testContext } from '../helpers/database.js'
import { createTestUser, createTestWorkspace, login } from '../helpers/identity.js'
import type { ServiceContext } from '../../src/lib/context.js'
import { getRun, getSchedule, putSchedule, runDueSchedules } from '../../src/modules/analysis/index.js'
import { registerAnalysisCommands } from '../../src/modules/analysis/analysis-commands.js'
import { parseEvery } from '../../src/modules/analysis/schedule-commands.js'
import { createProject } from '../../src/modules/projects/index.js'
import { withLocalContext } from '../../src/cli/runtime.js'
import { loadConfig } from '../../src/config.js'

const minute = 60_000
const day = 1440 * minute

describe('the schedule API', () => {
  type TestApp = Awaited<ReturnType<typeof testApp>>
  let t: TestApp
  const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = t.auth) =>
    t.app.inject({ method, url, headers, payload: payload as any })

  beforeAll(async () => {
    t = await testApp()
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('shows defaults while no schedule was set: off, daily, a 48h window', async () => {
    const response = await call('GET', '/api/v1/analysis/schedule')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      configured: false,
      enabled: false,
      intervalMinutes: 1440,
      window: '48h',
      projectId: null,
      nextRunAt: null,
      lastRunId: null,
    })
  })

  it('sets a daily schedule with a project; the next run is due now and GET shows it', async () => {
    const project = await call('POST', '/api/v1/projects', { name: 'Billing' })
    expect(project.statusCode).toBe(201)
    const before = Date.now()
    const put = await call('PUT', '/api/v1/analysis/schedule', { preset: 'daily', projectId: project.json().id, extractAtoms: false })
    expect(put.statusCode, put.body).toBe(200)
    expect(put.json()).toMatchObject({
      configured: true,
      enabled: true,
      intervalMinutes: 1440,
      window: '48h',
      projectId: project.json().id,
      extractAtoms: false,
    })
    expect(Date.parse(put.json().nextRunAt)).toBeGreaterThanOrEqual(before - 1000)
    expect(Date.parse(put.json().nextRunAt)).toBeLessThanOrEqual(Date.now() + 1000)
    expect((await call('GET', '/api/v1/analysis/schedule')).json()).toEqual(put.json())
  })

  it('keeps fields left out, and widens a default window with the interval', async () => {
    const weekly = await call('PUT', '/api/v1/analysis/schedule', { preset: 'weekly' })
    expect(weekly.json()).toMatchObject({ intervalMinutes: 10_080, window: '336h', extractAtoms: false })
    const set = await call('PUT', '/api/v1/analysis/schedule', { intervalMinutes: 1440, window: '3d' })
    expect(set.json()).toMatchObject({ intervalMinutes: 1440, window: '3d' })
    expect((await call('PUT', '/api/v1/analysis/schedule', { intervalMinutes: 720 })).json()).toMatchObject({ window: '3d' })
  })

  it('refuses a window shorter than the interval, naming the window', async () => {
    const response = await call('PUT', '/api/v1/analysis/schedule', { preset: 'weekly', window: '2d' })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.details).toEqual([expect.objectContaining({ path: 'window' })])
  })

  it('refuses an unknown project, naming projectId', async () => {
    const response = await call('PUT', '/api/v1/analysis/schedule', { projectId: '00000000-0000-4000-8000-000000000000' })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.details).toEqual([expect.objectContaining({ path: 'projectId' })])
  })

  it('refuses an interval under 15 minutes and a preset together with an interval', async () => {
    const short = await call('PUT', '/api/v1/analysis/schedule', { intervalMinutes: 10 })
    expect(short.statusCode).toBe(400)
    expect(short.json().error.details).toEqual([expect.objectContaining({ path: 'body.intervalMinutes' })])
    const both = await call('PUT', '/api/v1/analysis/schedule', { intervalMinutes: 60, preset: 'daily' })
    expect(both.statusCode).toBe(400)
    expect(both.json().error.details).toEqual([expect.objectContaining({ path: 'body.preset' })])
  })

  it("is the workspace's own: another workspace neither sees nor changes it", async () => {
    const mine = (await call('GET', '/api/v1/analysis/schedule')).json()
    expect(mine.configured).toBe(true)
    const owner = await createTestUser(t.database)
    const other = await createTestWorkspace(t.database, owner.id)
    const session = await login(t.app, owner.username, undefined, '10.7.0.1')
    const headers = { ...session.headers, 'x-signalbox-workspace': other.id }
    expect((await call('GET', '/api/v1/analysis/schedule', undefined, headers)).json()).toMatchObject({
      configured: false,
      projectId: null,
    })
    const theirs = await call('PUT', '/api/v1/analysis/schedule', { preset: 'hourly', enabled: false }, headers)
    expect(theirs.statusCode, theirs.body).toBe(200)
    expect(theirs.json()).toMatchObject({ configured: true, enabled: false, intervalMinutes: 60 })
    expect((await call('GET', '/api/v1/analysis/schedule')).json()).toEqual(mine)
  })
})

describe('the minute sweep', () => {
  const setAt = new Date('2024-05-01T11:59:00Z')
  const now = new Date('2024-05-01T12:00:00Z')
  let ctx: ServiceContext
  const deps = () => ({ database: ctx.database, config: testConfig(), log: silentLog })

  // Each test has its own database: the sweep goes over every workspace's schedule.
  async function dailySchedule() {
    ctx = await testContext()
    return putSchedule(ctx, { preset: 'daily' }, setAt)
  }

  it('starts one scheduled run over the window ending now and moves the next run one interval on', async () => {
    expect((await dailySchedule()).nextRunAt).toBe(setAt.toISOString())
    const result = await runDueSchedules(deps(), now)
    expect(result.started).toHaveLength(1)
    expect(result.skipped).toEqual([])
    expect(result.failed).toEqual([])
    const run = await getRun(ctx, result.started[0].runId)
    expect(run).toMatchObject({ triggerType: 'scheduled', status: 'pending' })
    expect(new Date(run.timeWindowEnd).toISOString()).toBe(now.toISOString())
    expect(new Date(run.timeWindowStart).toISOString()).toBe(new Date(now.getTime() - 2 * day).toISOString())
    expect(await getSchedule(ctx)).toMatchObject({
      nextRunAt: new Date(setAt.getTime() + day).toISOString(),
      lastRunAt: now.toISOString(),
      lastRunId: run.id,
    })
  })

  it('starts nothing when swept again at the same time (the first sweep claimed it)', async () => {
    await dailySchedule()
    expect((await runDueSchedules(deps(), now)).started).toHaveLength(1)
    expect(await runDueSchedules(deps(), now)).toEqual({ started: [], skipped: [], failed: [] })
    const runs = await ctx.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM analysis_runs`)
    expect(runs[0].n).toBe(1)
  })

  it('starts one run in total when two sweeps run at once', async () => {
    await dailySchedule()
    const [a, b] = await Promise.all([runDueSchedules(deps(), now), runDueSchedules(deps(), now)])
    expect(a.started.length + b.started.length).toBe(1)
    const runs = await ctx.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM analysis_runs WHERE trigger_type = 'scheduled'`)
    expect(runs[0].n).toBe(1)
  })

  it('skips a tick while the previous scheduled run is still pending, and runs again once it has finished', async () => {
    await dailySchedule()
    const first = (await runDueSchedules(deps(), now)).started[0].runId
    const nextDay = new Date(now.getTime() + day)
    expect(await runDueSchedules(deps(), nextDay)).toEqual({
      started: [],
      skipped: [{ workspaceId: ctx.workspaceId, runId: first, status: 'pending' }],
      failed: [],
    })
    expect((await getSchedule(ctx)).lastRunId).toBe(first)

    await ctx.database.query(`UPDATE analysis_runs SET status = 'completed', completed_at = now() WHERE id = $1`, [first])
    const dayAfter = new Date(now.getTime() + 2 * day)
    const third = await runDueSchedules(deps(), dayAfter)
    expect(third.started).toHaveLength(1)
    expect((await getSchedule(ctx)).lastRunId).toBe(third.started[0].runId)
  })

  it('collapses the ticks missed during an outage into one run', async () => {
    await dailySchedule()
    const afterOutage = new Date(now.getTime() + 5 * day + 7 * minute)
    expect((await runDueSchedules(deps(), afterOutage)).started).toHaveLength(1)
    expect((await getSchedule(ctx)).nextRunAt).toBe(new Date(afterOutage.getTime() + day).toISOString())
    expect((await runDueSchedules(deps(), new Date(afterOutage.getTime() + minute))).started).toEqual([])
  })

  it('never fires a switched-off schedule', async () => {
    await dailySchedule()
    expect(await putSchedule(ctx, { enabled: false }, setAt)).toMatchObject({ enabled: false, nextRunAt: null })
    expect(await runDueSchedules(deps(), new Date(now.getTime() + 30 * day))).toEqual({ started: [], skipped: [], failed: [] })
  })
})

describe('signalbox analyze schedule', () => {
  // In process through commander, on a local data dir (spawning the CLI costs seconds per call).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-schedule-cli-'))
  const saved = {
    dir: process.env.SIGNALBOX_DATA_DIR,
    db: process.env.DATABASE_URL,
    url: process.env.SIGNALBOX_URL,
    log: process.env.LOG_LEVEL,
  }

  beforeAll(() => {
    process.env.SIGNALBOX_DATA_DIR = dataDir
    process.env.LOG_LEVEL = 'silent'
    delete process.env.DATABASE_URL
    delete process.env.SIGNALBOX_URL
  })
  afterAll(() => {
    for (const [key, value] of [
      ['SIGNALBOX_DATA_DIR', saved.dir],
      ['DATABASE_URL', saved.db],
      ['SIGNALBOX_URL', saved.url],
      ['LOG_LEVEL', saved.log],
    ] as const) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
  afterEach(() => vi.restoreAllMocks())

  async function signalbox(...args: string[]): Promise<string> {
    const written: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true))
    const program = new Command().exitOverride()
    registerAnalysisCommands(program)
    try {
      await program.parseAsync(['node', 'signalbox', ...args])
    } finally {
      vi.restoreAllMocks()
    }
    return written.join('')
  }

  it('reads --every as a preset or a duration', () => {
    expect(parseEvery('daily')).toEqual({ preset: 'daily' })
    expect(parseEvery('Weekly')).toEqual({ preset: 'weekly' })
    expect(parseEvery('90m')).toEqual({ intervalMinutes: 90 })
    expect(parseEvery('6h')).toEqual({ intervalMinutes: 360 })
    expect(parseEvery('2d')).toEqual({ intervalMinutes: 2880 })
    expect(() => parseEvery('fortnightly')).toThrow(/--every/)
  })

  // Every call opens the data dir (seconds each), so each call here checks as much as it can.
  it('sets the schedule, then shows it; its options are not taken by `analyze`', { timeout: 120_000 }, async () => {
    expect(await signalbox('analyze', 'schedule')).toMatch(/Analysis schedule: not set/)
    const set = await signalbox('analyze', 'schedule', '--every', '6h', '--window', '12h', '--no-atoms', '--no-agent')
    expect(set).toMatch(/^Analysis schedule: on$/m)
    expect(set).toMatch(/interval +every 6h/)
    expect(set).toMatch(/window +12h ending at each run/)
    expect(set).toMatch(/atoms +tasks only/)
    expect(set).toMatch(/next run +\d{4}-\d\d-\d\dT/)
    expect(set).toMatch(/last run +none yet/)
    const project = await withLocalContext(loadConfig(), (ctx) => createProject(ctx, { name: 'Billing' }))
    expect(await signalbox('analyze', 'schedule', '--project', 'billing')).toMatch(new RegExp(`project +Billing \\(${project.id}\\)`))
    const off = await signalbox('analyze', 'schedule', '--off', '--no-project')
    expect(off).toMatch(/^Analysis schedule: off$/m)
    expect(off).toMatch(/project +none/)
    expect(off).toMatch(/window +12h ending at each run/) // kept from before
  })

  it('prints one line naming the field when the input is wrong', { timeout: 120_000 }, async () => {
    await expect(signalbox('analyze', 'schedule', '--on', '--off')).rejects.toThrow(/--on or --off/)
    await expect(signalbox('analyze', 'schedule', '--every', '1d', '--window', '1h')).rejects.toThrow(
      /^The window is shorter than the interval \(window: /,
    )
  })
})
