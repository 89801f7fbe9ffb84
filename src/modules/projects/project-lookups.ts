// A check other modules make while they write rows that point at a project (a task's project), on their transaction.
import type { Queryable } from '../../db/transaction.js'

export async function projectExists(q: Queryable, workspaceId: string, projectId: string): Promise<boolean> {
  const rows = await q.query<{ one: number }>(`SELECT 1 AS one FROM projects WHERE id = $1 AND workspace_id = $2`, [projectId, workspaceId])
  return rows.length > 0
}
