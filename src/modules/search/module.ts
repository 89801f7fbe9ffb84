// The search module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { searchRoutes } from './routes.js'
import { registerSearchCommand } from './search-command.js'

export const searchModule: SignalboxModule = { name: 'search', apiRoutes: searchRoutes, commands: registerSearchCommand }
