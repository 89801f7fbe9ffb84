// What the workers do after a note changes, run in the test's process (apps built by tests have no queue): take
// the `notes.changed` events from the outbox, store the notes' texts (notes.sync-search) and index the messages
// (pipeline.index-messages). Events of every workspace are handled, each in its own workspace.
import type { ServiceContext } from '../../src/lib/context.js'
import { syncNoteTexts } from '../../src/modules/notes/index.js'
import { indexMessages } from '../../src/modules/pipeline/index.js'

export async function runNoteSearchJobs(ctx: ServiceContext): Promise<number> {
  const events = await ctx.database.query<{ payload: { workspaceId: string; noteIds: string[] } }>(
    `DELETE FROM event_outbox WHERE event = 'notes.changed' RETURNING payload`,
  )
  for (const { payload } of events) {
    const workspace = { ...ctx, workspaceId: payload.workspaceId }
    await syncNoteTexts(workspace, payload.noteIds)
    const messages = await ctx.database.query<{ id: string }>(
      `SELECT m.id FROM messages m JOIN sources s ON s.id = m.source_id WHERE s.type = 'notes' AND m.workspace_id = $1`,
      [payload.workspaceId],
    )
    await indexMessages(
      workspace,
      messages.map((m) => m.id),
    )
  }
  return events.length
}
