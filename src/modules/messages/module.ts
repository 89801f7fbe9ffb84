// The message store's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { messageRoutes } from './routes.js'

export const messagesModule: SignalboxModule = { name: 'messages', apiRoutes: messageRoutes }
