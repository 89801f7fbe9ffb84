// Seed 002 `notes` (Markdown with a type and an optional project), `goals` and the `project_goals` join.
// A note's text is also stored as a message of a 'notes' source so search, citations and analysis see it.
import { check, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { workspaces } from '../workspaces/schema.js'
import { projects } from '../projects/schema.js'

export const noteTypes = ['meeting', 'idea', 'learning', 'reference'] as const
export const noteTypeEnum = pgEnum('note_type', noteTypes)
export const goalStatuses = ['active', 'achieved', 'abandoned'] as const
export const goalStatusEnum = pgEnum('goal_status', goalStatuses)

export const notes = pgTable(
  'notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** Markdown. */
    content: text('content').notNull().default(''),
    type: noteTypeEnum('type').notNull().default('idea'),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notes_workspace_updated_idx').on(t.workspaceId, t.updatedAt), index('notes_project_idx').on(t.projectId)],
)

export const goals = pgTable(
  'goals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Free text as in seed 002 (health, career, learning, finance, ...). */
    category: text('category'),
    progress: integer('progress').notNull().default(0),
    targetDate: date('target_date', { mode: 'string' }),
    status: goalStatusEnum('status').notNull().default('active'),
    notes: text('notes').notNull().default(''),
    achievedAt: timestamp('achieved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('goals_workspace_status_idx').on(t.workspaceId, t.status),
    check('goals_progress_range', sql`${t.progress} BETWEEN 0 AND 100`),
  ],
)

export const projectGoals = pgTable(
  'project_goals',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    goalId: uuid('goal_id')
      .notNull()
      .references(() => goals.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.goalId, t.projectId] }), index('project_goals_project_idx').on(t.projectId)],
)
