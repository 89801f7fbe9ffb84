// The topics module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'

export const topicsModule: SignalboxModule = { name: 'topics' }
