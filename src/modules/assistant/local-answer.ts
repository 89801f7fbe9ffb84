// The no-API-key answer: the local analyser's extractive answer_with_citations task, run through the LLM call path
// (so it is logged and budgeted like any call), with passages numbered as the remote prompt numbers them.
import type { ServiceContext } from '../../lib/context.js'
import { runTask } from '../llm/index.js'
import type { Passage } from './retrieval.js'

/** Below this the extractive answer covers too little of the question to count as an answer (tuned on the
 * SciFact dev split with eval/assistant.ts: off-collection questions decline, on-collection claims answer). */
export const localConfidenceThreshold = 0.3

export type LocalAnswer = {
  /** Null when the extract covers too little of the question (confidence below the threshold) or cites nothing. */
  text: string | null
  confidence: number
  quotes: Map<number, string>
  call: { callId: string; provider: string; model: string; tokensIn: number; tokensOut: number; costUsd: number; latencyMs: number }
}

export async function answerLocally(
  ctx: ServiceContext,
  input: { question: string; passages: Passage[]; signal?: AbortSignal; confidenceThreshold?: number },
): Promise<LocalAnswer> {
  const result = await runTask(ctx, {
    task: 'answer_with_citations',
    input: { question: input.question, passages: input.passages.map((p) => ({ id: String(p.n), text: p.text })) },
    purpose: 'assistant',
    signal: input.signal,
  })
  const { answer, citations, confidence } = result.output
  const quotes = new Map<number, string>()
  for (const citation of citations) if (citation.quote) quotes.set(Number(citation.passage_id), citation.quote)
  const { output: _output, ...call } = result
  const threshold = input.confidenceThreshold ?? localConfidenceThreshold
  return { text: citations.length > 0 && confidence >= threshold ? answer : null, confidence, quotes, call }
}

/** Splits a finished answer into small pieces so that a local answer streams like a remote one. */
export function streamPieces(text: string): string[] {
  return text.match(/\S+\s*/g) ?? []
}
