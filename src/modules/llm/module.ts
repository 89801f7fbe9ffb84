// The llm module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { llmRoutes } from './http-plugin.js'
import { registerLlmCommands } from './commands.js'

export const llmModule: SignalboxModule = { name: 'llm', apiRoutes: llmRoutes, commands: registerLlmCommands }
