// Reading the webhook inbox (list, inspect) and replaying deliveries, workspace-scoped.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import type { RawRow } from '../../db/raw-row.js'
import { NotFoundError } from '../../lib/errors.js'
import { deliveryStatuses, type webhookDeliveries } from './schema.js'
import { deliveryArrivals } from './receive.js'

export const deliveryFiltersSchema = z.object({
  sourceId: z.uuid().optional(),
  status: z.enum(deliveryStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  beforeId: z.coerce.number().int().positive().optional(),
})
export type DeliveryFilters = z.infer<typeof deliveryFiltersSchema>

export const deliveryViewSchema = z.object({
  id: z.number().int(),
  sourceId: z.uuid(),
  connector: z.string(),
  eventType: z.string(),
  deliveryId: z.string(),
  signature: z.string(),
  signatureValid: z.boolean(),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  receivedAt: z.string(),
  processedAt: z.string().nullable(),
})
export type DeliveryView = z.infer<typeof deliveryViewSchema>
export const deliveryDetailSchema = deliveryViewSchema.extend({ payload: z.unknown() })
export type DeliveryDetail = z.infer<typeof deliveryDetailSchema>

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString())

/** The webhook_deliveries columns listDeliveries selects (not the payload). */
type DeliveryRow = Pick<
  RawRow<typeof webhookDeliveries>,
  | 'id'
  | 'source_id'
  | 'connector'
  | 'event_type'
  | 'delivery_id'
  | 'signature'
  | 'signature_valid'
  | 'status'
  | 'attempts'
  | 'next_attempt_at'
  | 'last_error'
  | 'received_at'
  | 'processed_at'
>

function toView(r: DeliveryRow): DeliveryView {
  return {
    id: Number(r.id),
    sourceId: r.source_id,
    connector: r.connector,
    eventType: r.event_type,
    deliveryId: r.delivery_id,
    signature: r.signature,
    signatureValid: r.signature_valid,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: iso(r.next_attempt_at)!,
    lastError: r.last_error,
    receivedAt: iso(r.received_at)!,
    processedAt: iso(r.processed_at),
  }
}

export async function listDeliveries(
  ctx: ServiceContext,
  filters: DeliveryFilters,
): Promise<{ items: DeliveryView[]; counts: Record<string, number> }> {
  const rows = await ctx.database.query<DeliveryRow>(
    `SELECT id, source_id, connector, event_type, delivery_id, signature, signature_valid, status, attempts, next_attempt_at,
       last_error, received_at, processed_at
     FROM webhook_deliveries
     WHERE workspace_id = $1 AND ($2::uuid IS NULL OR source_id = $2) AND ($3::text IS NULL OR status = $3)
       AND ($4::bigint IS NULL OR id < $4)
     ORDER BY id DESC LIMIT $5`,
    [ctx.workspaceId, filters.sourceId ?? null, filters.status ?? null, filters.beforeId ?? null, filters.limit],
  )
  const counted = await ctx.database.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE workspace_id = $1 AND ($2::uuid IS NULL OR source_id = $2) GROUP BY status`,
    [ctx.workspaceId, filters.sourceId ?? null],
  )
  return { items: rows.map(toView), counts: Object.fromEntries(counted.map((c) => [c.status, c.n])) }
}

export async function getDelivery(ctx: ServiceContext, id: number): Promise<DeliveryDetail> {
  const [row] = await ctx.database.query<RawRow<typeof webhookDeliveries>>(
    `SELECT * FROM webhook_deliveries WHERE id = $1 AND workspace_id = $2`,
    [id, ctx.workspaceId],
  )
  if (!row) throw new NotFoundError('Delivery')
  return { ...toView(row), payload: row.payload }
}

/** Queues deliveries (a dead one, or a processed one to process again) for a fresh round of attempts. */
export async function replayDeliveries(ctx: ServiceContext, ids: number[]): Promise<{ replayed: number[] }> {
  const rows = await ctx.database.query<{ id: string }>(
    `UPDATE webhook_deliveries SET status = 'received', attempts = 0, next_attempt_at = now(), last_error = NULL, claimed_until = NULL
     WHERE workspace_id = $1 AND id = ANY($2::bigint[]) AND status <> 'processing' RETURNING id`,
    [ctx.workspaceId, ids],
  )
  if (rows.length > 0) deliveryArrivals.emit('arrived')
  return { replayed: rows.map((r) => Number(r.id)) }
}
