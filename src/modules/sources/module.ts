// The sources module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { sourceRoutes } from './routes.js'
import { registerSourcesCommand } from './sources-command.js'
import { syncSourceJob } from './sync.js'
import { periodicSyncJob } from './periodic-sync.js'

export const sourcesModule: SignalboxModule = {
  name: 'sources',
  apiRoutes: sourceRoutes,
  commands: registerSourcesCommand,
  jobs: [syncSourceJob, periodicSyncJob],
}
