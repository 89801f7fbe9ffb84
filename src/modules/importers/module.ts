// The importers module's contributions to the shells (see src/modules/module.ts).
import { z } from 'zod'
import type { SignalboxModule } from '../module.js'
import { importRoutes } from './routes.js'
import { registerImportCommand } from './import-command.js'
import { runImportJobName, runQueuedImport } from './upload-import.js'
import { closeAbandonedImportRuns } from './import-runs.js'

export const importersModule: SignalboxModule = {
  name: 'importers',
  apiRoutes: importRoutes,
  commands: registerImportCommand,
  jobs: [
    {
      name: runImportJobName,
      payload: z.object({ workspaceId: z.uuid(), jobRunId: z.uuid() }),
      handle: async (deps, payload) =>
        runQueuedImport({ ...deps, workspaceId: payload.workspaceId, actor: { kind: 'system' } }, payload.jobRunId),
    },
    {
      name: 'imports.close-abandoned',
      payload: z.object({}).passthrough(),
      schedule: '*/5 * * * *',
      handle: async (deps) => {
        const closed = await closeAbandonedImportRuns(deps)
        if (closed.length) deps.log.warn({ jobRunIds: closed }, 'closed import runs abandoned by a stopped process')
      },
    },
  ],
}
