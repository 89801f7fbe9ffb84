// The meetings module's contributions to the shells (see src/modules/module.ts): the meetings API and CLI.
import type { SignalboxModule } from '../module.js'
import { meetingRoutes } from './routes.js'
import { registerMeetingCommands } from './meeting-commands.js'

export const meetingsModule: SignalboxModule = { name: 'meetings', apiRoutes: meetingRoutes, commands: registerMeetingCommands }
