// Atoms of the knowledge graph: create and edit (each change writes a numbered version), read, full-text search.
import { type Queryable, inTransaction } from '../../db/transaction.js'
import type { RawRow } from '../../db/raw-row.js'
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError, ValidationError } from '../../lib/errors.js'
import { actorLabel } from '../tasks/index.js'
import { findExistingMessageIds } from '../messages/index.js'
import type { AtomInput, AtomPatch } from './atom-schema.js'
import { writeAtomVersion } from './versions.js'
import { embedAtoms } from './atom-embedding.js'
import type { atoms } from './schema.js'

export const atomViewSchema = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  content: z.string(),
  confidence: z.number().nullable(),
  userApproved: z.boolean(),
  approvalStatus: z.string(),
  meta: z.record(z.string(), z.unknown()),
  currentVersion: z.number().int(),
  hasEmbedding: z.boolean(),
  sourceMessageIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Full-text rank, when listed with q=. */
  rank: z.number().optional(),
})
export type AtomView = z.infer<typeof atomViewSchema>

const iso = (v: unknown) => new Date(v as string).toISOString()

/** What `atomColumns` selects, plus the full-text rank (a float4, parsed as a number) when listing with q=. */
type AtomRow = Pick<
  RawRow<typeof atoms>,
  | 'id'
  | 'type'
  | 'title'
  | 'content'
  | 'confidence'
  | 'user_approved'
  | 'approval_status'
  | 'meta'
  | 'current_version'
  | 'created_at'
  | 'updated_at'
> & { has_embedding: boolean; source_message_ids: string[]; rank?: number | null }

export function toAtomView(r: AtomRow): AtomView {
  return {
    id: r.id,
    type: r.type,
    title: r.title,
    content: r.content,
    confidence: r.confidence,
    userApproved: r.user_approved,
    approvalStatus: r.approval_status,
    meta: r.meta ?? {},
    currentVersion: r.current_version,
    hasEmbedding: r.has_embedding ?? false,
    sourceMessageIds: r.source_message_ids ?? [],
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    ...(r.rank != null ? { rank: Number(r.rank) } : {}),
  }
}

const atomColumns = `a.id, a.type, a.title, a.content, a.confidence, a.user_approved, a.approval_status, a.meta,
  a.current_version, a.created_at, a.updated_at, (a.embedding IS NOT NULL) AS has_embedding,
  coalesce((SELECT jsonb_agg(am.message_id) FROM atom_messages am WHERE am.atom_id = a.id), '[]'::jsonb) AS source_message_ids`

/** The fields a version snapshots. */
export function atomSnapshot(a: {
  type: string
  title: string
  content: string
  confidence: number | null
  meta: Record<string, unknown>
}) {
  return { type: a.type, title: a.title, content: a.content, confidence: a.confidence, meta: a.meta }
}

export async function getAtomWith(q: Queryable, workspaceId: string, id: string): Promise<AtomView> {
  const rows = await q.query<AtomRow>(`SELECT ${atomColumns} FROM atoms a WHERE a.id = $1 AND a.workspace_id = $2`, [id, workspaceId])
  if (!rows[0]) throw new NotFoundError('Atom')
  return toAtomView(rows[0])
}

export async function getAtom(ctx: ServiceContext, id: string): Promise<AtomView> {
  return getAtomWith(ctx.database, ctx.workspaceId, id)
}

