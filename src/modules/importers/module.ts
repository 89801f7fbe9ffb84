// The importers module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'

export const importersModule: SignalboxModule = { name: 'importers' }
