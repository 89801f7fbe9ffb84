// A note's text goes through the message path (issue 26's shared decision): one conversation per note in the
// workspace's 'notes' source, the note as one message whose content is the Markdown with the title as a `# `
// heading, so hybrid search (source=notes), assistant citations and analysis see notes with no second index.
import type { ServiceContext } from '../../lib/context.js'
import { ingestMessages, markMessagesDeleted, upsertSource } from '../messages/index.js'
import type { NoteView } from './note-schema.js'

export const notesSource = { type: 'notes', name: 'notes' } as const

export function noteMarkdown(note: Pick<NoteView, 'title' | 'content'>): string {
  return `# ${note.title}\n\n${note.content}`.trimEnd()
}

/** Stores (or, with `edited`, replaces) the note's message; the pipeline then chunks and indexes it. */
export async function ingestNoteText(ctx: ServiceContext, note: NoteView, options: { edited: boolean }) {
  const result = await ingestMessages(ctx, {
    source: notesSource,
    messages: [
      {
        externalId: note.id,
        conversation: { externalId: note.id, title: note.title, kind: 'other' },
        sentAt: note.createdAt,
        content: noteMarkdown(note),
        edited: options.edited,
        raw: { noteId: note.id, type: note.type, projectId: note.projectId },
      },
    ],
  })
  if (result.errors.length > 0) throw new Error(`note ${note.id} could not be stored for search: ${result.errors[0].message}`)
  return result
}

/** A deleted note's message is handled like a message deleted at its source: kept for audit, out of search. */
export async function removeNoteText(ctx: ServiceContext, noteId: string): Promise<number> {
  const sourceId = await upsertSource(ctx.database, ctx.workspaceId, notesSource)
  return markMessagesDeleted(ctx, { sourceId, externalIds: [noteId] })
}
