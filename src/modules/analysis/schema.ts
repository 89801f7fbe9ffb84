// Analysis runs over a time window and the proposals they produce for review (seed 0 analysis_runs,
// task_proposals; seed 2 pending_* become proposals of other kinds).
import { index, integer, jsonb, pgEnum, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../workspaces/schema.js'
import { projects } from '../projects/schema.js'
import { taskCategoryEnum, taskPriorityEnum, tasks } from '../tasks/schema.js'
import { atoms, atomTypeEnum } from '../knowledge/schema.js'

export const analysisRunStatuses = ['pending', 'running', 'completed', 'reviewed', 'closed', 'failed', 'cancelled'] as const
export const analysisRunStatusEnum = pgEnum('analysis_run_status', analysisRunStatuses)
export const analysisTriggerTypes = ['manual', 'scheduled', 'api'] as const
export const analysisTriggerEnum = pgEnum('analysis_trigger_type', analysisTriggerTypes)
// file_classification: a document's project, below the confidence threshold (seed 002 pending_files).
export const proposalKinds = ['task', 'atom', 'file_classification'] as const
export const proposalKindEnum = pgEnum('proposal_kind', proposalKinds)
// held: over the run's volume budget (one proposal per 25 analysed messages by default); reviewable, not in the pending count.
export const proposalStatuses = ['pending', 'approved', 'rejected', 'merged', 'held'] as const
export const proposalStatusEnum = pgEnum('proposal_status', proposalStatuses)
export const llmRecommendations = ['new_task', 'update_existing', 'merge', 'reject'] as const
export const llmRecommendationEnum = pgEnum('llm_recommendation', llmRecommendations)
export const similarityTypes = ['exact_messages', 'semantic', 'none'] as const
export const similarityTypeEnum = pgEnum('similarity_type', similarityTypes)

export type SuppressionReport = {
  total: number
  byReason: Record<string, number>
  mergedIntoPending?: number
  examples?: Array<{ title: string; reason: string }>
  /** Proposals over the run's volume budget, kept with status held (volume-budget.ts), and that budget. */
  heldOverBudget?: number
  budget?: number | null
}

export type RunError = { at: string; batch?: number; message: string; kind?: string }

export const analysisRuns = pgTable(
  'analysis_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    status: analysisRunStatusEnum('status').notNull().default('pending'),
    triggerType: analysisTriggerEnum('trigger_type').notNull().default('manual'),
    triggeredBy: text('triggered_by'),
    timeWindowStart: timestamp('time_window_start', { withTimezone: true }).notNull(),
    timeWindowEnd: timestamp('time_window_end', { withTimezone: true }).notNull(),
    /** The LLM agent (llm module's agents) that runs the task; null = the configured default or the local analyser. */
    agentId: uuid('agent_id'),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
    configSnapshot: jsonb('config_snapshot').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** Touched after every batch; a running run with an old heartbeat belongs to a dead worker. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    cancelRequestedAt: timestamp('cancel_requested_at', { withTimezone: true }),
    proposalsTotal: integer('proposals_total').notNull().default(0),
    proposalsApproved: integer('proposals_approved').notNull().default(0),
    proposalsRejected: integer('proposals_rejected').notNull().default(0),
    proposalsMerged: integer('proposals_merged').notNull().default(0),
    proposalsPending: integer('proposals_pending').notNull().default(0),
    totalMessagesInWindow: integer('total_messages_in_window').notNull().default(0),
    messagesAfterPrefilter: integer('messages_after_prefilter').notNull().default(0),
    batchesCreated: integer('batches_created').notNull().default(0),
    batchesDone: integer('batches_done').notNull().default(0),
    llmTokensUsed: integer('llm_tokens_used').notNull().default(0),
    costEstimate: real('cost_estimate').notNull().default(0),
    errorLog: jsonb('error_log').$type<RunError[]>().notNull().default([]),
    accuracyMetrics: jsonb('accuracy_metrics').$type<Record<string, unknown>>(),
    /** What the run held back and why: learned from rejections, repeats of approved work, merged into pending proposals. */
    suppressionReport: jsonb('suppression_report').$type<SuppressionReport>().notNull().default({ total: 0, byReason: {} }),
  },
  (t) => [index('analysis_runs_workspace_status_idx').on(t.workspaceId, t.status, t.createdAt)],
)

export type ProposedSubTask = { title: string }

export const taskProposals = pgTable(
  'task_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    runId: uuid('run_id')
      .notNull()
      .references(() => analysisRuns.id, { onDelete: 'cascade' }),
    kind: proposalKindEnum('kind').notNull().default('task'),
    atomType: atomTypeEnum('atom_type'),
    title: text('title').notNull(),
    description: text('description').notNull(),
    priority: taskPriorityEnum('priority').notNull().default('medium'),
    category: taskCategoryEnum('category').notNull().default('chore'),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    subTasks: jsonb('sub_tasks').$type<ProposedSubTask[]>().notNull().default([]),
    dueDate: timestamp('due_date', { withTimezone: true }),
    assigneeName: text('assignee_name'),
    sourceMessageIds: jsonb('source_message_ids').$type<string[]>().notNull(),
    messageCount: integer('message_count').notNull(),
    timeSpanSeconds: integer('time_span_seconds').notNull().default(0),
    confidence: real('confidence').notNull(),
    reasoning: text('reasoning').notNull().default(''),
    llmRecommendation: llmRecommendationEnum('llm_recommendation').notNull().default('new_task'),
    similarityType: similarityTypeEnum('similarity_type').notNull().default('none'),
    similarityScore: real('similarity_score'),
    similarTaskId: uuid('similar_task_id').references(() => tasks.id, { onDelete: 'set null' }),
    proposedProjectId: uuid('proposed_project_id').references(() => projects.id, { onDelete: 'set null' }),
    proposedParentId: uuid('proposed_parent_id').references(() => tasks.id, { onDelete: 'set null' }),
    projectKeywordsMatched: jsonb('project_keywords_matched').$type<string[]>().notNull().default([]),
    projectClassificationConfidence: real('project_classification_confidence').notNull().default(0),
    status: proposalStatusEnum('status').notNull().default('pending'),
    reviewedBy: text('reviewed_by'),
    reviewReason: text('review_reason'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    editedFields: jsonb('edited_fields').$type<string[]>().notNull().default([]),
    diffSummary: jsonb('diff_summary').$type<Record<string, unknown>>(),
    createdTaskId: uuid('created_task_id').references(() => tasks.id, { onDelete: 'set null' }),
    createdAtomId: uuid('created_atom_id').references(() => atoms.id, { onDelete: 'set null' }),
    batchIndex: integer('batch_index').notNull().default(0),
    /** The conversation and source the proposal came from (filters, grouping, per-source suppression). */
    conversationId: uuid('conversation_id'),
    sourceId: uuid('source_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('task_proposals_run_idx').on(t.runId, t.status),
    index('task_proposals_workspace_status_idx').on(t.workspaceId, t.status, t.createdAt),
    index('task_proposals_conversation_idx').on(t.workspaceId, t.conversationId, t.status),
  ],
)