/** Creates an atom and its version 1 inside the caller's transaction (approving an atom proposal does this). */
export async function createAtomWith(
  q: Queryable,
  ctx: ServiceContext,
  input: AtomInput,
  options: { approved?: boolean } = {},
): Promise<AtomView> {
  const approved = options.approved ?? false
  const rows = await q.query(
    `INSERT INTO atoms (workspace_id, type, title, content, confidence, meta, user_approved, approval_status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      ctx.workspaceId,
      input.type,
      input.title,
      input.content,
      input.confidence ?? null,
      JSON.stringify(input.meta ?? {}),
      approved,
      approved ? 'approved' : 'pending',
    ],
  )
  const id = rows[0].id as string
  if (input.sourceMessageIds?.length) {
    const existing = await findExistingMessageIds(q, ctx.workspaceId, input.sourceMessageIds)
    if (existing.length !== new Set(input.sourceMessageIds).size) {
      throw new ValidationError('Unknown source message', [{ path: 'sourceMessageIds', message: 'some messages do not exist' }])
    }
    await q.query(
      `INSERT INTO atom_messages (workspace_id, atom_id, message_id)
       SELECT $1, $2, value::uuid FROM jsonb_array_elements_text($3::jsonb)
       ON CONFLICT DO NOTHING`,
      [ctx.workspaceId, id, JSON.stringify(existing)],
    )
  }
  const author = actorLabel(ctx.actor)
  const version = await writeAtomVersion(
    q,
    ctx.workspaceId,
    id,
    atomSnapshot({
      type: input.type,
      title: input.title,
      content: input.content,
      confidence: input.confidence ?? null,
      meta: input.meta ?? {},
    }),
    author,
    input.changeSummary ?? 'Created',
  )
  if (approved) {
    await q.query(
      `UPDATE atom_versions SET approved = true, approval_status = 'approved', reviewed_by = $3, approved_at = now()
       WHERE atom_id = $1 AND version = $2`,
      [id, version, author],
    )
  }
  return getAtomWith(q, ctx.workspaceId, id)
}

export async function createAtom(ctx: ServiceContext, input: AtomInput): Promise<AtomView> {
  const atom = await inTransaction(ctx, (q) => createAtomWith(q, ctx, input))
  await embedAtoms(ctx, [atom.id])
  return getAtom(ctx, atom.id)
}

/** Edits an atom; a real change writes the next version and sends the atom back to pending approval. */
export async function updateAtom(ctx: ServiceContext, id: string, patch: AtomPatch): Promise<AtomView> {
  const atom = await inTransaction(ctx, async (q) => {
    await q.query(`SELECT 1 FROM atoms WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [id, ctx.workspaceId])
    const current = await getAtomWith(q, ctx.workspaceId, id)
    const next = {
      type: patch.type ?? current.type,
      title: patch.title ?? current.title,
      content: patch.content ?? current.content,
      confidence: patch.confidence !== undefined ? patch.confidence : current.confidence,
      meta: patch.meta ?? current.meta,
    }
    if (JSON.stringify(atomSnapshot(next)) === JSON.stringify(atomSnapshot(current))) return current
    await q.query(
      `UPDATE atoms SET type = $3, title = $4, content = $5, confidence = $6, meta = $7, embedding = NULL,
         user_approved = false, approval_status = 'pending', updated_at = now()
       WHERE id = $1 AND workspace_id = $2`,
      [id, ctx.workspaceId, next.type, next.title, next.content, next.confidence, JSON.stringify(next.meta)],
    )
    await writeAtomVersion(q, ctx.workspaceId, id, atomSnapshot(next), actorLabel(ctx.actor), patch.changeSummary ?? null)
    return getAtomWith(q, ctx.workspaceId, id)
  })
  if (!atom.hasEmbedding) await embedAtoms(ctx, [id])
  return getAtom(ctx, id)
}

export async function deleteAtom(ctx: ServiceContext, id: string): Promise<void> {
  const rows = await ctx.database.query(`DELETE FROM atoms WHERE id = $1 AND workspace_id = $2 RETURNING id`, [id, ctx.workspaceId])
  if (!rows[0]) throw new NotFoundError('Atom')
}

export type AtomFilters = { q?: string; type?: string; approvalStatus?: string; topicId?: string; limit: number; offset?: number }

/** Lists atoms; with `q`, a full-text search ranked by ts_rank (websearch syntax: quotes, OR, -word). */
export async function listAtoms(ctx: ServiceContext, filters: AtomFilters): Promise<{ items: AtomView[]; total: number }> {
  const params: unknown[] = [ctx.workspaceId]
  const where = ['a.workspace_id = $1']
  let rank = 'NULL::real'
  if (filters.q?.trim()) {
    params.push(filters.q.trim())
    const query = `websearch_to_tsquery('simple', $${params.length})`
    where.push(`a.search_vector @@ ${query}`)
    rank = `ts_rank(a.search_vector, ${query})`
  }
  if (filters.type) {
    params.push(filters.type)
    where.push(`a.type = $${params.length}`)
  }
  if (filters.approvalStatus) {
    params.push(filters.approvalStatus)
    where.push(`a.approval_status = $${params.length}`)
  }
  if (filters.topicId) {
    params.push(filters.topicId)
    where.push(`EXISTS (SELECT 1 FROM topic_atoms ta WHERE ta.atom_id = a.id AND ta.topic_id = $${params.length})`)
  }
  const total = await ctx.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM atoms a WHERE ${where.join(' AND ')}`, params)
  params.push(filters.limit, filters.offset ?? 0)
  const rows = await ctx.database.query<AtomRow>(
    `SELECT ${atomColumns}, ${rank} AS rank FROM atoms a WHERE ${where.join(' AND ')}
     ORDER BY ${filters.q?.trim() ? 'rank DESC,' : ''} a.created_at DESC, a.id
     LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  )
  return { items: rows.map(toAtomView), total: total[0].n }
}
