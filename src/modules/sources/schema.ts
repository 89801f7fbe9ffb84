// Sources (seed 0 sources) are the channels messages come from; sync_watermarks (seed 4) make syncs resumable.
import { boolean, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../workspaces/schema.js'

export const sourceTypes = [
  'telegram',
  'chatwoot',
  'email',
  'slack',
  'github',
  'notion',
  'files',
  'calendar',
  'api',
  'web',
  'notes',
  'meetings',
] as const
export type SourceType = (typeof sourceTypes)[number]
export const sourceTypeEnum = pgEnum('source_type', sourceTypes)

export const sources = pgTable(
  'sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    type: sourceTypeEnum('type').notNull(),
    name: text('name').notNull(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    /** false = paused by a person: no syncs, webhooks still stored but not processed until resumed. */
    active: boolean('active').notNull().default(true),
    /** The live connector behind this source (src/modules/connectors/<id>); null for import-only sources. */
    connector: text('connector'),
    /** encryptSecret() of the connector's secrets as JSON (bot token, webhook secret ...); never returned. */
    secretsEncrypted: text('secrets_encrypted'),
    // Connection state (seed 4 job_runs / seed 0 message_ingestion_jobs, summarised per source).
    lastError: text('last_error'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    nextRetryAt: timestamp('next_retry_at', { withTimezone: true }),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    /** Forged or unsigned webhook deliveries: counted, never stored. */
    rejectedDeliveries: integer('rejected_deliveries').notNull().default(0),
    lastRejectedAt: timestamp('last_rejected_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('sources_workspace_type_name').on(t.workspaceId, t.type, t.name)],
)

export const syncWatermarks = pgTable(
  'sync_watermarks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    stream: text('stream').notNull(),
    cursor: text('cursor'),
    lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('sync_watermarks_source_stream').on(t.sourceId, t.stream)],
)
