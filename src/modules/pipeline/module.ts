// The pipeline module's contributions to the shells (see src/modules/module.ts): the chunk/embed jobs, the statistics sweep and the jobs view.
import type { SignalboxModule } from '../module.js'
import { jobRoutes } from './jobs-routes.js'
import { embedPendingDefinition, indexMessagesDefinition, refreshStatisticsDefinition } from './jobs.js'

export const pipelineModule: SignalboxModule = {
  name: 'pipeline',
  apiRoutes: jobRoutes,
  jobs: [indexMessagesDefinition, embedPendingDefinition, refreshStatisticsDefinition],
}
