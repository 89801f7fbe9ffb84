// The noise module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { noiseRoutes } from './routes.js'
import { scoreMessagesJob } from './jobs.js'

export const noiseModule: SignalboxModule = { name: 'noise', apiRoutes: noiseRoutes, jobs: [scoreMessagesJob] }
