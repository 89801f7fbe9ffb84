// Ground-truth topics: a person says which topic a message belongs to. Kept apart from the classifier's prediction
// (messages.topic_id), so that neither overwrites the other and experiments can compare them.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import { findExistingMessageIds, getTopicPrediction, loadMessageTexts } from '../messages/index.js'

export const messageTopicViewSchema = z.object({
  messageId: z.string(),
  predicted: z.object({ topicId: z.string().nullable(), confidence: z.number().nullable() }),
  groundTruth: z.object({ topicId: z.string(), labelledBy: z.string(), labelledAt: z.string() }).nullable(),
})
export type MessageTopicView = z.infer<typeof messageTopicViewSchema>

export type LabelledMessage = { messageId: string; content: string; author: string | null; topicId: string }

function actorLabel(ctx: ServiceContext): string {
  return 'userId' in ctx.actor ? ctx.actor.userId : ctx.actor.kind
}

export async function getMessageTopic(ctx: ServiceContext, messageId: string): Promise<MessageTopicView> {
  const predicted = await getTopicPrediction(ctx, messageId)
  if (!predicted) throw new NotFoundError('Message')
  const [label] = await ctx.database.query<{ topic_id: string; labelled_by: string; updated_at: string | Date }>(
    `SELECT topic_id, labelled_by, updated_at FROM message_topic_labels WHERE message_id = $1 AND workspace_id = $2`,
    [messageId, ctx.workspaceId],
  )
  return {
    messageId,
    // float4 column: rounded so 0.9 reads as 0.9, not 0.8999999761581421.
    predicted: {
      topicId: predicted.topicId,
      confidence: predicted.confidence == null ? null : Math.round(predicted.confidence * 1000) / 1000,
    },
    groundTruth: label
      ? { topicId: label.topic_id, labelledBy: label.labelled_by, labelledAt: new Date(label.updated_at).toISOString() }
      : null,
  }
}

/** Sets (or with topicId null, clears) the ground-truth topic of a message. */
export async function setMessageTopicLabel(
  ctx: ServiceContext,
  input: { messageId: string; topicId: string | null },
): Promise<MessageTopicView> {
  const message = await findExistingMessageIds(ctx.database, ctx.workspaceId, [input.messageId])
  if (message.length === 0) throw new NotFoundError('Message')
  if (input.topicId === null) {
    await ctx.database.query(`DELETE FROM message_topic_labels WHERE message_id = $1 AND workspace_id = $2`, [
      input.messageId,
      ctx.workspaceId,
    ])
    return getMessageTopic(ctx, input.messageId)
  }
  const topic = await ctx.database.query(`SELECT 1 FROM topics WHERE id = $1 AND workspace_id = $2`, [input.topicId, ctx.workspaceId])
  if (topic.length === 0) throw new NotFoundError('Topic')
  await ctx.database.query(
    `INSERT INTO message_topic_labels (workspace_id, message_id, topic_id, labelled_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (message_id) DO UPDATE SET topic_id = excluded.topic_id, labelled_by = excluded.labelled_by, updated_at = now()`,
    [ctx.workspaceId, input.messageId, input.topicId, actorLabel(ctx)],
  )
  return getMessageTopic(ctx, input.messageId)
}

/** Messages with a ground-truth topic, newest label first (the sample an experiment runs over). */
export async function listLabelledMessages(
  ctx: ServiceContext,
  input: { limit: number; messageIds?: string[]; topicIds?: string[] },
): Promise<LabelledMessage[]> {
  const params: unknown[] = [ctx.workspaceId, input.limit]
  let where = 'l.workspace_id = $1'
  if (input.messageIds) {
    params.push(JSON.stringify(input.messageIds))
    where += ` AND l.message_id IN (SELECT value::uuid FROM jsonb_array_elements_text($${params.length}::jsonb))`
  }
  if (input.topicIds) {
    params.push(JSON.stringify(input.topicIds))
    where += ` AND l.topic_id IN (SELECT value::uuid FROM jsonb_array_elements_text($${params.length}::jsonb))`
  }
  const labels = await ctx.database.query<{ message_id: string; topic_id: string }>(
    `SELECT l.message_id, l.topic_id FROM message_topic_labels l
     WHERE ${where} ORDER BY l.updated_at DESC, l.message_id LIMIT $2`,
    params,
  )
  const texts = new Map(
    (
      await loadMessageTexts(
        ctx,
        labels.map((l) => l.message_id),
      )
    ).map((m) => [m.id, m]),
  )
  return labels.flatMap((l) => {
    const message = texts.get(l.message_id)
    return message ? [{ messageId: l.message_id, content: message.content, author: message.authorName, topicId: l.topic_id }] : []
  })
}
