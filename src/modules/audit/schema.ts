// The audit log's table: auth events and admin actions with who, what, when and from where. A module of its own
// so that every module may record events without depending on identity (which depends on most of them).
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../workspaces/schema.js'
import { users } from '../identity/users-schema.js'

/** Auth events and admin actions: who, what, when, from where. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The username typed at a failed login, when no user matched. */
    actorName: text('actor_name'),
    action: text('action').notNull(),
    outcome: text('outcome').notNull().default('success'),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('audit_events_created_idx').on(t.createdAt.desc()),
    index('audit_events_workspace_created_idx').on(t.workspaceId, t.createdAt.desc()),
    index('audit_events_actor_idx').on(t.actorUserId),
  ],
)
