// The proactive module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { proactiveRoutes } from './routes.js'
import { proactiveJob } from './job.js'

export const proactiveModule: SignalboxModule = { name: 'proactive', apiRoutes: proactiveRoutes, jobs: [proactiveJob] }
