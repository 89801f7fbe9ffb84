// People as contacts (seed 002 `people`): their rows, their channel identities, the messages they wrote, the notes
// and meeting transcripts that mention them, and the identity half of merging two people. The people module is the
// shell over these; people and identities stay here because ingest creates them.
import type { ServiceContext } from '../../lib/context.js'
import type { Queryable } from '../../db/transaction.js'
import type { RawRow } from '../../db/raw-row.js'
import type { identities, people } from './schema.js'

type Ctx = Pick<ServiceContext, 'database' | 'workspaceId'>
export type PersonRow = RawRow<typeof people> & { identity_count: number; message_count: number }
export type PersonFields = {
  displayName?: string
  email?: string | null
  phone?: string | null
  relationship?: string | null
  notes?: string | null
}

const selectPerson = `SELECT p.*,
  (SELECT count(*)::int FROM identities i WHERE i.person_id = p.id) AS identity_count,
  (SELECT count(*)::int FROM messages m JOIN identities i ON i.id = m.author_identity_id WHERE i.person_id = p.id AND m.deleted_at IS NULL)
    AS message_count
  FROM people p`

const escapeLike = (text: string) => `%${text.replace(/[%_\\]/g, '\\$&')}%`

/** The workspace's people by name (or e-mail/phone) words, optionally only these ids; alphabetical. */
export async function listPersonRows(ctx: Ctx, input: { q?: string; ids?: string[]; limit: number; offset: number }): Promise<PersonRow[]> {
  const params: unknown[] = [ctx.workspaceId, input.limit, input.offset]
  let where = 'p.workspace_id = $1'
  if (input.q) {
    params.push(escapeLike(input.q))
    const n = params.length
    where += ` AND (p.display_name ILIKE $${n} OR p.email ILIKE $${n} OR p.phone ILIKE $${n}
      OR EXISTS (SELECT 1 FROM identities i WHERE i.person_id = p.id AND (i.display_name ILIKE $${n} OR i.username ILIKE $${n})))`
  }
  if (input.ids) {
    params.push(input.ids)
    where += ` AND p.id = ANY($${params.length}::uuid[])`
  }
  return ctx.database.query<PersonRow>(`${selectPerson} WHERE ${where} ORDER BY lower(p.display_name), p.id LIMIT $2 OFFSET $3`, params)
}

export async function findPersonRow(q: Queryable, workspaceId: string, id: string, lock = false): Promise<PersonRow | null> {
  const [row] = await q.query<PersonRow>(`${selectPerson} WHERE p.id = $1 AND p.workspace_id = $2${lock ? ' FOR UPDATE OF p' : ''}`, [
    id,
    workspaceId,
  ])
  return row ?? null
}

