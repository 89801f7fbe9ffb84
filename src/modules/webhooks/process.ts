// The delivery processor: claims due deliveries in arrival order, hands each source's batch to its connector,
// then marks each delivery processed, or due again after a backoff, or dead (with its error) after the last try.
// A claim expires, so deliveries held by a process that died are taken again.
import type { ServiceContext } from '../../lib/context.js'
import type { WorkerDeps } from '../../jobs/types.js'
import { findConnector } from '../connectors/index.js'
import type { DeliveryOutcome, StoredDelivery } from '../connectors/index.js'
import { findSourceRow, listActiveConnectedSources, recordSourceFailure, recordSourceSuccess, toConnectedSource } from '../sources/index.js'
import { deliveryArrivals } from './receive.js'

export type ProcessOptions = { limit?: number; maxAttempts?: number; backoffBaseMs?: number; claimSeconds?: number }
export const defaultMaxAttempts = 5

/** Backoff before attempt n+1: base, 4×base, 16×base ... capped at one hour. */
export function deliveryBackoffMs(attempts: number, baseMs: number): number {
  return Math.min(3_600_000, baseMs * 4 ** Math.max(0, attempts - 1))
}

type Claimed = StoredDelivery & { workspaceId: string; sourceId: string; connector: string }
type ClaimedRow = {
  id: string
  workspace_id: string
  source_id: string
  connector: string
  event_type: string
  delivery_id: string
  payload: unknown
  attempts: number
}

export async function processDueDeliveries(
  deps: Omit<WorkerDeps, 'queue'> & { queue?: WorkerDeps['queue'] },
  options: ProcessOptions = {},
): Promise<number> {
  const { limit = 500, maxAttempts = defaultMaxAttempts, backoffBaseMs = 5000, claimSeconds = 120 } = options
  // Deliveries of paused or disconnected sources wait; the sources module says which are active.
  const activeSourceIds = (await listActiveConnectedSources(deps)).map((source) => source.id)
  if (activeSourceIds.length === 0) return 0
  const claimed = (
    await deps.database.query<ClaimedRow>(
      `UPDATE webhook_deliveries d SET status = 'processing', attempts = d.attempts + 1,
         claimed_until = now() + make_interval(secs => $2)
       WHERE d.id IN (
         SELECT d2.id FROM webhook_deliveries d2
         WHERE d2.source_id = ANY($3::uuid[])
           AND ((d2.status = 'received' AND d2.next_attempt_at <= now()) OR (d2.status = 'processing' AND d2.claimed_until < now()))
         ORDER BY d2.id LIMIT $1 FOR UPDATE OF d2 SKIP LOCKED)
       RETURNING d.id, d.workspace_id, d.source_id, d.connector, d.event_type, d.delivery_id, d.payload, d.attempts`,
      [limit, claimSeconds, activeSourceIds],
    )
  )
    .map((r): Claimed => ({
      id: Number(r.id),
      workspaceId: r.workspace_id,
      sourceId: r.source_id,
      connector: r.connector,
      eventType: r.event_type,
      deliveryId: r.delivery_id,
      payload: r.payload,
      attempts: r.attempts,
    }))
    .sort((a, b) => a.id - b.id)
  if (claimed.length === 0) return 0
  const bySource = new Map<string, Claimed[]>()
  for (const delivery of claimed) bySource.set(delivery.sourceId, [...(bySource.get(delivery.sourceId) ?? []), delivery])
  for (const [sourceId, deliveries] of bySource) {
    const outcomes = await processSourceBatch(deps, sourceId, deliveries)
    await settleOutcomes(deps, sourceId, deliveries, outcomes, { maxAttempts, backoffBaseMs })
  }
  return claimed.length
}

async function processSourceBatch(
  deps: Omit<WorkerDeps, 'queue'> & { queue?: WorkerDeps['queue'] },
  sourceId: string,
  deliveries: Claimed[],
): Promise<DeliveryOutcome[]> {
  try {
    const row = await findSourceRow(deps, sourceId)
    if (!row?.connector) throw new Error('the source was deleted or disconnected')
    const connector = findConnector(deps.config, row.connector)
    if (!connector.processDeliveries) throw new Error(`${connector.title} cannot process deliveries`)
    const ctx: ServiceContext = { ...deps, workspaceId: row.workspace_id, actor: { kind: 'system' } }
    return await connector.processDeliveries(ctx, toConnectedSource(row), deliveries)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    deps.log.warn({ err: error, sourceId, deliveries: deliveries.length }, 'webhook deliveries failed')
    return deliveries.map((d) => ({ id: d.id, error: message }))
  }
}

async function settleOutcomes(
  deps: Pick<WorkerDeps, 'database'>,
  sourceId: string,
  deliveries: Claimed[],
  outcomes: DeliveryOutcome[],
  options: { maxAttempts: number; backoffBaseMs: number },
) {
  const errors = new Map(outcomes.filter((o) => o.error).map((o) => [o.id, o.error!]))
  const done = deliveries.filter((d) => !errors.has(d.id)).map((d) => d.id)
  if (done.length > 0) {
    await deps.database.query(
      `UPDATE webhook_deliveries SET status = 'processed', processed_at = now(), claimed_until = NULL, last_error = NULL
       WHERE id = ANY($1::bigint[])`,
      [done],
    )
  }
  const failed = deliveries
    .filter((d) => errors.has(d.id))
    .map((d) => ({
      id: d.id,
      status: d.attempts >= options.maxAttempts ? 'dead' : 'received',
      next_attempt_at: new Date(Date.now() + deliveryBackoffMs(d.attempts, options.backoffBaseMs)).toISOString(),
      last_error: errors.get(d.id)!.slice(0, 4000),
    }))
  if (failed.length > 0) {
    await deps.database.query(
      `UPDATE webhook_deliveries d SET status = r.status, next_attempt_at = r.next_attempt_at, last_error = r.last_error, claimed_until = NULL
       FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, status text, next_attempt_at timestamptz, last_error text) WHERE d.id = r.id`,
      [JSON.stringify(failed)],
    )
    await recordSourceFailure(deps, sourceId, `${failed.length} deliveries failed: ${failed[0].last_error}`)
  } else {
    await recordSourceSuccess(deps, sourceId)
  }
}

/** The worker's processing loop: drains due deliveries, then waits for an arrival (this process) or a short poll. */
export function startDeliveryProcessor(
  deps: WorkerDeps,
  options: ProcessOptions & { idleMs?: number; gatherMs?: number } = {},
): { stop(): Promise<void> } {
  let running = true
  let wake: (() => void) | null = null
  const onArrival = () => wake?.()
  deliveryArrivals.on('arrived', onArrival)
  const loop = (async () => {
    while (running) {
      const processed = await processDueDeliveries(deps, options).catch((error) => {
        deps.log.error({ err: error }, 'webhook delivery processor failed; retrying')
        return 0
      })
      if (processed > 0 || !running) continue
      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), options.idleMs ?? 500)
        wake = () => {
          clearTimeout(timer)
          resolve(true)
        }
      })
      wake = null
      // A short pause after an arrival gathers the deliveries right behind it into the same batch.
      if (woken && running) await new Promise((resolve) => setTimeout(resolve, options.gatherMs ?? 20))
    }
  })()
  return {
    async stop() {
      running = false
      wake?.()
      deliveryArrivals.off('arrived', onArrival)
      await loop
    },
  }
}
