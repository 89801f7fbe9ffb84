// Runs one classification experiment: the local classifier or a model over messages with ground-truth topics,
// one result row per message, then the summary figures. Safe to run twice (a retried job starts the results afresh).
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import { classifyTopicsLocally, listLabelledMessages, topicsWithLabelledExamples, type LabelledMessage } from '../topics/index.js'
import { classifyWithModel, topicsForClassifier } from '../topics/index.js'
import type { TopicSnapshot } from './schema.js'
import { summariseOutcomes, type Outcome } from './metrics.js'

type ExperimentRow = { id: string; classifier: string; agent_id: string | null; topics_snapshot: TopicSnapshot[] }

/** A model is asked about this many messages per call; each message's time is the call's time shared out. */
const modelBatchSize = 20

export async function runExperiment(ctx: ServiceContext, experimentId: string, sampleMessageIds: string[]): Promise<void> {
  const rows = await ctx.database.query<ExperimentRow>(
    `SELECT id, classifier, agent_id, topics_snapshot FROM classification_experiments WHERE id = $1 AND workspace_id = $2`,
    [experimentId, ctx.workspaceId],
  )
  const experiment = rows[0]
  if (!experiment) throw new NotFoundError('Experiment')
  await ctx.database.query(`DELETE FROM classification_experiment_results WHERE experiment_id = $1`, [experimentId])
  await ctx.database.query(
    `UPDATE classification_experiments SET status = 'running', started_at = now(), updated_at = now(), error_message = NULL WHERE id = $1`,
    [experimentId],
  )
  try {
    const sample = await listLabelledMessages(ctx, { limit: sampleMessageIds.length, messageIds: sampleMessageIds })
    const outcomes =
      experiment.classifier === 'local'
        ? await classifyLocally(ctx, experiment.topics_snapshot, sample)
        : await classifyByModel(ctx, experiment, sample)
    await storeResults(ctx, experimentId, sample, outcomes)
    const summary = summariseOutcomes(outcomes)
    await ctx.database.query(
      `UPDATE classification_experiments SET status = 'completed', completed_at = now(), updated_at = now(),
         message_count = $2, accuracy = $3, avg_confidence = $4, avg_execution_time_ms = $5, confusion_matrix = $6::jsonb
       WHERE id = $1`,
      [
        experimentId,
        outcomes.length,
        summary.accuracy,
        summary.avgConfidence,
        summary.avgExecutionTimeMs,
        JSON.stringify(summary.confusionMatrix),
      ],
    )
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    ctx.log.warn({ experimentId, err: message }, 'classification experiment failed')
    await ctx.database.query(
      `UPDATE classification_experiments SET status = 'failed', completed_at = now(), updated_at = now(), error_message = $2 WHERE id = $1`,
      [experimentId, message],
    )
  }
}

async function classifyLocally(ctx: ServiceContext, topics: TopicSnapshot[], sample: LabelledMessage[]): Promise<Outcome[]> {
  // Labelled examples make the local classifier better, but a message must never be an example of itself.
  const withExamples = await topicsWithLabelledExamples(
    ctx,
    topics,
    sample.map((m) => m.messageId),
  )
  const outcomes: Outcome[] = []
  for (const message of sample) {
    const started = performance.now()
    const { results } = await classifyTopicsLocally({
      topics: withExamples,
      messages: [{ id: message.messageId, content: message.content }],
    })
    const executionTimeMs = performance.now() - started
    const result = results[0]
    outcomes.push({
      expectedTopicId: message.topicId,
      predictedTopicId: result?.topic_id ?? null,
      confidence: result?.topic_id ? result.confidence : null,
      executionTimeMs,
    })
  }
  return outcomes
}

async function classifyByModel(ctx: ServiceContext, experiment: ExperimentRow, sample: LabelledMessage[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = []
  const knownTopics = new Set(experiment.topics_snapshot.map((t) => t.id))
  let modelName: string | null = null
  for (let start = 0; start < sample.length; start += modelBatchSize) {
    const batch = sample.slice(start, start + modelBatchSize)
    const started = performance.now()
    const answer = await classifyWithModel(
      ctx,
      { topics: experiment.topics_snapshot, messages: batch.map((m) => ({ id: m.messageId, author: m.author, content: m.content })) },
      { agentId: experiment.agent_id ?? undefined, purpose: 'experiment' },
    )
    if (!answer) throw new Error('No model is available for topic_classification: assign an agent to it or give agentId')
    const output = answer.output
    modelName = answer.model
    const perMessageMs = (performance.now() - started) / batch.length
    const byId = new Map(output.results.map((r) => [r.id, r]))
    for (const message of batch) {
      const result = byId.get(message.messageId)
      // An answer naming no topic of the snapshot counts as "no topic".
      const predicted = result?.topic_id && knownTopics.has(result.topic_id) ? result.topic_id : null
      outcomes.push({
        expectedTopicId: message.topicId,
        predictedTopicId: predicted,
        confidence: predicted ? result!.confidence : null,
        executionTimeMs: perMessageMs,
      })
    }
  }
  // The model that actually answered (the agent's), recorded on the experiment.
  if (modelName) {
    await ctx.database.query(`UPDATE classification_experiments SET model_name = $2 WHERE id = $1`, [experiment.id, modelName])
  }
  return outcomes
}

async function storeResults(ctx: ServiceContext, experimentId: string, sample: LabelledMessage[], outcomes: Outcome[]) {
  if (outcomes.length === 0) return
  // A topic deleted since the snapshot is stored as null (the FK), the outcome figures keep its id. The topics
  // module owns that table, so the live ids come from it rather than from a join here.
  const liveTopicIds = new Set((await topicsForClassifier(ctx)).map((t) => t.id))
  const rows = outcomes.map((o, i) => ({
    message_id: sample[i].messageId,
    expected_topic_id: o.expectedTopicId,
    predicted_topic_id: o.predictedTopicId && liveTopicIds.has(o.predictedTopicId) ? o.predictedTopicId : null,
    confidence: o.confidence,
    correct: o.predictedTopicId === o.expectedTopicId,
    execution_time_ms: o.executionTimeMs,
  }))
  await ctx.database.query(
    `INSERT INTO classification_experiment_results
       (workspace_id, experiment_id, message_id, expected_topic_id, predicted_topic_id, confidence, correct, execution_time_ms)
     SELECT $1, $2, r.message_id, r.expected_topic_id, r.predicted_topic_id, r.confidence, r.correct, r.execution_time_ms
     FROM jsonb_to_recordset($3::jsonb) AS r(message_id uuid, expected_topic_id uuid, predicted_topic_id uuid,
       confidence real, correct boolean, execution_time_ms real)`,
    [ctx.workspaceId, experimentId, JSON.stringify(rows)],
  )
}
