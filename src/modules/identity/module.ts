// The identity module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'

export const identityModule: SignalboxModule = { name: 'identity' }
