// Scheduled analysis runs: one schedule per workspace (read, set) and the sweep that the
// `analysis.run-due-schedules` job makes every minute, starting a `scheduled` run for every schedule that is due.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import type { RawRow } from '../../db/raw-row.js'
import type { WorkerDeps } from '../../jobs/types.js'
import { ValidationError, zodIssuesToDetails } from '../../lib/errors.js'
import { findAgent } from '../llm/index.js'
import { getProject } from '../projects/index.js'
import { sinceSchema } from './run-schema.js'
import { createRun, resolveWindow } from './runs.js'
import type { analysisSchedules } from './schedule-schema.js'

export const runDueSchedulesJobName = 'analysis.run-due-schedules'

export const schedulePresets = { hourly: 60, daily: 1440, weekly: 10_080 } as const
export const minimumIntervalMinutes = 15

/** PUT body: fields left out keep their value (for a new schedule: on, daily, a window of twice the interval, at least 24h). */
export const scheduleInputSchema = z
  .object({
    enabled: z.boolean().optional(),
    intervalMinutes: z.number().int().min(minimumIntervalMinutes).max(43_200).optional(),
    preset: z.enum(Object.keys(schedulePresets) as [keyof typeof schedulePresets]).optional(),
    window: sinceSchema.optional(),
    projectId: z.uuid().nullable().optional(),
    agentId: z.uuid().nullable().optional(),
    extractAtoms: z.boolean().optional(),
  })
  .strict()
  .refine((v) => v.intervalMinutes === undefined || v.preset === undefined, {
    message: 'give intervalMinutes or preset, not both',
    path: ['preset'],
  })
export type ScheduleInput = z.infer<typeof scheduleInputSchema>

export const scheduleViewSchema = z.object({
  /** False until the workspace's schedule was first set; the other fields are then the defaults. */
  configured: z.boolean(),
  enabled: z.boolean(),
  intervalMinutes: z.number().int(),
  window: z.string(),
  projectId: z.string().nullable(),
  agentId: z.string().nullable(),
  extractAtoms: z.boolean(),
  nextRunAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  lastRunId: z.string().nullable(),
  updatedAt: z.string().nullable(),
})
export type ScheduleView = z.infer<typeof scheduleViewSchema>

const unitMinutes: Record<string, number> = { m: 1, h: 60, d: 1440, w: 10_080 }
export const durationMinutes = (duration: string) => Number(duration.slice(0, -1)) * unitMinutes[duration.slice(-1)]

/** Twice the interval, at least a day: a run that had to be skipped leaves no message behind for the next one. */
export function defaultWindowFor(intervalMinutes: number): string {
  return `${Math.max(24, Math.ceil((2 * intervalMinutes) / 60))}h`
}

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString())

/** A row of `SELECT * FROM analysis_schedules`. */
type ScheduleRow = RawRow<typeof analysisSchedules>

function toScheduleView(r: ScheduleRow): ScheduleView {
  return {
    configured: true,
    enabled: r.enabled,
    intervalMinutes: r.interval_minutes,
    window: r.time_window,
    projectId: r.project_id,
    agentId: r.agent_id,
    extractAtoms: r.extract_atoms,
    nextRunAt: iso(r.next_run_at),
    lastRunAt: iso(r.last_run_at),
    lastRunId: r.last_run_id,
    updatedAt: iso(r.updated_at),
  }
}

const unconfigured: ScheduleView = {
  configured: false,
  enabled: false,
  intervalMinutes: schedulePresets.daily,
  window: defaultWindowFor(schedulePresets.daily),
  projectId: null,
  agentId: null,
  extractAtoms: true,
  nextRunAt: null,
  lastRunAt: null,
  lastRunId: null,
  updatedAt: null,
}

export async function getSchedule(ctx: ServiceContext): Promise<ScheduleView> {
  const rows = await ctx.database.query<ScheduleRow>(`SELECT * FROM analysis_schedules WHERE workspace_id = $1`, [ctx.workspaceId])
  return rows[0] ? toScheduleView(rows[0]) : { ...unconfigured }
}

/**
 * Creates or changes the workspace's schedule. When it is switched on or its interval changes, the next run is one
 * interval after the last scheduled run, or at the next minute's sweep when that time has passed (or there was none).
 */
