// Offline token counting (gpt-tokenizer, o200k) for providers that report no usage and for budget estimates;
// bounded, so a hostile unbroken string costs linear time (src/lib/token-count.ts).
import { countTokensBounded } from '../../lib/token-count.js'

export function estimateTokens(text: string): number {
  return countTokensBounded(text)
}

/** Tokens of a chat prompt: content plus a small per-message overhead (role markers), as OpenAI counts it. */
export function estimateChatTokens(messages: Array<{ role: string; content: string }>): number {
  return messages.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 2)
}
