// A source's connection state after each attempt (sync pass, poll, delivery batch): success clears the failure
// streak; a failure records the error and when to try again, backing off exponentially (30 s doubling, ≤ 1 h).
import type { DatabaseContext } from '../../lib/context.js'

export const maxRetryDelaySeconds = 3600

export function retryDelaySeconds(consecutiveFailures: number): number {
  return Math.min(maxRetryDelaySeconds, 30 * 2 ** Math.max(0, consecutiveFailures - 1))
}

export async function recordSourceSuccess(ctx: DatabaseContext, sourceId: string): Promise<void> {
  await ctx.database.query(
    `UPDATE sources SET last_success_at = now(), last_attempt_at = now(), consecutive_failures = 0, last_error = NULL,
       next_retry_at = NULL WHERE id = $1`,
    [sourceId],
  )
}

/** Returns when the next attempt is due. */
export async function recordSourceFailure(ctx: DatabaseContext, sourceId: string, error: string): Promise<Date> {
  const [row] = await ctx.database.query<{ consecutive_failures: number }>(
    `UPDATE sources SET consecutive_failures = consecutive_failures + 1, last_error = $2, last_attempt_at = now()
     WHERE id = $1 RETURNING consecutive_failures`,
    [sourceId, error.slice(0, 2000)],
  )
  const next = new Date(Date.now() + retryDelaySeconds(row?.consecutive_failures ?? 1) * 1000)
  await ctx.database.query(`UPDATE sources SET next_retry_at = $2 WHERE id = $1`, [sourceId, next.toISOString()])
  return next
}
