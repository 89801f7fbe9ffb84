// Seed 002 `media_watchlist` and `games_backlog` as ONE generic list feature: a list has a kind (watchlist, games,
// custom) and its items share title/status/rating/notes columns; the kind's own fields (media type and year,
// platform and hours played, a custom list's free fields) live in `details`, validated per kind (item-fields.ts).
import { check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { workspaces } from '../workspaces/schema.js'

export const listKinds = ['watchlist', 'games', 'custom'] as const
export const listKindEnum = pgEnum('list_kind', listKinds)

export const lists = pgTable(
  'lists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: listKindEnum('kind').notNull(),
    description: text('description').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('lists_workspace_name_unique').on(t.workspaceId, t.name)],
)

export const listItems = pgTable(
  'list_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    listId: uuid('list_id')
      .notNull()
      .references(() => lists.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    status: text('status'),
    rating: integer('rating'),
    notes: text('notes').notNull().default(''),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('list_items_list_idx').on(t.listId, t.createdAt),
    check('list_items_rating_range', sql`${t.rating} IS NULL OR ${t.rating} BETWEEN 1 AND 10`),
  ],
)
