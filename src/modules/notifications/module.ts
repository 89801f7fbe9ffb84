// The notifications module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { notificationRoutes } from './routes.js'

export const notificationsModule: SignalboxModule = { name: 'notifications', apiRoutes: notificationRoutes }
