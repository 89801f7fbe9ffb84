// The email module's contributions to the shells (see src/modules/module.ts): triage API, CLI and jobs.
import type { SignalboxModule } from '../module.js'
import { emailRoutes } from './routes.js'
import { triageBacklogJob, triageChangedEmailsJob } from './jobs.js'
import { registerEmailCommands } from './email-commands.js'

export const emailModule: SignalboxModule = {
  name: 'email',
  apiRoutes: emailRoutes,
  commands: registerEmailCommands,
  jobs: [triageChangedEmailsJob, triageBacklogJob],
}
