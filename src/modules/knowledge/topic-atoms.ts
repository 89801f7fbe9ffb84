// Topics contain atoms in order with notes; every change to a topic's contents writes a topic version.
import { type Queryable, inTransaction } from '../../db/transaction.js'
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js'
import { actorLabel } from '../tasks/index.js'
import type { TopicAtomInput } from './atom-schema.js'
import { diffSnapshots, toVersionView, writeTopicVersion, type FieldChange, type VersionRow, type VersionView } from './versions.js'

export const topicAtomViewSchema = z.object({
  atomId: z.string(),
  position: z.number().int(),
  note: z.string().nullable(),
  title: z.string(),
  type: z.string(),
})
export type TopicAtomView = z.infer<typeof topicAtomViewSchema>

async function topicSnapshot(q: Queryable, workspaceId: string, topicId: string) {
  // Reads the topics table itself: topics records its versions through this module, so calling topics here would
  // close an import cycle (topic versions would rather move to the topics module).
  type TopicFields = { name: string; description: string | null; icon: string | null; color: string | null; keywords: string[] }
  const topic = (
    await q.query<TopicFields>(`SELECT name, description, icon, color, keywords FROM topics WHERE id = $1 AND workspace_id = $2`, [
      topicId,
      workspaceId,
    ])
  )[0]
  if (!topic) throw new NotFoundError('Topic')
  const members = await q.query<{ atom_id: string; position: number; note: string | null }>(
    `SELECT atom_id, position, note FROM topic_atoms WHERE topic_id = $1 ORDER BY position, created_at`,
    [topicId],
  )
  return {
    name: topic.name,
    description: topic.description,
    icon: topic.icon,
    color: topic.color,
    keywords: topic.keywords,
    atoms: members.map((m) => ({ atomId: m.atom_id, position: m.position, note: m.note })),
  }
}

export async function listTopicAtoms(ctx: ServiceContext, topicId: string): Promise<TopicAtomView[]> {
  const exists = await ctx.database.query(`SELECT 1 FROM topics WHERE id = $1 AND workspace_id = $2`, [topicId, ctx.workspaceId])
  if (!exists[0]) throw new NotFoundError('Topic')
  const rows = await ctx.database.query<{ atom_id: string; position: number; note: string | null; title: string; type: string }>(
    `SELECT ta.atom_id, ta.position, ta.note, a.title, a.type FROM topic_atoms ta JOIN atoms a ON a.id = ta.atom_id
     WHERE ta.topic_id = $1 AND ta.workspace_id = $2 ORDER BY ta.position, ta.created_at`,
    [topicId, ctx.workspaceId],
  )
  return rows.map((r) => ({ atomId: r.atom_id, position: r.position, note: r.note, title: r.title, type: r.type }))
}

/** Adds an atom to a topic (or moves it / changes its note) and records the topic's new version. */
export async function putAtomInTopic(ctx: ServiceContext, topicId: string, input: TopicAtomInput): Promise<TopicAtomView[]> {
  await inTransaction(ctx, async (q) => {
    await topicSnapshot(q, ctx.workspaceId, topicId)
    const atom = await q.query(`SELECT 1 FROM atoms WHERE id = $1 AND workspace_id = $2`, [input.atomId, ctx.workspaceId])
    if (!atom[0]) throw new ValidationError('Unknown atom', [{ path: 'atomId', message: 'no such atom' }])
    const position =
      input.position ??
      (await q.query<{ p: number }>(`SELECT coalesce(max(position) + 1, 0) AS p FROM topic_atoms WHERE topic_id = $1`, [topicId]))[0].p
    await q.query(
      `INSERT INTO topic_atoms (workspace_id, topic_id, atom_id, position, note) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (topic_id, atom_id) DO UPDATE SET position = excluded.position,
         note = coalesce(excluded.note, topic_atoms.note), updated_at = now()`,
      [ctx.workspaceId, topicId, input.atomId, position, input.note ?? null],
    )
    await writeTopicVersion(
      q,
      ctx.workspaceId,
      topicId,
      await topicSnapshot(q, ctx.workspaceId, topicId),
      actorLabel(ctx.actor),
      `Atom ${input.atomId} placed at ${position}`,
    )
  })
  return listTopicAtoms(ctx, topicId)
}

