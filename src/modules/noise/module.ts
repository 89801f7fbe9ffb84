// The noise module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'

export const noiseModule: SignalboxModule = { name: 'noise' }
