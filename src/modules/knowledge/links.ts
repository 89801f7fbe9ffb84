// Typed, weighted links between atoms (seed 0 atom_links: one link per ordered pair).
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError, ValidationError } from '../../lib/errors.js'
import type { AtomLinkInput } from './atom-schema.js'

export const atomLinkViewSchema = z.object({
  fromAtomId: z.string(),
  toAtomId: z.string(),
  linkType: z.string(),
  strength: z.number().nullable(),
  direction: z.enum(['out', 'in']),
  otherTitle: z.string(),
})
export type AtomLinkView = z.infer<typeof atomLinkViewSchema>

export async function linkAtoms(ctx: ServiceContext, fromAtomId: string, input: AtomLinkInput): Promise<AtomLinkView> {
  if (fromAtomId === input.toAtomId)
    throw new ValidationError('An atom cannot link to itself', [{ path: 'toAtomId', message: 'same atom' }])
  const found = await ctx.database.query<{ id: string; title: string }>(
    `SELECT id, title FROM atoms WHERE workspace_id = $1 AND id IN ($2, $3)`,
    [ctx.workspaceId, fromAtomId, input.toAtomId],
  )
  if (!found.some((a) => a.id === fromAtomId)) throw new NotFoundError('Atom')
  const target = found.find((a) => a.id === input.toAtomId)
  if (!target) throw new ValidationError('Unknown target atom', [{ path: 'toAtomId', message: 'no such atom' }])
  await ctx.database.query(
    `INSERT INTO atom_links (workspace_id, from_atom_id, to_atom_id, link_type, strength) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (from_atom_id, to_atom_id) DO UPDATE SET link_type = excluded.link_type, strength = excluded.strength, updated_at = now()`,
    [ctx.workspaceId, fromAtomId, input.toAtomId, input.linkType, input.strength ?? null],
  )
  return {
    fromAtomId,
    toAtomId: input.toAtomId,
    linkType: input.linkType,
    strength: input.strength ?? null,
    direction: 'out',
    otherTitle: target.title,
  }
}

export async function unlinkAtoms(ctx: ServiceContext, fromAtomId: string, toAtomId: string): Promise<void> {
  const rows = await ctx.database.query(
    `DELETE FROM atom_links WHERE workspace_id = $1 AND from_atom_id = $2 AND to_atom_id = $3 RETURNING 1`,
    [ctx.workspaceId, fromAtomId, toAtomId],
  )
  if (!rows[0]) throw new NotFoundError('Link')
}

/** Links in both directions, so a solution shows the problem it solves and the problem shows its solutions. */
export async function listAtomLinks(ctx: ServiceContext, atomId: string): Promise<AtomLinkView[]> {
  const rows = await ctx.database.query<{
    from_atom_id: string
    to_atom_id: string
    link_type: AtomLinkView['linkType']
    strength: number | null
    direction: AtomLinkView['direction']
    other_title: string
  }>(
    `SELECT l.from_atom_id, l.to_atom_id, l.link_type, l.strength,
            CASE WHEN l.from_atom_id = $2 THEN 'out' ELSE 'in' END AS direction, o.title AS other_title
     FROM atom_links l JOIN atoms o ON o.id = CASE WHEN l.from_atom_id = $2 THEN l.to_atom_id ELSE l.from_atom_id END
     WHERE l.workspace_id = $1 AND (l.from_atom_id = $2 OR l.to_atom_id = $2)
     ORDER BY direction DESC, l.strength DESC NULLS LAST`,
    [ctx.workspaceId, atomId],
  )
  return rows.map((r) => ({
    fromAtomId: r.from_atom_id,
    toAtomId: r.to_atom_id,
    linkType: r.link_type,
    strength: r.strength,
    direction: r.direction,
    otherTitle: r.other_title,
  }))
}
