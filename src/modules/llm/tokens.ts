// Offline token counting (gpt-tokenizer, o200k) for providers that report no usage and for budget estimates.
import { countTokens } from 'gpt-tokenizer'

export function estimateTokens(text: string): number {
  if (!text) return 0
  return countTokens(text)
}

/** Tokens of a chat prompt: content plus a small per-message overhead (role markers), as OpenAI counts it. */
export function estimateChatTokens(messages: Array<{ role: string; content: string }>): number {
  return messages.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 2)
}
