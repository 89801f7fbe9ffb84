// The notes module's contributions to the shells (see src/modules/module.ts): notes and goals.
import type { SignalboxModule } from '../module.js'
import { noteRoutes } from './routes.js'
import { registerNotesCommands } from './notes-command.js'
import { syncNoteTextsJob } from './note-search.js'

export const notesModule: SignalboxModule = {
  name: 'notes',
  apiRoutes: noteRoutes,
  commands: registerNotesCommands,
  jobs: [syncNoteTextsJob],
}
