// The assistant's prompt: instructions, the user's context, numbered passages inside a <data> block and the
// thread's recent turns, fitted to the model's context window (passages first, then history newest-first).
import { estimateTokens, type ChatMessage } from '../llm/index.js'
import type { Passage } from './retrieval.js'

export const noAnswerText = "I couldn't find anything in your data that answers this."

const instructions = [
  "You answer questions about the user's own conversations and documents, using only the numbered passages below.",
  'Cite every claim with the passage number in square brackets, like [1] or [2][3]. Never cite a number that is not listed.',
  `If the passages do not contain the answer, reply exactly: ${noAnswerText}`,
  'Be brief and plain. Do not mention the passages themselves, only cite them.',
].join('\n')

export type PromptLimits = { contextWindow: number | null; maxOutputTokens: number | null }
export type HistoryTurn = { role: 'user' | 'assistant'; content: string }

export type BuiltPrompt = { messages: ChatMessage[]; passages: Passage[]; historyTurns: number; promptTokens: number }

/** Context assumed for models the catalog does not size; small enough for any current chat model. */
const defaultContextWindow = 8192
const defaultOutputTokens = 1000
/** The agent's own system prompt and the data guard are added by the LLM layer: room kept for them. */
const reservedForAgentPrompt = 400
const maximumHistoryTurns = 8
/** History never takes more than this share of what is left after the instructions and question. */
const historyShare = 0.25

export function buildAnswerPrompt(input: {
  question: string
  passages: Passage[]
  history: HistoryTurn[]
  userContext?: string | null
  /** Agent memory facts relevant to the question. */
  memories?: string | null
  limits: PromptLimits
}): BuiltPrompt {
  const budget =
    (input.limits.contextWindow ?? defaultContextWindow) - (input.limits.maxOutputTokens ?? defaultOutputTokens) - reservedForAgentPrompt
  const system = [
    instructions,
    input.userContext ? `About the person asking (use it to tailor the answer):\n${input.userContext}` : null,
    input.memories ? `Facts you keep for this workspace (background, not citable):\n${input.memories}` : null,
  ]
    .filter(Boolean)
    .join('\n\n')
  let remaining = budget - estimateTokens(system) - estimateTokens(input.question) - 40
  const recent = input.history.slice(-maximumHistoryTurns)
  const historyTokens = recent.map((turn) => estimateTokens(turn.content) + 4)
  const historyReserve = Math.min(
    historyTokens.reduce((a, b) => a + b, 0),
    Math.floor(Math.max(0, remaining) * historyShare),
  )

  const passages: Passage[] = []
  let passageRoom = remaining - historyReserve
  for (const passage of input.passages) {
    const cost = estimateTokens(passageLine(passage)) + 2
    if (cost > passageRoom) break
    passages.push(passage)
    passageRoom -= cost
  }
  // What the passages left over goes to history too.
  remaining = historyReserve + passageRoom

  // Newest turns first, as many as fit.
  const kept: HistoryTurn[] = []
  for (let i = recent.length - 1; i >= 0; i--) {
    if (historyTokens[i] > remaining) break
    kept.unshift(recent[i])
    remaining -= historyTokens[i]
  }

  const data = passages.length
    ? `<data name="passages">\n${passages
        .map(passageLine)
        .join('\n')
        .replace(/<\/(data)/gi, '<\\/$1')}\n</data>`
    : '<data name="passages">\n(no passages found)\n</data>'
  const messages: ChatMessage[] = [
    { role: 'system', content: `${system}\n\n${data}` },
    ...kept.map((turn) => ({ role: turn.role, content: turn.content })),
    { role: 'user', content: input.question },
  ]
  const promptTokens = messages.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 2)
  return { messages, passages, historyTurns: kept.length, promptTokens }
}

function passageLine(passage: Passage): string {
  const { hit } = passage
  const who = hit.author?.displayName ? `${hit.author.displayName}` : 'unknown'
  const section = hit.chunk.headingPath ? `, section "${hit.chunk.headingPath}"` : ''
  const where = `${hit.conversationTitle ?? hit.sourceType}${section}`
  return `[${passage.n}] ${who} in ${where}, ${hit.sentAt.slice(0, 10)}: ${passage.text}`
}
