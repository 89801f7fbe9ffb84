// Delivering due proactive messages. Workers claim due deliveries with FOR UPDATE SKIP LOCKED and a lease, so two
// workers never take the same one and a crashed worker's claim is taken over once its lease ends. Quiet hours
// move Telegram and email deliveries to the end of the quiet period; failures retry with backoff and then fail
// visibly (the message turns 'failed' and the person gets an in-app notice).
import type { ServiceContext } from '../../lib/context.js'
import type { WorkerDeps } from '../../jobs/types.js'
import { createNotification } from '../notifications/index.js'
import { channelSender, PermanentDeliveryError } from './channels.js'
import { settleMessage, type Delivery, type ProactiveMessage } from './messages.js'
import { inQuietHours, preferencesOf, quietHoursEnd } from './preferences.js'

export const maxDeliveryAttempts = 5
const leaseMs = 2 * 60_000
/** Waits before attempts 2, 3, 4, 5. */
const retryDelaysMs = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000]

type ClaimedRow = { id: string; message_id: string; workspace_id: string; channel: Delivery['channel']; attempts: number }

/** Claims up to `limit` due deliveries (waiting ones whose time came, and sending ones whose lease ran out). */
export async function claimDueDeliveries(deps: Pick<WorkerDeps, 'database'>, now: Date, limit: number): Promise<ClaimedRow[]> {
  return deps.database.query<ClaimedRow>(
    `UPDATE proactive_deliveries d SET status = 'sending', lease_until = $2, attempts = d.attempts + 1
      WHERE d.id IN (
        SELECT id FROM proactive_deliveries
         WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until < $1)
         ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING d.id, d.message_id, d.workspace_id, d.channel, d.attempts`,
    [now, new Date(now.getTime() + leaseMs), limit],
  )
}

export type DeliveryPass = { sent: number; deferred: number; retried: number; failed: number }

/** One pass over what is due; returns what happened. `now` is injectable so tests can move the clock. */
export async function deliverDueMessages(
  deps: Omit<WorkerDeps, 'queue'>,
  options: { now?: Date; limit?: number } = {},
): Promise<DeliveryPass> {
  const now = options.now ?? new Date()
  const pass: DeliveryPass = { sent: 0, deferred: 0, retried: 0, failed: 0 }
  for (const claimed of await claimDueDeliveries(deps, now, options.limit ?? 100)) {
    const ctx: ServiceContext = { ...deps, workspaceId: claimed.workspace_id, actor: { kind: 'system' } }
    const [message] = await deps.database.query<ProactiveMessage>(
      `SELECT id, workspace_id AS "workspaceId", user_id AS "userId", kind, title, content, context, status,
              scheduled_for AS "scheduledFor", dedupe_key AS "dedupeKey", sent_at AS "sentAt", created_at AS "createdAt"
         FROM proactive_messages WHERE id = $1`,
      [claimed.message_id],
    )
    if (message.status === 'cancelled') {
      await finish(deps, claimed, { status: 'cancelled' })
      continue
    }
    const prefs = await preferencesOf(ctx, message.userId)
    if (claimed.channel !== 'web' && inQuietHours(prefs, now)) {
      // Not an attempt: the claim is handed back with the time quiet hours end.
      await deps.database.query(
        `UPDATE proactive_deliveries SET status = 'pending', lease_until = NULL, attempts = attempts - 1, next_attempt_at = $2 WHERE id = $1`,
        [claimed.id, quietHoursEnd(prefs, now)],
      )
      pass.deferred++
      continue
    }
    try {
      await channelSender(claimed.channel)(ctx, message)
      await finish(deps, claimed, { status: 'sent' })
      pass.sent++
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      const permanent = error instanceof PermanentDeliveryError || claimed.attempts >= maxDeliveryAttempts
      if (permanent) {
        await finish(deps, claimed, { status: 'failed', error: reason })
        pass.failed++
        if (claimed.channel !== 'web') {
          await createNotification(ctx, {
            type: 'proactive.delivery_failed',
            title: `Could not send "${message.title}" by ${claimed.channel}`,
            message: reason,
            severity: 'warning',
            userId: message.userId,
            metadata: { proactiveMessageId: message.id, channel: claimed.channel },
          })
        }
      } else {
        const wait = retryDelaysMs[Math.min(claimed.attempts - 1, retryDelaysMs.length - 1)]
        await deps.database.query(
          `UPDATE proactive_deliveries SET status = 'pending', lease_until = NULL, last_error = $2, next_attempt_at = $3 WHERE id = $1`,
          [claimed.id, reason.slice(0, 2000), new Date(now.getTime() + wait)],
        )
        pass.retried++
      }
      deps.log.warn(
        { deliveryId: claimed.id, channel: claimed.channel, attempts: claimed.attempts, permanent, error: reason },
        'proactive delivery failed',
      )
    }
  }
  return pass
}

async function finish(
  deps: Pick<WorkerDeps, 'database'>,
  claimed: ClaimedRow,
  outcome: { status: 'sent' | 'failed' | 'cancelled'; error?: string },
) {
  await deps.database.query(
    `UPDATE proactive_deliveries SET status = $2, lease_until = NULL, last_error = $3,
            sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END
      WHERE id = $1`,
    [claimed.id, outcome.status, outcome.error?.slice(0, 2000) ?? null],
  )
  await settleMessage(deps, claimed.message_id)
}
