// What a local task proposal tells its reviewer beside the title: a confidence that means a probability, and a
// "why" line that quotes the evidence instead of a fixed phrase.
import type { RequestKind } from './request-detection.js'
import { truncateAtWord } from './text.js'

/**
 * The request score's precision, measured on the dev lines of the e-mail intent set (2,925 labelled sentences;
 * isotonic bins over the noisy-or score, eval/README.md): sentences scoring 0.5–0.58 were requests 74% of the
 * time, 0.58–0.83 86%, above 97%.
 */
const scorePrecision: Array<[minimumScore: number, precision: number]> = [
  [0.833, 0.97],
  [0.583, 0.86],
  [0.5, 0.74],
  [0, 0.4],
]

export type ConfidenceEvidence = {
  score: number
  kind: RequestKind
  cues: ReadonlySet<string>
  sentence: string
  addressed: boolean
  hasDueDate: boolean
  messageCount: number
  projectKeywordMatched: boolean
}

/**
 * A conversation is not a labelled sentence: advice, bare imperatives and questions are requests less often in
 * chats than in e-mail, and a named assignee or a deadline makes real work likelier. The factors below were set on
 * the dev conversations of eval/extraction, whose reliability table eval:extraction prints.
 */
const uncorroboratedCeiling = 0.75

export function calibratedConfidence(evidence: ConfidenceEvidence): number {
  let confidence = scorePrecision.find(([minimum]) => evidence.score >= minimum)![1]
  const cues = [...evidence.cues]
  const words = evidence.sentence.split(/\s+/).filter(Boolean).length
  if (words < 4) confidence *= 0.6
  if (cues.every((cue) => cue === 'suggestion' || cue === 'imperative')) confidence *= 0.85
  if (evidence.kind === 'commitment') confidence *= 0.9
  if (/\?\s*$/.test(evidence.sentence) && !cues.some((cue) => ['please', 'can-you', 'todo-marker'].includes(cue))) confidence *= 0.85
  if (evidence.addressed) confidence *= 1.05
  if (evidence.hasDueDate) confidence *= 1.05
  if (evidence.messageCount > 1) confidence *= 1.03
  if (evidence.projectKeywordMatched) confidence *= 1.05
  // A polite request to nobody in particular ("Can anyone please simplify…?") scores high on wording alone; in a
  // group conversation it is often a question to the list. Work is likelier with something concrete: someone it
  // is addressed to (or who took it on), a deadline, a to-do marker. Without one, the proposal stays under 0.8.
  const concrete = evidence.addressed || evidence.hasDueDate || evidence.cues.has('todo-marker')
  if (!concrete) confidence = Math.min(confidence, uncorroboratedCeiling)
  return Math.min(0.97, confidence)
}

export type WhyEvidence = {
  author: string | null
  sentence: string
  kind: RequestKind
  cues: string[]
  dueDate: string | null
  priorityCue: string | null
  messageCount: number
  acceptedBy: string | null
  similarTaskId: string | null
}

const verbs: Record<RequestKind, string> = { request: 'asked', todo: 'noted a to-do', commitment: 'committed' }

/** `Ada asked: "can you send the Q3 invoice by Friday?" (cues: can-you, please; due 2026-11-27; priority cue "urgent")` */
export function whyLine(evidence: WhyEvidence): string {
  const quote = truncateAtWord(evidence.sentence.replace(/\s+/g, ' ').trim(), 160)
  const details = [
    `cues: ${evidence.cues.join(', ')}`,
    evidence.dueDate ? `due ${evidence.dueDate.slice(0, 10)}` : null,
    evidence.priorityCue ? `priority cue "${evidence.priorityCue}"` : null,
    evidence.messageCount > 1 ? `${evidence.messageCount} messages` : null,
    evidence.acceptedBy ? `${evidence.acceptedBy} took it on` : null,
    evidence.similarTaskId ? `resembles existing task ${evidence.similarTaskId}` : null,
  ].filter(Boolean)
  return `${evidence.author ?? 'Someone'} ${verbs[evidence.kind]}: "${quote}" (${details.join('; ')})`
}
