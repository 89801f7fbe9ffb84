// Tags (seed 002 `tags`: name, type area / resource, description) and the one table linking them to any entity.
// One link table with an entity kind instead of seed 002's join table per entity: the tagged things live in
// several modules (tasks, projects, people, notes, goals, files, meetings), a new kind needs no migration, and
// "everything with tag X" is one index scan. The price is no foreign key to the entity: each owner removes its
// links when it deletes a row (removeEntityTags), and readers join to live rows.
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { workspaces } from '../workspaces/schema.js'

export const tagTypes = ['area', 'resource'] as const
export type TagType = (typeof tagTypes)[number]
export const taggableKinds = ['task', 'project', 'person', 'note', 'goal', 'file', 'meeting'] as const
export type TaggableKind = (typeof taggableKinds)[number]

export const tags = pgTable(
  'tags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    type: text('type').$type<TagType>(),
    description: text('description'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tags_workspace_name_unique').on(t.workspaceId, sql`lower(${t.name})`)],
)

export const tagLinks = pgTable(
  'tag_links',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    entityKind: text('entity_kind').$type<TaggableKind>().notNull(),
    entityId: uuid('entity_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tagId, t.entityKind, t.entityId] }),
    index('tag_links_entity_idx').on(t.workspaceId, t.entityKind, t.entityId),
  ],
)
