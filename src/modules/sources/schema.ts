// Sources (seed 0 sources) are the channels messages come from; sync_watermarks (seed 4) make syncs resumable.
import { boolean, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
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
] as const
export type SourceType = (typeof sourceTypes)[number]
export const sourceTypeEnum = pgEnum('source_type', sourceTypes)

export const sources = pgTable(
  'sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    type: sourceTypeEnum('type').notNull(),
    name: text('name').notNull(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('sources_workspace_type_name').on(t.workspaceId, t.type, t.name)],
)

export const syncWatermarks = pgTable(
  'sync_watermarks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id').notNull().references(() => sources.id, { onDelete: 'cascade' }),
    stream: text('stream').notNull(),
    cursor: text('cursor'),
    lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('sync_watermarks_source_stream').on(t.sourceId, t.stream)],
)