export async function removeAtomFromTopic(ctx: ServiceContext, topicId: string, atomId: string): Promise<void> {
  await inTransaction(ctx, async (q) => {
    const rows = await q.query(`DELETE FROM topic_atoms WHERE topic_id = $1 AND atom_id = $2 AND workspace_id = $3 RETURNING 1`, [
      topicId,
      atomId,
      ctx.workspaceId,
    ])
    if (!rows[0]) throw new NotFoundError('Atom in topic')
    await writeTopicVersion(
      q,
      ctx.workspaceId,
      topicId,
      await topicSnapshot(q, ctx.workspaceId, topicId),
      actorLabel(ctx.actor),
      `Atom ${atomId} removed`,
    )
  })
}

/** Records a topic version for a change made elsewhere (e.g. the topics module renamed it). */
export async function recordTopicVersion(ctx: ServiceContext, topicId: string, changeSummary: string | null): Promise<number> {
  return inTransaction(ctx, async (q) =>
    writeTopicVersion(q, ctx.workspaceId, topicId, await topicSnapshot(q, ctx.workspaceId, topicId), actorLabel(ctx.actor), changeSummary),
  )
}

export async function listTopicVersions(ctx: ServiceContext, topicId: string): Promise<VersionView[]> {
  // A topic of another workspace (or none) is "not found", not an empty history.
  const topic = await ctx.database.query(`SELECT 1 FROM topics WHERE id = $1 AND workspace_id = $2`, [topicId, ctx.workspaceId])
  if (!topic[0]) throw new NotFoundError('Topic')
  const rows = await ctx.database.query<VersionRow>(
    `SELECT * FROM topic_versions WHERE topic_id = $1 AND workspace_id = $2 ORDER BY version`,
    [topicId, ctx.workspaceId],
  )
  return rows.map(toVersionView)
}

export async function reviewTopicVersion(
  ctx: ServiceContext,
  topicId: string,
  version: number,
  decision: 'approve' | 'reject',
): Promise<VersionView> {
  const current = await ctx.database.query(
    `SELECT approval_status FROM topic_versions WHERE topic_id = $1 AND workspace_id = $2 AND version = $3`,
    [topicId, ctx.workspaceId, version],
  )
  if (!current[0]) throw new NotFoundError(`Version ${version} of the topic`)
  if (current[0].approval_status !== 'pending') throw new ConflictError(`Version ${version} is already ${current[0].approval_status}`)
  const rows = await ctx.database.query<VersionRow>(
    `UPDATE topic_versions SET approval_status = $4, approved = $5, reviewed_by = $6, approved_at = CASE WHEN $5 THEN now() END
     WHERE topic_id = $1 AND workspace_id = $2 AND version = $3 RETURNING *`,
    [topicId, ctx.workspaceId, version, decision === 'approve' ? 'approved' : 'rejected', decision === 'approve', actorLabel(ctx.actor)],
  )
  return toVersionView(rows[0])
}

export async function diffTopicVersions(
  ctx: ServiceContext,
  topicId: string,
  from: number,
  to: number,
): Promise<{ from: number; to: number; changes: FieldChange[] }> {
  const rows = await ctx.database.query<{ version: number; data: Record<string, unknown> }>(
    `SELECT version, data FROM topic_versions WHERE topic_id = $1 AND workspace_id = $2 AND version IN ($3, $4)`,
    [topicId, ctx.workspaceId, from, to],
  )
  const a = rows.find((r) => r.version === from)
  const b = rows.find((r) => r.version === to)
  if (!a || !b) throw new NotFoundError(`Version ${a ? to : from} of the topic`)
  return { from, to, changes: diffSnapshots(a.data, b.data) }
}
