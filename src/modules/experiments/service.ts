// Classification experiments (seed 0): create one over N messages with ground-truth topics, run it inline when small
// or as a job, and read it back with its per-message results and per-topic figures.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError, ValidationError } from '../../lib/errors.js'
import { listLabelledMessages, topicsForClassifier } from '../topics/index.js'
import { findAgent } from '../llm/index.js'
import { and, asc, desc, eq } from 'drizzle-orm'
import { classificationExperimentResults, classificationExperiments, type TopicSnapshot } from './schema.js'
import { perTopicMetrics } from './metrics.js'
import { runExperiment } from './run-experiment.js'

export type CreateExperimentInput = {
  classifier: 'local' | 'model'
  /** With classifier 'model': the agent whose provider/model answers (else the one assigned to topic_classification). */
  agentId?: string
  providerId?: string
  modelName?: string
  /** How many labelled messages (newest labels first); ignored when messageIds is given. */
  messageCount?: number
  messageIds?: string[]
  /** Run in the request even when large (the CLI without a server does this). */
  inline?: boolean
}

export const experimentResultViewSchema = z.object({
  messageId: z.string().nullable(),
  expectedTopicId: z.string().nullable(),
  predictedTopicId: z.string().nullable(),
  confidence: z.number().nullable(),
  correct: z.boolean(),
  executionTimeMs: z.number(),
})
export type ExperimentResultView = z.infer<typeof experimentResultViewSchema>

export const experimentViewSchema = z.object({
  id: z.string(),
  classifier: z.string(),
  providerId: z.string().nullable(),
  agentId: z.string().nullable(),
  modelName: z.string(),
  messageCount: z.number().int(),
  status: z.enum(['pending', 'running', 'completed', 'failed']),
  topicsSnapshot: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), keywords: z.array(z.string()) })),
  accuracy: z.number().nullable(),
  avgConfidence: z.number().nullable(),
  avgExecutionTimeMs: z.number().nullable(),
  /** confusionMatrix[expectedTopicId][predictedTopicId | 'none'] = count */
  confusionMatrix: z.record(z.string(), z.record(z.string(), z.number())).nullable(),
  perTopic: z.array(
    z.object({
      topicId: z.string(),
      name: z.string(),
      support: z.number(),
      predicted: z.number(),
      precision: z.number().nullable(),
      recall: z.number().nullable(),
    }),
  ),
  errorMessage: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
  results: z.array(experimentResultViewSchema).optional(),
})
export type ExperimentView = z.infer<typeof experimentViewSchema>

/** Up to this many messages run inside the request; more go to the experiments.run job. */
export const inlineLimit = 200
export const maxExperimentMessages = 5000
export const runExperimentJobName = 'experiments.run'

const iso = (v: Date | null) => v?.toISOString() ?? null
/** The columns are float4: 1/3 comes back as 0.3333333432674408, so figures are rounded for people. */
const rounded = (v: number | null, digits = 4) => (v == null ? null : Math.round(v * 10 ** digits) / 10 ** digits)

function toView(r: typeof classificationExperiments.$inferSelect): ExperimentView {
  const snapshot: TopicSnapshot[] = r.topicsSnapshot ?? []
  const names = new Map(snapshot.map((t) => [t.id, t.name]))
  return {
    id: r.id,
    classifier: r.classifier,
    providerId: r.providerId,
    agentId: r.agentId,
    modelName: r.modelName,
    messageCount: r.messageCount,
    status: r.status,
    topicsSnapshot: snapshot,
    accuracy: rounded(r.accuracy),
    avgConfidence: rounded(r.avgConfidence),
    avgExecutionTimeMs: rounded(r.avgExecutionTimeMs, 3),
    confusionMatrix: r.confusionMatrix,
    perTopic: r.confusionMatrix
      ? perTopicMetrics(
          r.confusionMatrix,
          snapshot.map((t) => t.id),
        ).map((m) => ({ ...m, name: names.get(m.topicId) ?? m.topicId }))
      : [],
    errorMessage: r.errorMessage,
    startedAt: iso(r.startedAt),
    completedAt: iso(r.completedAt),
    createdAt: r.createdAt.toISOString(),
  }
}

