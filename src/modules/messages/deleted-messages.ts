// Messages deleted at their source: the row stays (audit) with deleted_at set; the pipeline hears of the change
// and drops the message's chunks (a deleted message has none), and analysis treats it as noise, so it is found
// neither by search nor by analysis.
import type { ServiceContext } from '../../lib/context.js'
import { recordEvent } from '../../jobs/event-outbox.js'
import { dispatchStoredEvents, messagesChangedEvent } from './ingest.js'
import { inTransaction } from '../../db/transaction.js'

export async function markMessagesDeleted(
  ctx: ServiceContext,
  input: { sourceId: string; externalIds: string[]; deletedAt?: string },
): Promise<number> {
  if (input.externalIds.length === 0) return 0
  const changed = await inTransaction(ctx, async (q) => {
    const rows = await q.query<{ id: string }>(
      `UPDATE messages SET deleted_at = coalesce($4::timestamptz, now()), analysis_status = 'noise', updated_at = now()
       WHERE workspace_id = $1 AND source_id = $2 AND external_id = ANY($3::text[]) AND deleted_at IS NULL RETURNING id`,
      [ctx.workspaceId, input.sourceId, input.externalIds, input.deletedAt ?? null],
    )
    if (rows.length > 0) await recordEvent(q, messagesChangedEvent, { workspaceId: ctx.workspaceId, messageIds: rows.map((r) => r.id) })
    return rows.length
  })
  if (changed > 0) await dispatchStoredEvents(ctx)
  return changed
}

/** Messages their source has again (a document put back in its folder): deleted_at is cleared and the pipeline
 * hears of them, so they are chunked and found again. Explicit, not part of ingest: a late webhook retry must not
 * bring back a message deleted after it. */
export async function restoreDeletedMessages(ctx: ServiceContext, input: { sourceId: string; externalIds: string[] }): Promise<number> {
  if (input.externalIds.length === 0) return 0
  const changed = await inTransaction(ctx, async (q) => {
    const rows = await q.query<{ id: string }>(
      `UPDATE messages SET deleted_at = NULL, analysis_status = 'pending', updated_at = now()
       WHERE workspace_id = $1 AND source_id = $2 AND external_id = ANY($3::text[]) AND deleted_at IS NOT NULL RETURNING id`,
      [ctx.workspaceId, input.sourceId, input.externalIds],
    )
    if (rows.length > 0) await recordEvent(q, messagesChangedEvent, { workspaceId: ctx.workspaceId, messageIds: rows.map((r) => r.id) })
    return rows.length
  })
  if (changed > 0) await dispatchStoredEvents(ctx)
  return changed
}
