// The analysis module's contributions to the shells (see src/modules/module.ts).
import { z } from 'zod'
import type { SignalboxModule } from '../module.js'
import { analysisRoutes } from './routes.js'
import { registerAnalysisCommands } from './analysis-commands.js'
import { executeRun } from './execute-run.js'
import { runAnalysisJobName } from './runs.js'
import { recoverStaleRuns, recoverStaleRunsJobName } from './recover-stale.js'
import { runDueSchedules, runDueSchedulesJobName } from './schedule.js'

export const analysisModule: SignalboxModule = {
  name: 'analysis',
  apiRoutes: analysisRoutes,
  commands: registerAnalysisCommands,
  jobs: [
    {
      name: runAnalysisJobName,
      payload: z.object({ workspaceId: z.uuid(), runId: z.uuid() }),
      // executeRun never throws for a batch's failure (it is logged on the run); a throw here means the
      // database was unreachable, and pg-boss's retry then resumes the run from its last committed batch.
      handle: async (deps, payload) => {
        await executeRun({ ...deps, workspaceId: payload.workspaceId, actor: { kind: 'system' } }, payload.runId)
      },
    },
    {
      name: recoverStaleRunsJobName,
      payload: z.object({}).passthrough(),
      schedule: '*/5 * * * *',
      handle: async (deps) => {
        const result = await recoverStaleRuns(deps)
        if (result.resumed.length || result.failed.length || result.cancelled.length)
          deps.log.warn(result, 'recovered analysis runs left by a stopped worker')
      },
    },
    {
      name: runDueSchedulesJobName,
      payload: z.object({}).passthrough(),
      // Every minute; the schedules' own intervals (>= 15 minutes) decide which workspaces get a run.
      schedule: '* * * * *',
      handle: async (deps) => {
        const result = await runDueSchedules(deps)
        if (result.started.length || result.skipped.length || result.failed.length) deps.log.info(result, 'scheduled analysis runs')
      },
    },
  ],
}
