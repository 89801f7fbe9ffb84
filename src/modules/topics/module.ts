// The topics module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { topicRoutes } from './routes.js'
import { classifyMessagesJob } from './jobs.js'
import { registerTopicsCommand } from './topics-command.js'

export const topicsModule: SignalboxModule = {
  name: 'topics',
  apiRoutes: topicRoutes,
  commands: registerTopicsCommand,
  jobs: [classifyMessagesJob],
}
