// The people module's contributions to the shells (see src/modules/module.ts). It owns no tables: people and
// identities belong to messages (ingest creates them); this module is the contacts view and merge over them.
import type { SignalboxModule } from '../module.js'
import { peopleRoutes } from './routes.js'
import { registerPeopleCommand } from './people-command.js'

export const peopleModule: SignalboxModule = { name: 'people', apiRoutes: peopleRoutes, commands: registerPeopleCommand }
