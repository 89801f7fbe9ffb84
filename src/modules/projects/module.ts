// The projects module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { projectRoutes } from './routes.js'

export const projectsModule: SignalboxModule = { name: 'projects', apiRoutes: projectRoutes }
