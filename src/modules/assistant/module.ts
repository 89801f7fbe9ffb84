// The assistant module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { assistantRoutes } from './routes.js'
import { openAiCompatibleRoutes } from './openai-compatible-routes.js'

export const assistantModule: SignalboxModule = { name: 'assistant', apiRoutes: assistantRoutes, rootRoutes: openAiCompatibleRoutes }
