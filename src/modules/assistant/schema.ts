// Tables of the assistant module: chat threads people hold with the assistant (seed 003 conversations/messages)
// and one analytics row per answer (seed 003 ai_responses, with feedback). Kept apart from the ingested channel
// `conversations`/`messages` on purpose: see docs/assistant.md.
import { check, date, doublePrecision, index, integer, jsonb, pgTable, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { workspaces } from '../workspaces/schema.js'
import { agentConfigs } from '../llm/schema.js'
import { projects } from '../projects/schema.js'

export const threadSources = ['web', 'telegram', 'voice', 'api'] as const
export const threadMessageRoles = ['user', 'assistant', 'system', 'tool'] as const
/** complete: a finished turn; interrupted: the stream was cut (partial text kept); declined: no answer in the data;
 * blocked: an LLM budget stopped the call; failed: the provider failed before any text. */
export const threadMessageStatuses = ['complete', 'interrupted', 'declined', 'blocked', 'failed'] as const
export const feedbackRatings = ['up', 'down'] as const

/** One numbered citation of an answer: `n` is the [n] marker in the text, resolving to an ingested message. */
export type Citation = {
  n: number
  messageId: string
  conversationId: string
  conversationTitle: string | null
  sourceType: string
  authorName: string | null
  sentAt: string
  quote: string
  /** The document section (heading path) of the passage, when it has one. */
  section?: string | null
}

export const assistantThreads = pgTable(
  'assistant_threads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** The person talking; null for the local CLI token and the system. Plain uuid: users live in identity. */
    userId: uuid('user_id'),
    title: text('title').notNull(),
    source: text('source', { enum: threadSources }).notNull().default('web'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('assistant_threads_workspace_user_updated_idx').on(t.workspaceId, t.userId, t.updatedAt)],
)

export const assistantMessages = pgTable(
  'assistant_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => assistantThreads.id, { onDelete: 'cascade' }),
    role: text('role', { enum: threadMessageRoles }).notNull(),
    content: text('content').notNull(),
    status: text('status', { enum: threadMessageStatuses }).notNull().default('complete'),
    citations: jsonb('citations').$type<Citation[]>().notNull().default([]),
    /** Channel details: telegram message id, voice transcript flags, filters used ... */
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('assistant_messages_thread_created_idx').on(t.threadId, t.createdAt)],
)

/** seed 003 ai_responses: what one answer cost and how it was received. The call itself is in ai_call_log. */
export const assistantResponses = pgTable(
  'assistant_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .unique()
      .references(() => assistantMessages.id, { onDelete: 'cascade' }),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => assistantThreads.id, { onDelete: 'cascade' }),
    /** ai_call_log row of the generating call (null when no model was called: nothing retrieved). */
    callId: uuid('call_id'),
    model: text('model').notNull(),
    provider: text('provider').notNull(),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    costUsd: doublePrecision('cost_usd').notNull().default(0),
    latencyMs: integer('latency_ms').notNull().default(0),
    firstTokenMs: integer('first_token_ms'),
    temperature: real('temperature'),
    status: text('status', { enum: threadMessageStatuses }).notNull(),
    retrievedChunkIds: uuid('retrieved_chunk_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    retrievedMessageIds: uuid('retrieved_message_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    feedbackRating: text('feedback_rating', { enum: feedbackRatings }),
    feedbackComment: text('feedback_comment'),
    feedbackAt: timestamp('feedback_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    usageDate: date('usage_date')
      .notNull()
      .default(sql`CURRENT_DATE`),
  },
  (t) => [index('assistant_responses_workspace_date_idx').on(t.workspaceId, t.usageDate)],
)

/** The text fields of a user context (seed 003 UserContext), each editable and shown to the model. */
export const userContextTextFields = [
  'personalBio',
  'workContext',
  'aiPreferences',
  'communicationStyle',
  'decisionMakingStyle',
  'timeManagementStyle',
  'workingHours',
] as const
export const userContextListFields = [
  'longTermGoals',
  'currentChallenges',
  'expertiseAreas',
  'learningObjectives',
  'preferredMeetingTimes',
] as const

/** seed 003 user_contexts: what the assistant knows about a person, per workspace; edited only by that person. */
export const userContexts = pgTable(
  'user_contexts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Plain uuid (identity owns users); null = the machine's own actor (local CLI). */
    userId: uuid('user_id'),
    personalBio: text('personal_bio'),
    workContext: text('work_context'),
    aiPreferences: text('ai_preferences'),
    communicationStyle: text('communication_style'),
    decisionMakingStyle: text('decision_making_style'),
    timeManagementStyle: text('time_management_style'),
    workingHours: text('working_hours'),
    longTermGoals: text('long_term_goals')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    currentChallenges: text('current_challenges')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    expertiseAreas: text('expertise_areas')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    learningObjectives: text('learning_objectives')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    preferredMeetingTimes: text('preferred_meeting_times')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // NULLS NOT DISTINCT: one row for the local actor too.
  (t) => [unique('user_contexts_workspace_user').on(t.workspaceId, t.userId).nullsNotDistinct()],
)

/** seed 001 agent_memory: facts an agent keeps per workspace (and project), with importance 1-10 and expiry. */
export const agentMemories = pgTable(
  'agent_memories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Null = every agent of the workspace (the assistant's shared memory). */
    agentId: uuid('agent_id').references(() => agentConfigs.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    category: text('category').notNull(),
    key: text('key').notNull(),
    content: text('content').notNull(),
    importance: integer('importance').notNull().default(5),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('agent_memories_scope_key').on(t.workspaceId, t.agentId, t.projectId, t.category, t.key).nullsNotDistinct(),
    index('agent_memories_workspace_expires_idx').on(t.workspaceId, t.expiresAt),
    check('agent_memories_importance_range', sql`${t.importance} BETWEEN 1 AND 10`),
  ],
)

export const contextProposalStatuses = ['pending', 'approved', 'rejected'] as const

/** Context updates learned from what a person told the assistant; stored in user_contexts only once approved. */
export const userContextProposals = pgTable(
  'user_context_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: uuid('user_id'),
    /** A user_contexts field (camelCase name, see userContextTextFields / userContextListFields). */
    field: text('field').notNull(),
    value: text('value').notNull(),
    status: text('status', { enum: contextProposalStatuses }).notNull().default('pending'),
    sourceMessageId: uuid('source_message_id').references(() => assistantMessages.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('user_context_proposals_owner_idx').on(t.workspaceId, t.userId, t.status),
    unique('user_context_proposals_once').on(t.workspaceId, t.userId, t.field, t.value).nullsNotDistinct(),
  ],
)
