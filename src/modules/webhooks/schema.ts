// The webhook inbox (seed 1 webhooks, seed 0 webhook_settings): every delivery from every connector is stored here
// first, raw, then processed by a job with retries and backoff, and dead-lettered with its error when they run out.
import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { workspaces } from '../workspaces/schema.js'
import { sources } from '../sources/schema.js'

/** received → (processing) → processed, or back to received with a later next_attempt_at, or dead. */
export const deliveryStatuses = ['received', 'processing', 'processed', 'dead'] as const
export type DeliveryStatus = (typeof deliveryStatuses)[number]

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    /** bigserial: deliveries are processed in arrival order, and the order must survive equal timestamps. */
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    connector: text('connector').notNull(),
    eventType: text('event_type').notNull(),
    /** The sender's id of the delivery (Telegram update_id, GitHub X-GitHub-Delivery ...): stored once. */
    deliveryId: text('delivery_id').notNull(),
    payload: jsonb('payload').notNull(),
    /** How the sender was verified: 'secret_token', 'hmac', 'poll' (fetched by us, nothing to verify). */
    signature: text('signature').notNull(),
    signatureValid: boolean('signature_valid').notNull().default(true),
    status: text('status').$type<DeliveryStatus>().notNull().default('received'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set while a processor works on it; an expired claim (the processor died) is taken again. */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    lastError: text('last_error'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    unique('webhook_deliveries_source_delivery').on(t.sourceId, t.deliveryId),
    index('webhook_deliveries_workspace_received_idx').on(t.workspaceId, t.receivedAt),
    // The processor's queue: only deliveries still to do, so the index stays small however long the history.
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`status IN ('received', 'processing')`),
  ],
)
