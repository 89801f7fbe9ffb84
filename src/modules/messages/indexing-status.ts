// The message store's record of messages the indexing pipeline gave up on (issue 18 item 2): one bad message is
// marked with the reason and skipped, so it cannot sink the batch it came in or freeze the backlog behind it.
import type { ServiceContext } from '../../lib/context.js'

/** Longest reason kept: enough for an error message, not for a stack. */
const maxReasonChars = 1000

export async function markIndexingFailed(ctx: ServiceContext, messageId: string, reason: string): Promise<void> {
  await ctx.database.query(`UPDATE messages SET indexing_error = $3 WHERE id = $1 AND workspace_id = $2`, [
    messageId,
    ctx.workspaceId,
    reason.slice(0, maxReasonChars),
  ])
}

export async function listIndexingFailures(ctx: ServiceContext): Promise<Array<{ id: string; externalId: string; reason: string }>> {
  const rows = await ctx.database.query<{ id: string; external_id: string; indexing_error: string }>(
    `SELECT id, external_id, indexing_error FROM messages WHERE workspace_id = $1 AND indexing_error IS NOT NULL ORDER BY id`,
    [ctx.workspaceId],
  )
  return rows.map((r) => ({ id: r.id, externalId: r.external_id, reason: r.indexing_error }))
}
