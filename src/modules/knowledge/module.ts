// The knowledge module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { knowledgeRoutes } from './routes.js'

export const knowledgeModule: SignalboxModule = { name: 'knowledge', apiRoutes: knowledgeRoutes }
