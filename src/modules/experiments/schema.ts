// Tables of the experiments module (seed 0 classification_experiments): a classifier run over labelled messages,
// its summary figures, and one result row per message.
import { boolean, index, integer, jsonb, pgEnum, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../workspaces/schema.js'
import { messages } from '../messages/schema.js'
import { topics } from '../topics/schema.js'

export const experimentStatuses = ['pending', 'running', 'completed', 'failed'] as const
export const experimentStatusEnum = pgEnum('experiment_status', experimentStatuses)

export type TopicSnapshot = { id: string; name: string; description: string; keywords: string[] }
/** confusionMatrix[expectedTopicId][predictedTopicId | 'none'] = count */
export type ConfusionMatrix = Record<string, Record<string, number>>

export const classificationExperiments = pgTable(
  'classification_experiments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** 'local' (the built-in similarity classifier) or 'llm' (runTask through a provider/agent). */
    classifier: text('classifier').notNull(),
    // Seed 0 has provider_id FK llm_providers; kept without a FK here so an experiment's record survives the
    // provider's deletion (and the llm module's tables can evolve independently).
    providerId: uuid('provider_id'),
    agentId: uuid('agent_id'),
    modelName: text('model_name').notNull(),
    messageCount: integer('message_count').notNull(),
    status: experimentStatusEnum('status').notNull().default('pending'),
    topicsSnapshot: jsonb('topics_snapshot').$type<TopicSnapshot[]>().notNull(),
    confusionMatrix: jsonb('confusion_matrix').$type<ConfusionMatrix>(),
    accuracy: real('accuracy'),
    avgConfidence: real('avg_confidence'),
    avgExecutionTimeMs: real('avg_execution_time_ms'),
    errorMessage: text('error_message'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('classification_experiments_workspace_created_idx').on(t.workspaceId, t.createdAt)],
)

/** Seed 0 classification_results, one row per message instead of one JSON list (queryable, no size limit). */
export const classificationExperimentResults = pgTable(
  'classification_experiment_results',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    experimentId: uuid('experiment_id')
      .notNull()
      .references(() => classificationExperiments.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    expectedTopicId: uuid('expected_topic_id').references(() => topics.id, { onDelete: 'set null' }),
    predictedTopicId: uuid('predicted_topic_id').references(() => topics.id, { onDelete: 'set null' }),
    confidence: real('confidence'),
    correct: boolean('correct').notNull(),
    executionTimeMs: real('execution_time_ms').notNull(),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('classification_experiment_results_experiment_idx').on(t.experimentId)],
)
