// The pipeline module's contributions to the shells (see src/modules/module.ts): the chunk/embed jobs and the jobs view.
import type { SignalboxModule } from '../module.js'
import { jobRoutes } from './jobs-routes.js'
import { embedPendingDefinition, indexMessagesDefinition } from './jobs.js'

export const pipelineModule: SignalboxModule = {
  name: 'pipeline',
  apiRoutes: jobRoutes,
  jobs: [indexMessagesDefinition, embedPendingDefinition],
}
