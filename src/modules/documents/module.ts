// The documents module's contributions to the shells (see src/modules/module.ts): the documents API. The CLI's
// `import files` is registered by the import command; the watched folder and WebDAV are connectors.
import type { SignalboxModule } from '../module.js'
import { documentRoutes } from './routes.js'
import './classify-document.js'

export const documentsModule: SignalboxModule = {
  name: 'documents',
  apiRoutes: documentRoutes,
}
