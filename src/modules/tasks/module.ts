// The tasks module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { taskRoutes } from './routes.js'
import { registerTasksCommand } from './tasks-command.js'

export const tasksModule: SignalboxModule = { name: 'tasks', apiRoutes: taskRoutes, commands: registerTasksCommand }
