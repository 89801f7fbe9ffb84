// `signalbox analyze schedule`: shows the workspace's analysis schedule, or changes it when given options;
// on the local database or through the server that holds it (or SIGNALBOX_URL).
import type { Command } from 'commander'
import { cliConfig, CliError, dataOf } from '../../cli/runtime.js'
import { getProject, type ProjectView } from '../projects/index.js'
import { formatIssues } from '../tasks/index.js'
import { projectIdLocally, projectIdThroughServer, viaServerOrLocal } from './command-runtime.js'
import { getSchedule, putSchedule, scheduleInputSchema, schedulePresets, type ScheduleInput, type ScheduleView } from './schedule.js'

const out = (line = '') => process.stdout.write(`${line}\n`)

type ScheduleOptions = {
  every?: string
  window?: string
  project?: string | false
  agent?: string | false
  atoms?: boolean
  on?: boolean
  off?: boolean
}

/** `--every`: a preset (hourly, daily, weekly) or a number of minutes, hours or days (90m, 6h, 2d). */
export function parseEvery(every: string): Pick<ScheduleInput, 'preset' | 'intervalMinutes'> {
  const value = every.trim().toLowerCase()
  if (value in schedulePresets) return { preset: value as keyof typeof schedulePresets }
  const match = /^(\d{1,5})([mhd])$/.exec(value)
  if (!match) throw new CliError(`--every: expected hourly, daily, weekly or a duration such as 30m, 6h, 2d; got '${every}'`)
  return { intervalMinutes: Number(match[1]) * { m: 1, h: 60, d: 1440 }[match[2] as 'm' | 'h' | 'd'] }
}

/** The PUT body the options ask for, validated here (the same schema as the API), or null when they change nothing. */
export function scheduleInputFromOptions(options: ScheduleOptions): Omit<ScheduleInput, 'projectId'> | null {
  if (options.on && options.off) throw new CliError('give --on or --off, not both')
  const input: Record<string, unknown> = {
    ...(options.every !== undefined ? parseEvery(options.every) : {}),
    window: options.window,
    agentId: options.agent === false ? null : options.agent,
    extractAtoms: options.atoms,
    enabled: options.on ? true : options.off ? false : undefined,
  }
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key]
  if (Object.keys(input).length === 0 && options.project === undefined) return null
  const parsed = scheduleInputSchema.safeParse(input)
  if (!parsed.success) throw new CliError(formatIssues(parsed.error.issues))
  return parsed.data
}

function describeInterval(minutes: number): string {
  const preset = Object.entries(schedulePresets).find(([, m]) => m === minutes)?.[0]
  if (preset) return `${preset} (every ${minutes} minutes)`
  return minutes % 60 === 0 ? `every ${minutes / 60}h` : `every ${minutes} minutes`
}

export function printSchedule(schedule: ScheduleView, projectName?: string | null) {
  if (!schedule.configured) {
    out('Analysis schedule: not set, no scheduled runs')
    out('Set it with: signalbox analyze schedule --every daily [--window 48h] [--project X]')
    return
  }
  out(`Analysis schedule: ${schedule.enabled ? 'on' : 'off'}`)
  out(`  interval      ${describeInterval(schedule.intervalMinutes)}`)
  out(`  window        ${schedule.window} ending at each run`)
  out(
    `  project       ${schedule.projectId ? `${projectName ? `${projectName} ` : ''}(${schedule.projectId})` : 'none (classified by keywords)'}`,
  )
  out(`  agent         ${schedule.agentId ?? 'default for task_extraction'}`)
  out(`  atoms         ${schedule.extractAtoms ? 'tasks and knowledge atoms' : 'tasks only'}`)
  out(`  next run      ${schedule.nextRunAt ?? '-'}`)
  out(`  last run      ${schedule.lastRunId ? `${schedule.lastRunId} at ${schedule.lastRunAt}` : 'none yet'}`)
}

export function registerScheduleCommand(analyze: Command) {
  analyze
    .command('schedule')
    .description('Show the scheduled analysis of this workspace; with options, change it')
    .option('--every <interval>', 'hourly | daily | weekly | 30m | 6h | 2d (at least 15 minutes)')
    .option('--window <duration>', 'how far back each run looks, at least the interval: 36h, 7d')
    .option('--project <idOrName>', 'classify everything into this project')
    .option('--no-project', 'no fixed project')
    .option('--agent <id>', 'LLM agent to use')
    .option('--no-agent', 'the agent assigned to task_extraction (else the local analyser)')
    .option('--atoms', 'propose tasks and knowledge atoms (the default)')
    .option('--no-atoms', 'propose tasks only')
    .option('--on', 'switch scheduled runs on')
    .option('--off', 'switch scheduled runs off (the settings are kept)')
    .action(async (options: ScheduleOptions) => {
      const change = scheduleInputFromOptions(options)
      const { schedule, projectName } = await viaServerOrLocal(cliConfig(), {
        remote: async (server) => {
          const projectId =
            typeof options.project === 'string'
              ? await projectIdThroughServer(server, options.project)
              : options.project === false
                ? null
                : undefined
          const schedule: ScheduleView = change
            ? await dataOf(
                server.api.PUT('/api/v1/analysis/schedule', { body: { ...change, ...(projectId !== undefined ? { projectId } : {}) } }),
              )
            : await dataOf(server.api.GET('/api/v1/analysis/schedule'))
          const project: ProjectView | null = schedule.projectId
            ? await dataOf(server.api.GET('/api/v1/projects/{id}', { params: { path: { id: schedule.projectId } } })).catch(() => null)
            : null
          return { schedule, projectName: project?.name }
        },
        local: async (ctx) => {
          const projectId =
            typeof options.project === 'string'
              ? await projectIdLocally(ctx, options.project)
              : options.project === false
                ? null
                : undefined
          const schedule = change
            ? await putSchedule(ctx, { ...change, ...(projectId !== undefined ? { projectId } : {}) })
            : await getSchedule(ctx)
          const project = schedule.projectId ? await getProject(ctx, schedule.projectId).catch(() => null) : null
          return { schedule, projectName: project?.name }
        },
      })
      printSchedule(schedule, projectName)
    })
}
