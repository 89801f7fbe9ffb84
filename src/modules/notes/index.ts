// What other modules may use of notes and goals.
export { notes, goals, projectGoals, noteTypes, goalStatuses } from './schema.js'
export { createNote, getNote, listNotes, updateNote, deleteNote, noteExists } from './notes-service.js'
export { createGoal, getGoal, listGoals, updateGoal, deleteGoal, goalExists } from './goals-service.js'
export { notesSource, noteMarkdown, notesChangedEvent, syncNoteTexts } from './note-search.js'
export type { NoteView, GoalView, NoteInput, GoalInput } from './note-schema.js'
