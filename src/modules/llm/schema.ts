// Tables of the llm module: providers, model catalog, agents, task configs, call log and budgets
// (seed 0 llm_providers/agent_configs/task_configs/agent_task_assignments, seed 1 agents/budget_limits/token_usage,
// seed 2 llm_models/ai_call_log, seed 3 ai_responses). Re-exported by src/db/schema.ts for drizzle-kit.
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  real,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'
import { workspaces } from '../workspaces/schema.js'

export const providerTypes = ['openai', 'openai_compatible', 'ollama', 'local'] as const
export const providerTypeEnum = pgEnum('llm_provider_type', providerTypes)
export const validationStatuses = ['pending', 'validating', 'connected', 'error'] as const
export const validationStatusEnum = pgEnum('llm_validation_status', validationStatuses)

/** seed 0 llm_providers; the API key is an encryptSecret() value (key id inside), never returned. */
export const llmProviders = pgTable(
  'llm_providers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    type: providerTypeEnum('type').notNull(),
    baseUrl: text('base_url'),
    apiKeyEncrypted: text('api_key_encrypted'),
    isActive: boolean('is_active').notNull().default(true),
    validationStatus: validationStatusEnum('validation_status').notNull().default('pending'),
    validationError: text('validation_error'),
    validatedAt: timestamp('validated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('llm_providers_workspace_name').on(t.workspaceId, t.name)],
)

/** seed 2 llm_models: prices per 1M tokens and capabilities; seeded per workspace on first use, editable. */
export const llmModels = pgTable(
  'llm_models',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    modelId: text('model_id').notNull(),
    vendor: text('vendor').notNull(),
    name: text('name').notNull(),
    contextWindow: integer('context_window'),
    maxOutputTokens: integer('max_output_tokens'),
    inputCostPerM: doublePrecision('input_cost_per_m').notNull().default(0),
    outputCostPerM: doublePrecision('output_cost_per_m').notNull().default(0),
    supportsTools: boolean('supports_tools').notNull().default(false),
    supportsVision: boolean('supports_vision').notNull().default(false),
    supportsJsonSchema: boolean('supports_json_schema').notNull().default(false),
    /** Added because a call used a model the catalog did not know: priced at zero until someone edits it. */
    isUnknown: boolean('is_unknown').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('llm_models_workspace_model').on(t.workspaceId, t.modelId)],
)

export const agentRoles = [
  'orchestrator',
  'architect',
  'coder',
  'tester',
  'reviewer',
  'analyst',
  'classifier',
  'assistant',
  'transcriber',
] as const
export type AgentRole = (typeof agentRoles)[number]

/** seed 0 agent_configs merged with seed 1 agents (role). provider_id null = the local provider. */
export const agentConfigs = pgTable(
  'agent_configs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role', { enum: agentRoles }).notNull().default('analyst'),
    providerId: uuid('provider_id').references(() => llmProviders.id, { onDelete: 'set null' }),
    modelName: text('model_name').notNull(),
    systemPrompt: text('system_prompt').notNull().default(''),
    description: text('description'),
    temperature: real('temperature').notNull().default(0.7),
    maxTokens: integer('max_tokens'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('agent_configs_workspace_name').on(t.workspaceId, t.name)],
)

/** seed 0 task_configs plus the prompt template; builtin_key marks the six built-in tasks. */
export const taskConfigs = pgTable(
  'task_configs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    builtinKey: text('builtin_key'),
    promptTemplate: text('prompt_template').notNull(),
    responseSchema: jsonb('response_schema').$type<Record<string, unknown>>().notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('task_configs_workspace_name').on(t.workspaceId, t.name)],
)

export const agentTaskAssignments = pgTable(
  'agent_task_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agentConfigs.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id')
      .notNull()
      .references(() => taskConfigs.id, { onDelete: 'cascade' }),
    isActive: boolean('is_active').notNull().default(true),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('uq_agent_task').on(t.agentId, t.taskId)],
)

export const callStatuses = ['ok', 'error', 'invalid_output', 'cancelled', 'blocked'] as const

/**
 * seed 2 ai_call_log + seed 1 token_usage + seed 3 ai_responses in one table: every call, local ones included.
 * Links are plain uuids (no foreign keys) so that deleting a run or message keeps the cost history.
 */
export const aiCallLog = pgTable(
  'ai_call_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    providerId: uuid('provider_id'),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    agentId: uuid('agent_id'),
    agentRole: text('agent_role'),
    taskName: text('task_name'),
    purpose: text('purpose').notNull(),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    tokensCounted: boolean('tokens_counted').notNull().default(false),
    costUsd: doublePrecision('cost_usd').notNull().default(0),
    latencyMs: integer('latency_ms').notNull().default(0),
    attempts: integer('attempts').notNull().default(1),
    cached: boolean('cached').notNull().default(false),
    status: text('status', { enum: callStatuses }).notNull(),
    error: text('error'),
    runId: uuid('run_id'),
    conversationId: uuid('conversation_id'),
    messageId: uuid('message_id'),
    taskId: uuid('task_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    usageDate: date('usage_date').notNull(),
  },
  (t) => [
    index('ai_call_log_workspace_date_idx').on(t.workspaceId, t.usageDate),
    index('ai_call_log_created_idx').on(t.createdAt),
    index('ai_call_log_agent_idx').on(t.agentId),
  ],
)

export const budgetScopes = ['global', 'workspace', 'agent', 'agent_role'] as const
export const budgetPeriods = ['daily', 'weekly', 'monthly'] as const
export const budgetActions = ['warn', 'block'] as const

/** seed 1 budget_limits ('project' scope becomes 'workspace', 'agent_type' becomes 'agent_role'). */
export const budgetLimits = pgTable(
  'budget_limits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    scopeType: text('scope_type', { enum: budgetScopes }).notNull(),
    scopeAgentId: uuid('scope_agent_id').references(() => agentConfigs.id, { onDelete: 'cascade' }),
    scopeAgentRole: text('scope_agent_role'),
    amountUsd: doublePrecision('amount_usd').notNull(),
    period: text('period', { enum: budgetPeriods }).notNull(),
    alertThreshold: real('alert_threshold').notNull().default(0.8),
    actionOnExceed: text('action_on_exceed', { enum: budgetActions }).notNull().default('warn'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('budget_limits_scope_idx').on(t.scopeType, t.workspaceId)],
)

/** One row per budget, period and threshold crossed: the "warn once per period and threshold" memory. */
export const budgetAlerts = pgTable(
  'budget_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    budgetId: uuid('budget_id')
      .notNull()
      .references(() => budgetLimits.id, { onDelete: 'cascade' }),
    periodStart: date('period_start').notNull(),
    threshold: real('threshold').notNull(),
    spentUsd: doublePrecision('spent_usd').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('budget_alerts_once').on(t.budgetId, t.periodStart, t.threshold)],
)