export async function putSchedule(ctx: ServiceContext, input: ScheduleInput, now = new Date()): Promise<ScheduleView> {
  const parsed = scheduleInputSchema.safeParse(input)
  if (!parsed.success) throw new ValidationError('Invalid schedule', zodIssuesToDetails(parsed.error.issues))
  const change = parsed.data
  const current = await getSchedule(ctx)
  const base = current.configured ? current : { ...unconfigured, enabled: true }

  const intervalMinutes = change.preset ? schedulePresets[change.preset] : (change.intervalMinutes ?? base.intervalMinutes)
  // A window left at its default follows a new interval (daily -> weekly widens it); one that was set is kept.
  const windowWasSet = current.configured && current.window !== defaultWindowFor(current.intervalMinutes)
  const window = change.window ?? (windowWasSet ? current.window : defaultWindowFor(intervalMinutes))
  if (durationMinutes(window) < intervalMinutes) {
    throw new ValidationError('The window is shorter than the interval', [
      {
        path: 'window',
        message: `must cover at least the interval (${intervalMinutes} minutes), or the messages between two runs are never analysed`,
      },
    ])
  }
  const projectId = change.projectId === undefined ? base.projectId : change.projectId
  if (projectId && !(await getProject(ctx, projectId).catch(() => null))) {
    throw new ValidationError('Unknown project', [{ path: 'projectId', message: 'no such project' }])
  }
  const agentId = change.agentId === undefined ? base.agentId : change.agentId
  if (agentId) {
    if (!(await findAgent(ctx, agentId))) throw new ValidationError('Unknown agent', [{ path: 'agentId', message: 'no such agent' }])
  }
  const enabled = change.enabled ?? base.enabled
  const extractAtoms = change.extractAtoms ?? base.extractAtoms

  let nextRunAt: Date | null = current.nextRunAt ? new Date(current.nextRunAt) : null
  if (!enabled) nextRunAt = null
  else if (!current.enabled || intervalMinutes !== current.intervalMinutes || !nextRunAt) {
    const afterLast = current.lastRunAt ? new Date(new Date(current.lastRunAt).getTime() + intervalMinutes * 60_000) : now
    nextRunAt = afterLast > now ? afterLast : now
  }

  const rows = await ctx.database.query<ScheduleRow>(
    `INSERT INTO analysis_schedules (workspace_id, enabled, interval_minutes, time_window, project_id, agent_id, extract_atoms, next_run_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (workspace_id) DO UPDATE SET enabled = excluded.enabled, interval_minutes = excluded.interval_minutes,
       time_window = excluded.time_window, project_id = excluded.project_id, agent_id = excluded.agent_id,
       extract_atoms = excluded.extract_atoms, next_run_at = excluded.next_run_at, updated_at = now()
     RETURNING *`,
    [ctx.workspaceId, enabled, intervalMinutes, window, projectId, agentId, extractAtoms, nextRunAt?.toISOString() ?? null],
  )
  return toScheduleView(rows[0])
}

export type DueSchedulesResult = {
  started: Array<{ workspaceId: string; runId: string }>
  skipped: Array<{ workspaceId: string; runId: string; status: string }>
  failed: Array<{ workspaceId: string; message: string }>
}

type ClaimedSchedule = {
  id: string
  workspace_id: string
  time_window: string
  project_id: string | null
  agent_id: string | null
  extract_atoms: boolean
  last_run_id: string | null
  last_run_status: string | null
}

/**
 * Starts a run for every enabled schedule whose next_run_at has come. Each schedule is claimed first by moving its
 * next_run_at forward in one UPDATE ... WHERE next_run_at <= now, so of two workers sweeping at once only one gets
 * it; the run is created after the claim (a crash in between loses one tick, never doubles one). A schedule whose
 * previous scheduled run is still pending or running is skipped for this tick: the two would take the same messages.
 */
export async function runDueSchedules(
  deps: Pick<WorkerDeps, 'database' | 'config' | 'log'> & { queue?: WorkerDeps['queue'] },
  now = new Date(),
): Promise<DueSchedulesResult> {
  // Anchored to the due time so cron's few seconds of lateness do not drift the schedule; after an outage the
  // missed ticks collapse into one run now.
  const claimed = await deps.database.query<ClaimedSchedule>(
    `UPDATE analysis_schedules s
     SET next_run_at = CASE WHEN s.next_run_at + make_interval(mins => s.interval_minutes) > $1::timestamptz
                            THEN s.next_run_at + make_interval(mins => s.interval_minutes)
                            ELSE $1::timestamptz + make_interval(mins => s.interval_minutes) END
     WHERE s.enabled AND s.next_run_at <= $1::timestamptz
     RETURNING s.id, s.workspace_id, s.time_window, s.project_id, s.agent_id, s.extract_atoms, s.last_run_id,
       (SELECT r.status FROM analysis_runs r WHERE r.id = s.last_run_id) AS last_run_status`,
    [now.toISOString()],
  )
  const result: DueSchedulesResult = { started: [], skipped: [], failed: [] }
  for (const schedule of claimed) {
    if (schedule.last_run_id && (schedule.last_run_status === 'pending' || schedule.last_run_status === 'running')) {
      deps.log.info(
        { workspaceId: schedule.workspace_id, runId: schedule.last_run_id, status: schedule.last_run_status },
        'scheduled analysis skipped: the previous scheduled run has not finished',
      )
      result.skipped.push({ workspaceId: schedule.workspace_id, runId: schedule.last_run_id, status: schedule.last_run_status })
      continue
    }
    const ctx: ServiceContext = { ...deps, workspaceId: schedule.workspace_id, actor: { kind: 'system' } }
    try {
      const window = resolveWindow({ since: schedule.time_window }, now)
      const run = await createRun(
        ctx,
        {
          from: window.from.toISOString(),
          to: window.to.toISOString(),
          projectId: schedule.project_id ?? undefined,
          agentId: schedule.agent_id ?? undefined,
          extractAtoms: schedule.extract_atoms,
        },
        'scheduled',
      )
      await deps.database.query(`UPDATE analysis_schedules SET last_run_at = $2, last_run_id = $3 WHERE id = $1`, [
        schedule.id,
        now.toISOString(),
        run.id,
      ])
      result.started.push({ workspaceId: schedule.workspace_id, runId: run.id })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      deps.log.error({ workspaceId: schedule.workspace_id, err: error }, 'scheduled analysis run could not be created')
      result.failed.push({ workspaceId: schedule.workspace_id, message })
    }
  }
  return result
}
