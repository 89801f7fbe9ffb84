// sync_watermarks (seed 4): where each stream of a source has been read up to, so a sync resumes there.
import type { Database } from '../../db/client.js'

export async function readWatermark(database: Database, sourceId: string, stream: string): Promise<string | null> {
  const [row] = await database.query<{ cursor: string | null }>(
    `SELECT cursor FROM sync_watermarks WHERE source_id = $1 AND stream = $2`,
    [sourceId, stream],
  )
  return row?.cursor ?? null
}

export async function writeWatermark(database: Database, workspaceId: string, sourceId: string, stream: string, cursor: string): Promise<void> {
  await database.query(
    `INSERT INTO sync_watermarks (workspace_id, source_id, stream, cursor, last_synced_at, updated_at)
     VALUES ($1, $2, $3, $4, now(), now())
     ON CONFLICT (source_id, stream) DO UPDATE SET cursor = excluded.cursor, last_synced_at = now(), updated_at = now()`,
    [workspaceId, sourceId, stream, cursor],
  )
}