export async function insertPerson(ctx: Ctx, fields: PersonFields & { displayName: string }): Promise<string> {
  const [row] = await ctx.database.query<{ id: string }>(
    `INSERT INTO people (workspace_id, display_name, email, phone, relationship, notes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [ctx.workspaceId, fields.displayName, fields.email ?? null, fields.phone ?? null, fields.relationship ?? null, fields.notes ?? null],
  )
  return row.id
}

const personColumns: Record<keyof PersonFields, string> = {
  displayName: 'display_name',
  email: 'email',
  phone: 'phone',
  relationship: 'relationship',
  notes: 'notes',
}

/** Applies the given fields; false when the workspace has no such person. */
export async function updatePersonRow(q: Queryable, workspaceId: string, id: string, fields: PersonFields): Promise<boolean> {
  const entries = Object.entries(fields).filter(([, value]) => value !== undefined) as Array<[keyof PersonFields, unknown]>
  const sets = entries.map(([key], i) => `${personColumns[key]} = $${i + 3}`)
  const rows = await q.query(
    `UPDATE people SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 AND workspace_id = $2 RETURNING id`,
    [id, workspaceId, ...entries.map(([, value]) => value)],
  )
  return rows.length > 0
}

export type PersonIdentity = Pick<RawRow<typeof identities>, 'id' | 'channel' | 'external_id' | 'username' | 'display_name' | 'is_bot'>

export async function listPersonIdentities(ctx: Ctx, personId: string): Promise<PersonIdentity[]> {
  return ctx.database.query<PersonIdentity>(
    `SELECT id, channel, external_id, username, display_name, is_bot FROM identities WHERE workspace_id = $1 AND person_id = $2
     ORDER BY channel, external_id`,
    [ctx.workspaceId, personId],
  )
}

export type PersonMessage = {
  id: string
  conversation_id: string
  conversation_title: string | null
  source_id: string
  sent_at: Date
  content: string
}

const personMessageColumns = `m.id, m.conversation_id, c.title AS conversation_title, m.source_id, m.sent_at,
  left(m.content, 300) AS content`

/** The newest messages the person wrote on any channel (through any of their identities), outside these sources. */
export async function listPersonMessages(ctx: Ctx, personId: string, limit: number, exceptSourceIds: string[]): Promise<PersonMessage[]> {
  return ctx.database.query<PersonMessage>(
    `SELECT ${personMessageColumns}
     FROM messages m JOIN identities i ON i.id = m.author_identity_id JOIN conversations c ON c.id = m.conversation_id
     WHERE m.workspace_id = $1 AND i.person_id = $2 AND m.deleted_at IS NULL AND NOT (m.source_id = ANY($4::uuid[]))
     ORDER BY m.sent_at DESC LIMIT $3`,
    [ctx.workspaceId, personId, limit, exceptSourceIds],
  )
}

/** Conversations of these sources (the notes and meetings sources) where the person speaks or writes, or whose text
 * names them (by display name, whole words, case-insensitive); one row per conversation (a note, a meeting). */
export async function listPersonMentions(
  ctx: Ctx,
  personId: string,
  name: string,
  sourceIds: string[],
  limit: number,
): Promise<PersonMessage[]> {
  if (sourceIds.length === 0) return []
  const wordPattern = `\\m${name.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\M`
  return ctx.database.query<PersonMessage>(
    `SELECT DISTINCT ON (m.conversation_id) ${personMessageColumns}
     FROM messages m JOIN conversations c ON c.id = m.conversation_id LEFT JOIN identities i ON i.id = m.author_identity_id
     WHERE m.workspace_id = $1 AND m.source_id = ANY($5::uuid[]) AND m.deleted_at IS NULL
       AND (i.person_id = $2 OR m.content ~* $3 OR c.title ~* $3)
     ORDER BY m.conversation_id, (i.person_id = $2) DESC NULLS LAST, m.sent_at
     LIMIT $4`,
    [ctx.workspaceId, personId, wordPattern, limit, sourceIds],
  )
}

/** The identity half of a merge: the merged person's identities (and so their messages' authorship) move to the kept
 * person, empty contact fields of the kept one are filled from the merged one, and the merged row is deleted. */
export async function mergePersonRows(
  q: Queryable,
  workspaceId: string,
  keptId: string,
  mergedId: string,
): Promise<{ identitiesMoved: number }> {
  const moved = await q.query(`UPDATE identities SET person_id = $3 WHERE workspace_id = $1 AND person_id = $2 RETURNING id`, [
    workspaceId,
    mergedId,
    keptId,
  ])
  await q.query(
    `UPDATE people k SET email = coalesce(k.email, m.email), phone = coalesce(k.phone, m.phone),
       relationship = coalesce(k.relationship, m.relationship),
       notes = CASE WHEN m.notes IS NULL OR m.notes = '' THEN k.notes WHEN k.notes IS NULL OR k.notes = '' THEN m.notes
                    ELSE k.notes || E'\\n\\n' || m.notes END,
       updated_at = now()
     FROM people m WHERE k.id = $2 AND k.workspace_id = $1 AND m.id = $3 AND m.workspace_id = $1`,
    [workspaceId, keptId, mergedId],
  )
  await q.query(`DELETE FROM people WHERE id = $1 AND workspace_id = $2`, [mergedId, workspaceId])
  return { identitiesMoved: moved.length }
}
