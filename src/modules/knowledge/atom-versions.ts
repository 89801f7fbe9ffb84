// Reading, approving, rejecting and comparing atom versions.
import { inTransaction } from '../../db/transaction.js'
import type { ServiceContext } from '../../lib/context.js'
import { ConflictError, NotFoundError } from '../../lib/errors.js'
import { actorLabel } from '../tasks/index.js'
import { atomSnapshot, getAtomWith } from './atoms.js'
import { diffSnapshots, toVersionView, writeAtomVersion, type FieldChange, type VersionRow, type VersionView } from './versions.js'

export async function listAtomVersions(ctx: ServiceContext, atomId: string): Promise<VersionView[]> {
  await getAtomWith(ctx.database, ctx.workspaceId, atomId)
  const rows = await ctx.database.query<VersionRow>(
    `SELECT * FROM atom_versions WHERE atom_id = $1 AND workspace_id = $2 ORDER BY version`,
    [atomId, ctx.workspaceId],
  )
  return rows.map(toVersionView)
}

export async function getAtomVersion(ctx: ServiceContext, atomId: string, version: number): Promise<VersionView> {
  const rows = await ctx.database.query<VersionRow>(
    `SELECT * FROM atom_versions WHERE atom_id = $1 AND workspace_id = $2 AND version = $3`,
    [atomId, ctx.workspaceId, version],
  )
  if (!rows[0]) throw new NotFoundError(`Version ${version} of the atom`)
  return toVersionView(rows[0])
}

/**
 * Approves or rejects one version. Approving the current version approves the atom. Rejecting the current
 * version restores the latest earlier approved version's fields as a new version (history stays append-only).
 */
export async function reviewAtomVersion(
  ctx: ServiceContext,
  atomId: string,
  version: number,
  decision: 'approve' | 'reject',
): Promise<{ version: VersionView; atomVersion: number }> {
  return inTransaction(ctx, async (q) => {
    await q.query(`SELECT 1 FROM atoms WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [atomId, ctx.workspaceId])
    const atom = await getAtomWith(q, ctx.workspaceId, atomId)
    const rows = await q.query<VersionRow>(`SELECT * FROM atom_versions WHERE atom_id = $1 AND version = $2`, [atomId, version])
    if (!rows[0]) throw new NotFoundError(`Version ${version} of the atom`)
    if (rows[0].approval_status !== 'pending') {
      throw new ConflictError(`Version ${version} is already ${rows[0].approval_status}`)
    }
    const reviewer = actorLabel(ctx.actor)
    const status = decision === 'approve' ? 'approved' : 'rejected'
    const updated = await q.query<VersionRow>(
      `UPDATE atom_versions SET approval_status = $3, approved = $4, reviewed_by = $5, approved_at = CASE WHEN $4 THEN now() END
       WHERE atom_id = $1 AND version = $2 RETURNING *`,
      [atomId, version, status, decision === 'approve', reviewer],
    )
    const isCurrent = atom.currentVersion === version
    if (isCurrent && decision === 'approve') {
      await q.query(`UPDATE atoms SET user_approved = true, approval_status = 'approved', updated_at = now() WHERE id = $1`, [atomId])
    } else if (isCurrent && decision === 'reject') {
      // The data of an atom version is the snapshot atomSnapshot() wrote.
      const previous = await q.query<{ version: number; data: ReturnType<typeof atomSnapshot> }>(
        `SELECT version, data FROM atom_versions WHERE atom_id = $1 AND version < $2 AND approval_status = 'approved' ORDER BY version DESC LIMIT 1`,
        [atomId, version],
      )
      if (previous[0]) {
        const data = previous[0].data
        await q.query(
          `UPDATE atoms SET type = $2, title = $3, content = $4, confidence = $5, meta = $6, embedding = NULL,
             user_approved = true, approval_status = 'approved', updated_at = now() WHERE id = $1`,
          [atomId, data.type, data.title, data.content, data.confidence, JSON.stringify(data.meta ?? {})],
        )
        const restored = await writeAtomVersion(
          q,
          ctx.workspaceId,
          atomId,
          atomSnapshot(data),
          reviewer,
          `Restored version ${previous[0].version} after rejecting version ${version}`,
        )
        await q.query(
          `UPDATE atom_versions SET approval_status = 'approved', approved = true, reviewed_by = $3, approved_at = now() WHERE atom_id = $1 AND version = $2`,
          [atomId, restored, reviewer],
        )
      } else {
        await q.query(`UPDATE atoms SET user_approved = false, approval_status = 'rejected', updated_at = now() WHERE id = $1`, [atomId])
      }
    }
    const after = await getAtomWith(q, ctx.workspaceId, atomId)
    return { version: toVersionView(updated[0]), atomVersion: after.currentVersion }
  })
}

export async function diffAtomVersions(
  ctx: ServiceContext,
  atomId: string,
  from: number,
  to: number,
): Promise<{ from: number; to: number; changes: FieldChange[] }> {
  const [a, b] = await Promise.all([getAtomVersion(ctx, atomId, from), getAtomVersion(ctx, atomId, to)])
  return { from, to, changes: diffSnapshots(a.data, b.data) }
}
