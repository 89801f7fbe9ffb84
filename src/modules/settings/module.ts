// The settings module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { settingsRoutes } from './routes.js'

export const settingsModule: SignalboxModule = { name: 'settings', apiRoutes: settingsRoutes }
