// Notes: CRUD scoped to the caller's workspace. Each write records `notes.changed` in its transaction; the
// notes.sync-search job then stores the note's text as a message (note-search.ts) and the pipeline indexes it.
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError, ValidationError } from '../../lib/errors.js'
import { inTransaction, type Queryable } from '../../db/transaction.js'
import { dispatchEvents } from '../../jobs/event-outbox.js'
import type { RawRow } from '../../db/raw-row.js'
import { projectExists } from '../projects/index.js'
import { actorLabel } from '../tasks/index.js'
import { removeEntityTags } from '../tags/index.js'
import { noteFiltersSchema, noteInputSchema, type NoteFilters, type NoteInput, type NotePatch, type NoteView } from './note-schema.js'
import { recordNotesChanged } from './note-search.js'
import type { notes } from './schema.js'

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString())

function toView(r: RawRow<typeof notes>): NoteView {
  return {
    id: r.id,
    title: r.title,
    content: r.content,
    type: r.type,
    projectId: r.project_id,
    createdBy: r.created_by,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  }
}

export async function checkProject(q: Queryable, workspaceId: string, projectId: string | null | undefined, path = 'projectId') {
  if (projectId && !(await projectExists(q, workspaceId, projectId)))
    throw new ValidationError('Unknown project', [{ path, message: 'no such project in this workspace' }])
}

/** Runs a write and records `notes.changed` for the notes it returns, in one transaction; publishes it after. */
async function writeNotes<T>(ctx: ServiceContext, write: (q: Queryable) => Promise<{ result: T; noteIds: string[] }>): Promise<T> {
  const { result } = await inTransaction(ctx, async (q) => {
    const written = await write(q)
    await recordNotesChanged(q, ctx.workspaceId, written.noteIds)
    return written
  })
  // Committed already: a failed publish is retried by the workers' dispatcher, so it is logged, not thrown.
  if (ctx.queue)
    await dispatchEvents(ctx.database, ctx.queue).catch((error) => ctx.log.warn({ err: error }, 'notes.changed not published yet'))
  return result
}

export async function createNote(ctx: ServiceContext, input: NoteInput): Promise<NoteView> {
  const note = noteInputSchema.parse(input)
  return writeNotes(ctx, async (q) => {
    await checkProject(q, ctx.workspaceId, note.projectId)
    const rows = await q.query<RawRow<typeof notes>>(
      `INSERT INTO notes (workspace_id, title, content, type, project_id, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [ctx.workspaceId, note.title, note.content, note.type, note.projectId ?? null, actorLabel(ctx.actor)],
    )
    return { result: toView(rows[0]), noteIds: [rows[0].id] }
  })
}

export async function getNote(ctx: ServiceContext, id: string): Promise<NoteView> {
  const rows = await ctx.database.query<RawRow<typeof notes>>(`SELECT * FROM notes WHERE id = $1 AND workspace_id = $2`, [
    id,
    ctx.workspaceId,
  ])
  if (!rows[0]) throw new NotFoundError('Note')
  return toView(rows[0])
}

export async function listNotes(ctx: ServiceContext, filters: NoteFilters = {}): Promise<NoteView[]> {
  const f = noteFiltersSchema.parse(filters)
  const params: unknown[] = [ctx.workspaceId]
  const where = ['workspace_id = $1']
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value)
    where.push(clause(params.length))
  }
  if (f.type) add((n) => `type = $${n}`, f.type)
  if (f.projectId) add((n) => `project_id = $${n}`, f.projectId)
  if (f.q) add((n) => `(title ILIKE $${n} OR content ILIKE $${n})`, `%${f.q.replace(/[%_\\]/g, '\\$&')}%`)
  params.push(f.limit)
  const rows = await ctx.database.query<RawRow<typeof notes>>(
    `SELECT * FROM notes WHERE ${where.join(' AND ')} ORDER BY updated_at DESC, id DESC LIMIT $${params.length}`,
    params,
  )
  return rows.map(toView)
}

export async function updateNote(ctx: ServiceContext, id: string, patch: NotePatch): Promise<NoteView> {
  const current = await getNote(ctx, id)
  await checkProject(ctx.database, ctx.workspaceId, patch.projectId)
  const next = {
    title: patch.title ?? current.title,
    content: patch.content ?? current.content,
    type: patch.type ?? current.type,
    projectId: patch.projectId === undefined ? current.projectId : patch.projectId,
  }
  return writeNotes(ctx, async (q) => {
    const rows = await q.query<RawRow<typeof notes>>(
      `UPDATE notes SET title = $3, content = $4, type = $5, project_id = $6, updated_at = now()
       WHERE id = $1 AND workspace_id = $2 RETURNING *`,
      [id, ctx.workspaceId, next.title, next.content, next.type, next.projectId],
    )
    if (!rows[0]) throw new NotFoundError('Note')
    return { result: toView(rows[0]), noteIds: [id] }
  })
}

export async function deleteNote(ctx: ServiceContext, id: string): Promise<void> {
  await writeNotes(ctx, async (q) => {
    const rows = await q.query(`DELETE FROM notes WHERE id = $1 AND workspace_id = $2 RETURNING id`, [id, ctx.workspaceId])
    if (!rows[0]) throw new NotFoundError('Note')
    await removeEntityTags(q, ctx.workspaceId, 'note', id)
    return { result: undefined, noteIds: [id] }
  })
}

export async function noteExists(q: Queryable, workspaceId: string, id: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM notes WHERE id = $1 AND workspace_id = $2`, [id, workspaceId])).length > 0
}
