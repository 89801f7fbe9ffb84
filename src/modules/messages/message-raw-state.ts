// State a connector keeps current on messages it already stored (an IMAP message's folder and flags): one key of
// the message's `raw` (the source's own data about it) replaced per message, found by external id among the
// given sources (the caller passes the workspace's sources of one type, so a copy stored earlier by another source
// of that type, an mbox import of the same mail, is kept current too).
import type { ServiceContext } from '../../lib/context.js'

export async function setMessageRawKey(
  ctx: ServiceContext,
  input: { sourceIds: string[]; key: string; values: { externalId: string; value: unknown }[] },
): Promise<number> {
  if (input.values.length === 0 || input.sourceIds.length === 0) return 0
  const rows = await ctx.database.query<{ id: string }>(
    `UPDATE messages m SET raw = jsonb_set(coalesce(m.raw, '{}'::jsonb), ARRAY[$3::text], v.value), updated_at = now()
     FROM jsonb_to_recordset($4::jsonb) AS v(external_id text, value jsonb)
     WHERE m.workspace_id = $1 AND m.source_id = ANY($2::uuid[]) AND m.external_id = v.external_id
       AND m.raw -> $3::text IS DISTINCT FROM v.value
     RETURNING m.id`,
    [ctx.workspaceId, input.sourceIds, input.key, JSON.stringify(input.values.map((v) => ({ external_id: v.externalId, value: v.value })))],
  )
  return rows.length
}
