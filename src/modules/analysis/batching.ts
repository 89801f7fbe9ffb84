// Splits a run's messages into batches for the model: one conversation per batch, a new batch after a quiet gap,
// and never more tokens than the budget (a single message longer than the budget is truncated, not dropped).
import { estimateTokens } from '../llm/index.js'
import type { RunWindowMessage } from '../messages/index.js'

export type Batch = { index: number; conversationId: string; messages: RunWindowMessage[]; tokens: number }
export type BatchingOptions = { tokenBudget: number; gapMinutes: number }

export const defaultBatching: BatchingOptions = { tokenBudget: 6000, gapMinutes: 180 }
/** Per-message framing the prompt adds (id, author, time). */
const perMessageOverhead = 24

export function messageTokens(message: RunWindowMessage): number {
  return estimateTokens(message.content) + perMessageOverhead
}

function truncateToBudget(message: RunWindowMessage, budget: number): RunWindowMessage {
  // Tokens are ~4 characters; cut by characters then check, since counting every prefix would be slow.
  let content = message.content.slice(0, Math.max(200, (budget - perMessageOverhead) * 4))
  while (content.length > 200 && estimateTokens(content) + perMessageOverhead > budget)
    content = content.slice(0, Math.floor(content.length * 0.8))
  return { ...message, content }
}

/** Messages must come ordered by conversation, then time (loadRunWindowMessages' order). */
export function batchMessages(messages: RunWindowMessage[], options: BatchingOptions = defaultBatching): Batch[] {
  const batches: Batch[] = []
  let current: Batch | null = null
  let lastAt = 0
  for (const original of messages) {
    let message = original
    let tokens = messageTokens(message)
    if (tokens > options.tokenBudget) {
      message = truncateToBudget(message, options.tokenBudget)
      tokens = messageTokens(message)
    }
    const at = Date.parse(message.sentAt)
    const startNew =
      !current ||
      current.conversationId !== message.conversationId ||
      at - lastAt > options.gapMinutes * 60_000 ||
      current.tokens + tokens > options.tokenBudget
    if (startNew) {
      current = { index: batches.length, conversationId: message.conversationId, messages: [], tokens: 0 }
      batches.push(current)
    }
    current!.messages.push(message)
    current!.tokens += tokens
    lastAt = at
  }
  return batches
}
