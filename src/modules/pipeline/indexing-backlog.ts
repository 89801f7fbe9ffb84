// How many of the workspace's stored messages are still waiting to be indexed, so that a search that finds little
// can say why (an import made while no worker ran, or a large import still being processed).
import type { ServiceContext } from '../../lib/context.js'
import { countPendingEventItems } from '../../jobs/event-outbox.js'
import { readJobTable } from '../../jobs/queue.js'
import { messagesChangedEvent } from '../messages/index.js'
import { indexMessagesJob } from './jobs.js'

/**
 * Messages named by `messages.changed` events not yet handed to the queue (the outbox) plus those of index jobs
 * not yet finished. A message changed twice may be counted twice; this is a progress hint, not an audit.
 */
export async function countMessagesWaitingForIndexing(ctx: ServiceContext): Promise<number> {
  const outbox = await countPendingEventItems(ctx.database, {
    event: messagesChangedEvent,
    workspaceId: ctx.workspaceId,
    field: 'messageIds',
  })
  const [queued] = await readJobTable(
    () =>
      ctx.database.query<{ n: number }>(
        `SELECT coalesce(sum(jsonb_array_length(data->'messageIds')), 0)::int AS n FROM pgboss.job
         WHERE name = $1 AND state IN ('created', 'retry', 'active') AND data->>'workspaceId' = $2::text`,
        [indexMessagesJob, ctx.workspaceId],
      ),
    [{ n: 0 }],
  )
  return outbox + queued.n
}
