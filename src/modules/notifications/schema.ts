// Tables of the notifications module (seed 1 notifications): an in-app inbox other modules write to.
import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../workspaces/schema.js'

export const notificationSeverities = ['info', 'warning', 'critical'] as const

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    title: text('title').notNull(),
    message: text('message').notNull(),
    severity: text('severity', { enum: notificationSeverities }).notNull().default('info'),
    /** Null = for everyone in the workspace. Plain uuid: users live in the identity module. */
    userId: uuid('user_id'),
    isRead: boolean('is_read').notNull().default(false),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notifications_workspace_created_idx').on(t.workspaceId, t.createdAt)],
)
