// Tasks (seed 0 tasks/task_entities, seed 1 tasks, seed 2 tasks), their source messages and their change history.
import { boolean, index, jsonb, pgEnum, pgTable, primaryKey, real, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { workspaces } from '../workspaces/schema.js'
import { messages, people } from '../messages/schema.js'
import { projects } from '../projects/schema.js'

// Seed 1's lifecycle (pending→open, completed→done) plus seed 2's cancelled.
export const taskStatuses = ['open', 'in_progress', 'testing', 'review', 'done', 'cancelled', 'failed'] as const
export const taskStatusEnum = pgEnum('task_status', taskStatuses)
export const taskPriorities = ['low', 'medium', 'high', 'critical'] as const
export const taskPriorityEnum = pgEnum('task_priority', taskPriorities)
export const taskCategories = ['bug', 'feature', 'improvement', 'question', 'chore'] as const
export const taskCategoryEnum = pgEnum('task_category', taskCategories)

// Seed 002 tasks.source: where a task came from (a proposal's source type, or a person typing it in).
export const taskSources = [
  'manual',
  'email',
  'meeting',
  'telegram',
  'slack',
  'chatwoot',
  'github',
  'document',
  'note',
  'analysis',
] as const
export type TaskSource = (typeof taskSources)[number]
// Seed 002 system_upgrades / system_fixes are tasks of another kind (docs/people-tags.md says why), their extra fields in kind_details.
export const taskKinds = ['task', 'system_upgrade', 'system_fix'] as const
export type TaskKind = (typeof taskKinds)[number]
export const taskKindEnum = pgEnum('task_kind', taskKinds)
export type TaskKindDetails = {
  /** Seed 002: upgrades idea/planned/in_progress/done, fixes reported/investigating/in_progress/fixed. */
  stage?: string
  category?: string
  stepsToReproduce?: string
  affectedComponent?: string
  resolutionNotes?: string
  projectPlanUrl?: string
  associatedLinks?: string
}

export type TaskGithubIssue = { repository: string; number: number; url: string; openedAt: string }

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: taskStatusEnum('status').notNull().default('open'),
    priority: taskPriorityEnum('priority').notNull().default('medium'),
    category: taskCategoryEnum('category').notNull().default('chore'),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    source: text('source').$type<TaskSource>().notNull().default('manual'),
    kind: taskKindEnum('kind').notNull().default('task'),
    kindDetails: jsonb('kind_details').$type<TaskKindDetails>().notNull().default({}),
    dueDate: timestamp('due_date', { withTimezone: true }),
    assigneePersonId: uuid('assignee_person_id').references(() => people.id, { onDelete: 'set null' }),
    /** A user id (identity module); no FK so that tasks do not depend on the identity module's tables. */
    assigneeUserId: uuid('assignee_user_id'),
    assigneeName: text('assignee_name'),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
    parentTaskId: uuid('parent_task_id').references((): AnyPgColumn => tasks.id, { onDelete: 'set null' }),
    aiGenerated: boolean('ai_generated').notNull().default(false),
    confidence: real('confidence'),
    definitionOfDone: text('definition_of_done'),
    createdBy: text('created_by'),
    /** The GitHub issue opened for this task (an approved proposal of a project that opted in). */
    githubIssue: jsonb('github_issue').$type<TaskGithubIssue>(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('tasks_workspace_status_idx').on(t.workspaceId, t.status, t.priority),
    index('tasks_project_idx').on(t.projectId),
    index('tasks_parent_idx').on(t.parentTaskId),
    index('tasks_due_idx').on(t.workspaceId, t.dueDate),
    index('tasks_kind_idx').on(t.workspaceId, t.kind),
  ],
)

export const taskMessages = pgTable(
  'task_messages',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.messageId] }), index('task_messages_message_idx').on(t.messageId)],
)

/** One row per changed field; append-only. */
export const taskHistory = pgTable(
  'task_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    field: text('field').notNull(),
    oldValue: jsonb('old_value'),
    newValue: jsonb('new_value'),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('task_history_task_idx').on(t.taskId, t.at)],
)
