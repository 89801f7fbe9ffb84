// Tables of the proactive module: messages the assistant sends on its own (seed 003 proactive_messages: daily
// digests, reminders before due dates, reminders people set), one delivery row per channel (seed 001
// notifications.sent_telegram / sent_email, generalised), and each person's notification preferences.
import { boolean, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../workspaces/schema.js'

export const proactiveKinds = ['digest', 'due_reminder', 'custom'] as const
/** pending: waiting for its time or its deliveries; sent: every channel delivered; failed: a channel gave up;
 * cancelled: withdrawn before delivery. */
export const proactiveStatuses = ['pending', 'sent', 'failed', 'cancelled'] as const
export const deliveryChannels = ['web', 'telegram', 'email'] as const
/** sending: claimed by a worker until `lease_until` (a crashed worker's claim expires and another takes it). */
export const proactiveDeliveryStatuses = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const

export const proactiveMessages = pgTable(
  'proactive_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Plain uuid: users live in identity. */
    userId: uuid('user_id').notNull(),
    kind: text('kind', { enum: proactiveKinds }).notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    context: jsonb('context').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: proactiveStatuses }).notNull().default('pending'),
    scheduledFor: timestamp('scheduled_for', { withTimezone: true }).notNull().defaultNow(),
    /** Makes generated messages idempotent: one digest per person and local day, one reminder per task and due date. */
    dedupeKey: text('dedupe_key'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('proactive_messages_dedupe_uq').on(t.workspaceId, t.userId, t.dedupeKey),
    index('proactive_messages_user_idx').on(t.workspaceId, t.userId, t.scheduledFor),
  ],
)

export const proactiveDeliveries = pgTable(
  'proactive_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => proactiveMessages.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: deliveryChannels }).notNull(),
    status: text('status', { enum: proactiveDeliveryStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Not before this time: the message's schedule, then quiet hours and retry backoff push it later. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    unique('proactive_deliveries_channel_uq').on(t.messageId, t.channel),
    index('proactive_deliveries_due_idx').on(t.status, t.nextAttemptAt),
  ],
)

export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    channels: text('channels').array().$type<Array<(typeof deliveryChannels)[number]>>().notNull().default(['web']),
    /** IANA zone for quiet hours, digest time and "remind me Friday". */
    timezone: text('timezone').notNull().default('UTC'),
    /** Minutes after local midnight; equal start and end = no quiet hours. */
    quietStartMinute: smallint('quiet_start_minute').notNull().default(0),
    quietEndMinute: smallint('quiet_end_minute').notNull().default(0),
    digestEnabled: boolean('digest_enabled').notNull().default(true),
    digestMinute: smallint('digest_minute')
      .notNull()
      .default(8 * 60),
    /** How long before a task's due date its reminder goes out; 0 = no due reminders. */
    dueReminderHours: smallint('due_reminder_hours').notNull().default(24),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
)
