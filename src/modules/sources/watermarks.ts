// sync_watermarks (seed 4): where each stream of a source has been read up to, so a sync resumes there.
import type { DatabaseContext, ServiceContext } from '../../lib/context.js'

export async function readWatermark(ctx: DatabaseContext, sourceId: string, stream: string): Promise<string | null> {
  const [row] = await ctx.database.query<{ cursor: string | null }>(
    `SELECT cursor FROM sync_watermarks WHERE source_id = $1 AND stream = $2`,
    [sourceId, stream],
  )
  return row?.cursor ?? null
}

export async function writeWatermark(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  sourceId: string,
  stream: string,
  cursor: string,
): Promise<void> {
  await ctx.database.query(
    `INSERT INTO sync_watermarks (workspace_id, source_id, stream, cursor, last_synced_at, updated_at)
     VALUES ($1, $2, $3, $4, now(), now())
     ON CONFLICT (source_id, stream) DO UPDATE SET cursor = excluded.cursor, last_synced_at = now(), updated_at = now()`,
    [ctx.workspaceId, sourceId, stream, cursor],
  )
}

/** Every stream of a source whose name starts with `prefix` (e.g. one watermark per conversation). */
export async function readWatermarks(ctx: DatabaseContext, sourceId: string, prefix: string): Promise<Map<string, string>> {
  const rows = await ctx.database.query<{ stream: string; cursor: string | null }>(
    `SELECT stream, cursor FROM sync_watermarks WHERE source_id = $1 AND starts_with(stream, $2)`,
    [sourceId, prefix],
  )
  return new Map(rows.flatMap((r) => (r.cursor === null ? [] : [[r.stream, r.cursor] as const])))
}

/** Several streams in one statement (a backfill advancing many conversations at once). */
export async function writeWatermarks(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  sourceId: string,
  cursors: Map<string, string>,
): Promise<void> {
  if (cursors.size === 0) return
  await ctx.database.query(
    `INSERT INTO sync_watermarks (workspace_id, source_id, stream, cursor, last_synced_at, updated_at)
     SELECT $1, $2, r.stream, r.cursor, now(), now() FROM jsonb_to_recordset($3::jsonb) AS r(stream text, cursor text)
     ON CONFLICT (source_id, stream) DO UPDATE SET cursor = excluded.cursor, last_synced_at = now(), updated_at = now()`,
    [ctx.workspaceId, sourceId, JSON.stringify([...cursors].map(([stream, cursor]) => ({ stream, cursor })))],
  )
}
