// The identity module's contributions to the shells (see src/modules/module.ts): auth, tokens, admin and
// workspace routes, the API-token and session-cookie authenticators, and the user/signup/token commands.
import type { SignalboxModule } from '../module.js'
import { identityRoutes } from './http-plugin.js'
import { apiTokenAuthenticator, sessionCookieAuthenticator } from './authenticators.js'
import { registerIdentityCommands } from './commands.js'
import { pruneIdentityJob } from './jobs.js'

export const identityModule: SignalboxModule = {
  name: 'identity',
  apiRoutes: identityRoutes,
  authenticators: [apiTokenAuthenticator, sessionCookieAuthenticator],
  commands: registerIdentityCommands,
  jobs: [pruneIdentityJob],
}
