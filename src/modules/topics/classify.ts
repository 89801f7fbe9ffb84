// Classifies messages into the workspace's topics and stores the prediction on the messages (through the message
// store). A model assigned to the topic_classification task answers when there is one; otherwise the local classifier,
// which also learns from ground-truth labels: labelled messages are added to their topic's text as examples.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import type { RawRow } from '../../db/raw-row.js'
import { ValidationError } from '../../lib/errors.js'
import type { BuiltinTaskInput, BuiltinTaskOutput } from '../llm/index.js'
import { forEachMessagePage, loadMessageTexts, writeTopicPredictions, type MessageSelection } from '../messages/index.js'
import { classifyTopicsLocally } from './local-classifier.js'
import { classifyWithModel } from './model-classification.js'
import type { topics as topicsTable } from './schema.js'

type TopicForClassifier = BuiltinTaskInput<'topic_classification'>['topics'][number]

export const classifyMessagesResultSchema = z.object({
  classified: z.number().int(),
  assigned: z.number().int(),
  unassigned: z.number().int(),
  /** Spam and noise are not classified unless includeNoise is set. */
  skipped: z.number().int(),
  classifier: z.enum(['local', 'model']),
})
export type ClassifyMessagesResult = z.infer<typeof classifyMessagesResultSchema>

const batchSize = 100
const examplesPerTopic = 20
const exampleMaxChars = 500

/** The workspace's topics in the classifier's input shape, or [] when it has none. */
export async function topicsForClassifier(ctx: ServiceContext): Promise<TopicForClassifier[]> {
  const rows = await ctx.database.query<Pick<RawRow<typeof topicsTable>, 'id' | 'name' | 'description' | 'keywords'>>(
    `SELECT id, name, description, keywords FROM topics WHERE workspace_id = $1 ORDER BY lower(name)`,
    [ctx.workspaceId],
  )
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, keywords: r.keywords ?? [] }))
}

/**
 * Topics for the local classifier: each description extended with up to 20 recently labelled messages of that topic.
 * `excludeMessageIds` keeps the messages being evaluated out of their own examples (experiments).
 */
export async function topicsWithLabelledExamples(
  ctx: ServiceContext,
  topics: TopicForClassifier[],
  excludeMessageIds: string[] = [],
): Promise<TopicForClassifier[]> {
  if (topics.length === 0) return topics
  // Labels cascade away with their message, so every label's message exists.
  const labels = await ctx.database.query<{ topic_id: string; message_id: string }>(
    `SELECT topic_id, message_id FROM (
       SELECT l.topic_id, l.message_id, l.updated_at,
              row_number() OVER (PARTITION BY l.topic_id ORDER BY l.updated_at DESC) AS n
       FROM message_topic_labels l
       WHERE l.workspace_id = $1
         AND l.message_id NOT IN (SELECT value::uuid FROM jsonb_array_elements_text($3::jsonb))
     ) x WHERE n <= $2 ORDER BY topic_id, updated_at DESC`,
    [ctx.workspaceId, examplesPerTopic, JSON.stringify(excludeMessageIds)],
  )
  const texts = new Map(
    (
      await loadMessageTexts(
        ctx,
        labels.map((l) => l.message_id),
        exampleMaxChars,
      )
    ).map((m) => [m.id, m.content]),
  )
  const examples = new Map<string, string[]>()
  for (const label of labels) {
    const content = texts.get(label.message_id)
    if (content !== undefined) examples.set(label.topic_id, [...(examples.get(label.topic_id) ?? []), content])
  }
  return topics.map((t) => ({
    ...t,
    description: [t.description ?? '', ...(examples.get(t.id) ?? [])].filter(Boolean).join('\n'),
  }))
}

/** Predicts topics for a batch: the assigned model when there is one, else the local classifier. */
export async function predictTopics(
  ctx: ServiceContext,
  input: {
    topics: TopicForClassifier[]
    localTopics: TopicForClassifier[]
    messages: BuiltinTaskInput<'topic_classification'>['messages']
  },
): Promise<{ output: BuiltinTaskOutput<'topic_classification'>; classifier: 'local' | 'model' }> {
  try {
    const fromModel = await classifyWithModel(ctx, { topics: input.topics, messages: input.messages })
    if (fromModel) return { output: fromModel.output, classifier: 'model' }
  } catch (error) {
    ctx.log.warn({ err: (error as Error).message }, 'topic classification by model failed; using the local classifier')
  }
  return { output: await classifyTopicsLocally({ topics: input.localTopics, messages: input.messages }), classifier: 'local' }
}

export async function classifyMessages(
  ctx: ServiceContext,
  selection: MessageSelection & { includeNoise?: boolean },
): Promise<ClassifyMessagesResult> {
  if (!selection.messageIds && !selection.conversationId) {
    throw new ValidationError('Give messageIds or conversationId', [{ path: 'messageIds', message: 'required' }])
  }
  const topics = await topicsForClassifier(ctx)
  if (topics.length === 0) {
    throw new ValidationError('This workspace has no topics yet: create some first', [{ path: 'topics', message: 'none defined' }])
  }
  const localTopics = await topicsWithLabelledExamples(ctx, topics)
  const result: ClassifyMessagesResult = { classified: 0, assigned: 0, unassigned: 0, skipped: 0, classifier: 'local' }
  await forEachMessagePage(ctx, selection, batchSize, async (page) => {
    const batch = selection.includeNoise ? page : page.filter((m) => m.analysisStatus !== 'spam' && m.analysisStatus !== 'noise')
    result.skipped += page.length - batch.length
    if (batch.length === 0) return
    const { output, classifier } = await predictTopics(ctx, {
      topics,
      localTopics,
      messages: batch.map((m) => ({ id: m.id, author: m.author, isBot: m.isBot, sentAt: m.sentAt, content: m.content })),
    })
    result.classifier = classifier
    const known = new Set(batch.map((m) => m.id))
    const rows = output.results
      .filter((r) => known.has(r.id))
      .map((r) => ({ id: r.id, topicId: r.topic_id, confidence: r.topic_id ? r.confidence : null }))
    result.classified += await writeTopicPredictions(ctx, rows)
    result.assigned += rows.filter((r) => r.topicId).length
  })
  result.unassigned = result.classified - result.assigned
  return result
}
