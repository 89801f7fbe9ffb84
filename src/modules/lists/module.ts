// The lists module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { listRoutes } from './routes.js'
import { registerListsCommand } from './lists-command.js'

export const listsModule: SignalboxModule = { name: 'lists', apiRoutes: listRoutes, commands: registerListsCommand }
