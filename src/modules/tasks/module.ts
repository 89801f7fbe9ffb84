// The tasks module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'

export const tasksModule: SignalboxModule = { name: 'tasks' }
