// Checks other modules make against people and messages while they write their own rows (a task's assignee and
// source messages), on the caller's transaction.
import type { Queryable } from '../../db/transaction.js'

/** The workspace's person with this id. */
export async function findPersonById(
  q: Queryable,
  workspaceId: string,
  personId: string,
): Promise<{ id: string; displayName: string } | null> {
  const [row] = await q.query<{ id: string; display_name: string }>(
    `SELECT id, display_name FROM people WHERE id = $1 AND workspace_id = $2`,
    [personId, workspaceId],
  )
  return row ? { id: row.id, displayName: row.display_name } : null
}

/** The workspace's oldest person with this display name, ignoring case. */
export async function findPersonByName(q: Queryable, workspaceId: string, name: string): Promise<{ id: string } | null> {
  const [row] = await q.query<{ id: string }>(
    `SELECT id FROM people WHERE workspace_id = $1 AND lower(display_name) = lower($2) ORDER BY created_at LIMIT 1`,
    [workspaceId, name],
  )
  return row ?? null
}

/** Which of these ids are messages of the workspace (ids not shaped as uuids must be filtered out by the caller). */
export async function findExistingMessageIds(q: Queryable, workspaceId: string, messageIds: string[]): Promise<string[]> {
  if (messageIds.length === 0) return []
  const rows = await q.query<{ id: string }>(
    `SELECT id FROM messages WHERE workspace_id = $1 AND id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))`,
    [workspaceId, JSON.stringify([...new Set(messageIds)])],
  )
  return rows.map((r) => r.id)
}
