// The experiments module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { experimentRoutes } from './routes.js'
import { runExperimentJob } from './jobs.js'
import { registerExperimentsCommand } from './experiments-command.js'

export const experimentsModule: SignalboxModule = {
  name: 'experiments',
  apiRoutes: experimentRoutes,
  commands: registerExperimentsCommand,
  jobs: [runExperimentJob],
}
