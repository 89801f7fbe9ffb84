// Immutable numbered versions of atoms and topics: written on every change, approved or rejected afterwards,
// and compared field by field.
import type { Queryable } from '../../db/transaction.js'
import type { RawRow } from '../../db/raw-row.js'
import type { atomVersions } from './schema.js'
import { z } from 'zod'

export const versionViewSchema = z.object({
  version: z.number().int(),
  data: z.record(z.string(), z.unknown()),
  changeSummary: z.string().nullable(),
  createdBy: z.string().nullable(),
  approvalStatus: z.string(),
  approved: z.boolean(),
  reviewedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  createdAt: z.string(),
})
export type VersionView = z.infer<typeof versionViewSchema>

export const fieldChangeSchema = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })
export type FieldChange = z.infer<typeof fieldChangeSchema>
export const versionDiffSchema = z.object({ from: z.number().int(), to: z.number().int(), changes: z.array(fieldChangeSchema) })

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString())

/** A row of atom_versions or topic_versions (they share every column but the atom or topic id). */
export type VersionRow = Omit<RawRow<typeof atomVersions>, 'atom_id'>

export function toVersionView(r: VersionRow): VersionView {
  return {
    version: r.version,
    data: r.data,
    changeSummary: r.change_summary,
    createdBy: r.created_by,
    approvalStatus: r.approval_status,
    approved: r.approved,
    reviewedBy: r.reviewed_by,
    approvedAt: iso(r.approved_at),
    createdAt: iso(r.created_at)!,
  }
}

/** Appends the next atom version under the atom's row lock, so concurrent edits get distinct numbers. */
export async function writeAtomVersion(
  q: Queryable,
  workspaceId: string,
  atomId: string,
  data: Record<string, unknown>,
  author: string,
  changeSummary: string | null,
): Promise<number> {
  const rows = await q.query<{ current_version: number }>(
    `UPDATE atoms SET current_version = current_version + 1 WHERE id = $1 AND workspace_id = $2 RETURNING current_version`,
    [atomId, workspaceId],
  )
  const version = rows[0].current_version
  await q.query(
    `INSERT INTO atom_versions (workspace_id, atom_id, version, data, created_by, change_summary) VALUES ($1, $2, $3, $4, $5, $6)`,
    [workspaceId, atomId, version, JSON.stringify(data), author, changeSummary],
  )
  return version
}

/** Topic versions are numbered max + 1 under a lock on the topic row. */
export async function writeTopicVersion(
  q: Queryable,
  workspaceId: string,
  topicId: string,
  data: Record<string, unknown>,
  author: string,
  changeSummary: string | null,
): Promise<number> {
  await q.query(`SELECT 1 FROM topics WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [topicId, workspaceId])
  const rows = await q.query<{ version: number }>(
    `INSERT INTO topic_versions (workspace_id, topic_id, version, data, created_by, change_summary)
     SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5 FROM topic_versions WHERE topic_id = $2
     RETURNING version`,
    [workspaceId, topicId, JSON.stringify(data), author, changeSummary],
  )
  return rows[0].version
}

/** Field-level difference between two snapshots: fields added, removed or changed (compared as JSON). */
export function diffSnapshots(from: Record<string, unknown>, to: Record<string, unknown>): FieldChange[] {
  const fields = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort()
  const changes: FieldChange[] = []
  for (const field of fields) {
    if (JSON.stringify(from[field] ?? null) !== JSON.stringify(to[field] ?? null)) {
      changes.push({ field, from: from[field] ?? null, to: to[field] ?? null })
    }
  }
  return changes
}