export async function createExperiment(ctx: ServiceContext, input: CreateExperimentInput): Promise<ExperimentView> {
  if (input.classifier === 'local' && (input.agentId || input.providerId)) {
    throw new ValidationError('The local classifier takes no agent or provider', [
      { path: 'agentId', message: 'only with classifier "model"' },
    ])
  }
  const topics = await topicsForClassifier(ctx)
  if (topics.length === 0) throw new ValidationError('This workspace has no topics', [{ path: 'topics', message: 'none defined' }])
  const limit = input.messageIds?.length ?? input.messageCount ?? 100
  const sample = await listLabelledMessages(ctx, { limit, messageIds: input.messageIds })
  if (sample.length === 0) {
    throw new ValidationError('No messages with a ground-truth topic: label some with PUT /api/v1/messages/:id/topic', [
      { path: input.messageIds ? 'messageIds' : 'messageCount', message: 'no labelled messages' },
    ])
  }
  let providerId = input.providerId ?? null
  let modelName = input.modelName ?? (input.classifier === 'local' ? 'local-tfidf' : 'assigned')
  if (input.agentId) {
    const agent = await findAgent(ctx, input.agentId)
    if (!agent) throw new NotFoundError('Agent')
    providerId ??= agent.providerId
    modelName = input.modelName ?? agent.modelName
  }
  const snapshot: TopicSnapshot[] = topics.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description ?? '',
    keywords: t.keywords ?? [],
  }))
  const created = await ctx.database.query<{ id: string }>(
    `INSERT INTO classification_experiments (workspace_id, classifier, provider_id, agent_id, model_name, message_count, topics_snapshot)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING id`,
    [ctx.workspaceId, input.classifier, providerId, input.agentId ?? null, modelName, sample.length, JSON.stringify(snapshot)],
  )
  const id = created[0].id
  const messageIds = sample.map((m) => m.messageId)
  if (input.inline || !ctx.queue || (input.classifier === 'local' && sample.length <= inlineLimit)) {
    await runExperiment(ctx, id, messageIds)
  } else {
    await ctx.queue.send(runExperimentJobName, { workspaceId: ctx.workspaceId, experimentId: id, messageIds })
  }
  return getExperiment(ctx, id)
}

export async function getExperiment(ctx: ServiceContext, id: string, options: { withResults?: boolean } = {}): Promise<ExperimentView> {
  const [row] = await ctx.database.db
    .select()
    .from(classificationExperiments)
    .where(and(eq(classificationExperiments.id, id), eq(classificationExperiments.workspaceId, ctx.workspaceId)))
  if (!row) throw new NotFoundError('Experiment')
  const view = toView(row)
  if (options.withResults) {
    const results = await ctx.database.db
      .select()
      .from(classificationExperimentResults)
      .where(and(eq(classificationExperimentResults.experimentId, id), eq(classificationExperimentResults.workspaceId, ctx.workspaceId)))
      .orderBy(asc(classificationExperimentResults.createdAt), asc(classificationExperimentResults.id))
    view.results = results.map((r) => ({
      messageId: r.messageId,
      expectedTopicId: r.expectedTopicId,
      predictedTopicId: r.predictedTopicId,
      confidence: rounded(r.confidence),
      correct: r.correct,
      executionTimeMs: rounded(r.executionTimeMs, 3)!,
    }))
  }
  return view
}

export async function listExperiments(ctx: ServiceContext, input: { limit: number }): Promise<ExperimentView[]> {
  const rows = await ctx.database.db
    .select()
    .from(classificationExperiments)
    .where(eq(classificationExperiments.workspaceId, ctx.workspaceId))
    .orderBy(desc(classificationExperiments.createdAt), desc(classificationExperiments.id))
    .limit(input.limit)
  return rows.map(toView)
}
