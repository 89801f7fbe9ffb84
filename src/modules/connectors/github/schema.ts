// GitHub issues and pull requests of a connected repository (seed 1 github_issues, pull_requests), kept current by
// webhooks and the REST backfill. `github_updated_at` is the version: an older update than what is stored is
// ignored. Each one's body and comments are messages of the conversation named in conversation_id.
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../../workspaces/schema.js'
import { sources } from '../../sources/schema.js'
import { conversations } from '../../messages/schema.js'
import { projects } from '../../projects/schema.js'

const common = () => ({
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  sourceId: uuid('source_id')
    .notNull()
    .references(() => sources.id, { onDelete: 'cascade' }),
  /** The Signalbox project the repository is linked to (seed 1 projects.github_repo), if any. */
  projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
  repository: text('repository').notNull(),
  githubId: bigint('github_id', { mode: 'number' }).notNull(),
  number: integer('number').notNull(),
  title: text('title').notNull(),
  body: text('body'),
  state: text('state').notNull().default('open'),
  labels: jsonb('labels').$type<string[]>().notNull().default([]),
  assignee: text('assignee'),
  author: text('author'),
  url: text('url'),
  conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  githubCreatedAt: timestamp('github_created_at', { withTimezone: true }),
  githubUpdatedAt: timestamp('github_updated_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
})

export const githubIssues = pgTable('github_issues', common(), (t) => [
  unique('github_issues_source_number').on(t.sourceId, t.number),
  index('github_issues_workspace_state_idx').on(t.workspaceId, t.state),
])

export const pullRequests = pgTable(
  'pull_requests',
  {
    ...common(),
    branchFrom: text('branch_from').notNull(),
    branchTo: text('branch_to').notNull(),
    isDraft: boolean('is_draft').notNull().default(false),
    merged: boolean('merged').notNull().default(false),
    mergedAt: timestamp('merged_at', { withTimezone: true }),
    /** The latest submitted review's state (approved, changes_requested, commented, dismissed). */
    reviewStatus: text('review_status'),
  },
  (t) => [
    unique('pull_requests_source_number').on(t.sourceId, t.number),
    index('pull_requests_workspace_state_idx').on(t.workspaceId, t.state),
  ],
)
