// Tables of the topics module (seed 0 topics): topics per workspace and the ground-truth topic a person gave a message.
// The classifier's prediction lives on messages.topic_id/topic_confidence; the human label lives here, so the two
// never overwrite each other and experiments can measure one against the other.
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { workspaces } from '../workspaces/schema.js'
import { messages } from '../messages/schema.js'

export const topics = pgTable(
  'topics',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    icon: text('icon'),
    /** Always `#RRGGBB` (Tailwind names are converted on the way in). */
    color: text('color').notNull(),
    keywords: text('keywords')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Seed 0: name is unique; case-insensitively here so "Billing" and "billing" cannot both exist.
  (t) => [uniqueIndex('topics_workspace_name_unique').on(t.workspaceId, sql`lower(${t.name})`)],
)

/** Ground truth: the topic a person says a message belongs to (one per message). */
export const messageTopicLabels = pgTable(
  'message_topic_labels',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    /** Who labelled it: a user id, 'local-token' or 'system'. */
    labelledBy: text('labelled_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.messageId], name: 'message_topic_labels_pk' }),
    index('message_topic_labels_workspace_topic_idx').on(t.workspaceId, t.topicId),
  ],
)
