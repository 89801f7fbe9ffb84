// The web module's contributions to the shells (see src/modules/module.ts): the single-page app at /.
import type { SignalboxModule } from '../module.js'
import { webStaticRoutes } from './static-files.js'

export const webModule: SignalboxModule = { name: 'web', rootRoutes: webStaticRoutes() }
