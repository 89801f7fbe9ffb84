// A note's text goes through the message path (issue 26's shared decision): one conversation per note in the
// workspace's 'notes' source, the note as one message whose content is the Markdown with the title as a `# `
// heading, so hybrid search (source=notes), assistant citations and analysis see notes with no second index.
// A note's change records `notes.changed` in its own transaction (the outbox); the job below then stores the text,
// so a process killed between the two leaves the work to the next worker instead of a note search never sees.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import type { Queryable } from '../../db/transaction.js'
import type { RawRow } from '../../db/raw-row.js'
import { recordEvent } from '../../jobs/event-outbox.js'
import type { JobDefinition } from '../../jobs/types.js'
import { ingestMessages, markMessagesDeleted, upsertSource } from '../messages/index.js'
import type { NoteView } from './note-schema.js'
import type { notes } from './schema.js'

export const notesChangedEvent = 'notes.changed'

/** Inside the transaction that changed (or deleted) these notes. */
export async function recordNotesChanged(q: Queryable, workspaceId: string, noteIds: string[]) {
  await recordEvent(q, notesChangedEvent, { workspaceId, noteIds })
}

/** Brings search in line with the notes: an existing note's text is stored (unchanged text changes nothing), a
 * deleted one's message is marked deleted. Safe to run twice. */
export async function syncNoteTexts(ctx: ServiceContext, noteIds: string[]): Promise<{ stored: number; removed: number }> {
  const rows = await ctx.database.query<RawRow<typeof notes>>(`SELECT * FROM notes WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [
    ctx.workspaceId,
    noteIds,
  ])
  for (const row of rows) {
    const note = { id: row.id, title: row.title, content: row.content, type: row.type, projectId: row.project_id }
    const createdAt = new Date(row.created_at).toISOString()
    await ingestNoteText(ctx, { ...note, createdAt }, { edited: new Date(row.updated_at).getTime() > new Date(row.created_at).getTime() })
  }
  const gone = noteIds.filter((id) => !rows.some((r) => r.id === id))
  const removed = gone.length > 0 ? await removeNoteTexts(ctx, gone) : 0
  return { stored: rows.length, removed }
}

const syncPayload = z.object({ workspaceId: z.uuid(), noteIds: z.array(z.uuid()).min(1) })

export const syncNoteTextsJob: JobDefinition<z.infer<typeof syncPayload>> = {
  name: 'notes.sync-search',
  payload: syncPayload,
  subscribes: [notesChangedEvent],
  async handle(deps, payload) {
    const ctx: ServiceContext = { ...deps, workspaceId: payload.workspaceId, actor: { kind: 'system' } }
    await syncNoteTexts(ctx, payload.noteIds)
  },
}

export const notesSource = { type: 'notes', name: 'notes' } as const

export function noteMarkdown(note: Pick<NoteView, 'title' | 'content'>): string {
  return `# ${note.title}\n\n${note.content}`.trimEnd()
}

/** Stores (or, with `edited`, replaces) the note's message; the pipeline then chunks and indexes it. */
async function ingestNoteText(
  ctx: ServiceContext,
  note: Pick<NoteView, 'id' | 'title' | 'content' | 'type' | 'projectId' | 'createdAt'>,
  options: { edited: boolean },
) {
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
async function removeNoteTexts(ctx: ServiceContext, noteIds: string[]): Promise<number> {
  const sourceId = await upsertSource(ctx.database, ctx.workspaceId, notesSource)
  return markMessagesDeleted(ctx, { sourceId, externalIds: noteIds })
}
