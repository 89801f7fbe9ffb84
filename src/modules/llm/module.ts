// The llm module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'

export const llmModule: SignalboxModule = { name: 'llm' }
