// Answer suggestions for a support desk (seed 004): when a contact writes in an open Chatwoot conversation and the
// source has `suggestReplies` on, the assistant answers the message from the workspace's past Chatwoot
// conversations (never the conversation itself) and posts the answer, with its sources, as a private note that
// only agents see. Each incoming message gets at most one suggestion, whatever the webhook retries; an answer the
// data does not hold posts nothing.
import type { ServiceContext } from '../../../lib/context.js'
import { answerQuestion, citationPath, type Citation } from '../../assistant/index.js'
import { findConversationId } from '../../messages/index.js'
import { loadConnectedSource, readWatermark, writeWatermark } from '../../sources/index.js'
import type { ConnectedSource } from '../connector.js'
import { chatwootApiFor } from './sync.js'
import type { ChatwootBatch } from './store.js'

const openStatuses = new Set(['open', 'pending'])

function noteText(answer: string, citations: Citation[], publicUrl: string | undefined): string {
  const sources = citations.map(
    (c) => `[${c.n}] ${c.conversationTitle ?? c.sourceType}, ${c.sentAt.slice(0, 10)}${publicUrl ? ` ${publicUrl}${citationPath(c)}` : ''}`,
  )
  return [`💡 Suggested reply (Signalbox, from past conversations — check before sending):`, '', answer, '', 'Sources:', ...sources].join(
    '\n',
  )
}

/** Posts suggestions for the batch's new incoming messages; returns how many notes were posted. */
export async function suggestReplies(ctx: ServiceContext, source: ConnectedSource, batch: ChatwootBatch): Promise<number> {
  if (source.config.suggestReplies !== true) return 0
  const statusOf = new Map(batch.conversations.map((c) => [c.conversationId, c.status]))
  const incoming = batch.messages.filter(
    (m) =>
      m.messageType === 'incoming' &&
      !m.private &&
      m.content.trim().length >= 8 &&
      openStatuses.has(statusOf.get(m.conversationId) ?? 'open'),
  )
  if (incoming.length === 0) return 0
  const { secrets } = await loadConnectedSource(ctx, source.id)
  const api = chatwootApiFor(source, secrets)
  let posted = 0
  for (const message of incoming) {
    const stream = `suggested-reply:${message.conversationId}`
    const last = Number((await readWatermark(ctx, source.id, stream)) ?? 0)
    if (message.messageId <= last) continue
    const conversationId = await findConversationId(ctx, source.id, message.conversationGlobalId)
    const { answer, error } = await answerQuestion(ctx, {
      question: message.content,
      source: 'api',
      filters: { sourceId: source.id, ...(conversationId ? { excludeConversationId: conversationId } : {}) },
      metadata: { chatwootConversationId: message.conversationId, chatwootMessageId: message.messageId },
    })
    if (!error && answer.status === 'complete' && answer.citations.length > 0) {
      await api.createPrivateNote(message.conversationId, noteText(answer.content, answer.citations, ctx.config.publicUrl))
      posted++
    }
    // Marked after the note: a crash in between may post one suggestion twice, never lose one.
    await writeWatermark(ctx, source.id, stream, String(message.messageId))
  }
  return posted
}
