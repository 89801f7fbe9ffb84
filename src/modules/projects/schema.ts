// Projects inside a workspace: seed 0 project_configs (keywords, glossary, components, priority rules, PM, version)
// merged with seed 1 projects (GitHub repo) and seed 2 projects (status, type, dates).
import { boolean, date, index, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../workspaces/schema.js'

export const projectStatuses = ['active', 'on_hold', 'completed', 'archived'] as const
export const projectStatusEnum = pgEnum('project_status', projectStatuses)
export const projectTypes = ['work', 'personal', 'learning', 'other'] as const
export const projectTypeEnum = pgEnum('project_type', projectTypes)

export type ProjectComponent = { name: string; description?: string; keywords?: string[] }
/** Seed 0 priority_rules: words that raise a proposal's priority, and a default. */
export type PriorityRules = { critical?: string[]; high?: string[]; low?: string[]; default?: string }

export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    keywords: jsonb('keywords').$type<string[]>().notNull().default([]),
    glossary: jsonb('glossary').$type<Record<string, string>>().notNull().default({}),
    components: jsonb('components').$type<ProjectComponent[]>().notNull().default([]),
    /** Person ids or names (seed 0 default_assignee_ids; people are per workspace here). */
    defaultAssignees: jsonb('default_assignees').$type<string[]>().notNull().default([]),
    priorityRules: jsonb('priority_rules').$type<PriorityRules>().notNull().default({}),
    /** Project manager: a user id when users exist, else a name. */
    pmUserId: uuid('pm_user_id'),
    pmName: text('pm_name'),
    version: text('version').notNull().default('1'),
    status: projectStatusEnum('status').notNull().default('active'),
    type: projectTypeEnum('type').notNull().default('work'),
    startDate: date('start_date'),
    targetDate: date('target_date'),
    githubRepo: text('github_repo'),
    /** Opt-in: approved proposals of this project are also opened as issues in the GitHub repository linked to it. */
    githubIssues: boolean('github_issues').notNull().default(false),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('projects_workspace_name').on(t.workspaceId, t.name), index('projects_workspace_idx').on(t.workspaceId)],
)
