// The tags module's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { tagRoutes } from './routes.js'
import { registerTagsCommand } from './tags-command.js'

export const tagsModule: SignalboxModule = { name: 'tags', apiRoutes: tagRoutes, commands: registerTagsCommand }
