// The local answer to `meeting_summary`: extractive, no model. The summary is the transcript's own most central
// sentences (scored by how many sentences share their terms) in spoken order, within a word budget; decisions are
// sentences with decision cues; action items are sentences the request rules score as requests or commitments,
// assigned to the speaker for "I'll ..." and to a named attendee for "Anna, can you ..."; topics are the most
// frequent content words. It writes nothing it did not find in the transcript.
import type { BuiltinTaskInput, BuiltinTaskOutput } from '../llm/index.js'
import { requestThreshold, scoreRequest } from './request-detection.js'
import { contentTerms, splitSentences, truncateAtWord, words } from './text.js'

type Input = BuiltinTaskInput<'meeting_summary'>
type Output = BuiltinTaskOutput<'meeting_summary'>
type Sentence = { text: string; turnId: string; speaker: string | null; order: number; terms: string[]; score: number }

/** QMSum's reference summaries are 50-250 words; a longer extract only dilutes the summary. */
const summaryWordBudget = 160
const decisionCue =
  /\b(?:we(?:'ve| have)? (?:decided|agreed)|(?:decided|agreed) (?:to|on|that)|we(?:'ll| will) go with|let's go with|the decision is|we settled on|final decision)\b/i
const commitmentStart = /^(?:ok(?:ay)?,?\s+|so,?\s+|yeah,?\s+)?(?:i'll|i will|i'm going to)\b/i
/** Work for after the meeting, not "can you scroll down" said during it: a deadline, one of these words, or a
 * request to another attendee by name. */
const laterWork =
  /\b(?:action items?|to-?do|follow(?:\s|-)?up|next (?:time|meeting|week)|before the next|after the meeting|homework|send|e-?mail|prepare|write up|look into|find out|check with|get back to)\b/i
const deadlineWords =
  /\b(?:by|before|until|due|no later than)\s+(?:the\s+)?(?:end of (?:the )?(?:day|week|month)|tomorrow|today|tonight|next \w+|this \w+|(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d{1,2}(?:st|nd|rd|th)?(?: of)? \w+|\w+ \d{1,2}(?:st|nd|rd|th)?|\d{4}-\d{2}-\d{2})\b|\b(?:tomorrow|next week|next month|end of (?:the )?week)\b/i
/** Sentence fillers of spoken transcripts that carry no content ("um", "uh", AMI's "hmm"). */
const fillers = /\b(?:um+|uh+|hmm+|mm+|erm|ah)\b[,.]?\s*/gi

export function summariseMeetingLocally(input: Input): Output {
  const sentences: Sentence[] = []
  const speakerTurns = new Map<string, number>()
  for (const turn of input.turns) {
    if (turn.speaker) speakerTurns.set(turn.speaker, (speakerTurns.get(turn.speaker) ?? 0) + 1)
    for (const raw of splitSentences(withoutDisfluencies(turn.text))) {
      const text = raw
        .replace(/^[\s,;:.-]+/, '')
        .replace(/\s+/g, ' ')
        .replace(/\s+([,.?!])/g, '$1')
        .trim()
      const terms = contentTerms(text)
      if (terms.length < 3) continue // "Okay.", "Yeah, right."
      sentences.push({ text, turnId: turn.id, speaker: turn.speaker, order: sentences.length, terms, score: 0 })
    }
  }
  const attendees = [...speakerTurns.keys()].map((name) => ({ name, role: null }))
  if (sentences.length === 0) return { summary: '', attendees, decisions: [], topics: [], action_items: [] }

  const documentFrequency = new Map<string, number>()
  for (const sentence of sentences)
    for (const term of new Set(sentence.terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1)
  for (const sentence of sentences) {
    const unique = new Set(sentence.terms)
    let weight = 0
    for (const term of unique) weight += Math.log(1 + (documentFrequency.get(term) ?? 0))
    sentence.score = weight / Math.sqrt(unique.size + 4)
    if (decisionCue.test(sentence.text)) sentence.score *= 1.4
    if (sentence.text.split(' ').length > 60) sentence.score *= 0.6
  }

  const picked: Sentence[] = []
  let budget = summaryWordBudget
  for (const sentence of [...sentences].sort((a, b) => b.score - a.score)) {
    const length = sentence.text.split(' ').length
    if (length > budget) continue
    if (picked.some((other) => sharedShare(other.terms, sentence.terms) > 0.6)) continue
    picked.push(sentence)
    budget -= length
    if (budget < 8) break
  }
  const summary = picked
    .sort((a, b) => a.order - b.order)
    .map((s) => s.text)
    .join(' ')

  return {
    summary: truncateAtWord(summary, 2000),
    attendees,
    decisions: unique(sentences.filter((s) => decisionCue.test(s.text)).map((s) => truncateAtWord(s.text, 300))).slice(0, 10),
    topics: frequentWords(sentences, 6),
    action_items: actionItems(sentences, [...speakerTurns.keys()]),
  }
}

/** Spoken transcripts stutter ("a a", "what what what") and split clitics ("it 's" in AMI/ICSI): read as written. */
function withoutDisfluencies(text: string): string {
  return text
    .replace(fillers, '')
    .replace(/\b([\p{L}']+)(?:\s+\1\b)+/giu, '$1')
    .replace(/\s+(['’](?:s|re|ve|ll|d|m|t)\b|n't\b)/gi, '$1')
}

function actionItems(sentences: Sentence[], attendees: string[]): Output['action_items'] {
  const items: Output['action_items'] = []
  const seen = new Set<string>()
  for (const sentence of sentences) {
    const request = scoreRequest(sentence.text)
    const commitment = commitmentStart.test(sentence.text)
    if (!commitment && request.score < requestThreshold) continue
    if (/\?\s*$/.test(sentence.text) && !request.cues.includes('can-you') && !request.cues.includes('please')) continue
    const assignee = assigneeOf(sentence, attendees, commitment)
    const deadline = deadlineWords.exec(sentence.text)?.[0] ?? null
    if (deadline === null && !laterWork.test(sentence.text) && (assignee === null || assignee === sentence.speaker)) continue
    const task = truncateAtWord(sentence.text.replace(/[.!]+$/, ''), 300)
    if (seen.has(task.toLowerCase())) continue
    seen.add(task.toLowerCase())
    items.push({ task, assignee, deadline, source_turn_ids: [sentence.turnId] })
  }
  return items.slice(0, 20)
}

/** "I'll send it" is the speaker's; "Anna, can you send it" (or "Anna will send it") is Anna's when Anna spoke. */
function assigneeOf(sentence: Sentence, attendees: string[], commitment: boolean): string | null {
  if (commitment) return sentence.speaker
  const lower = sentence.text.toLowerCase()
  const named = attendees.find((name) => name !== sentence.speaker && lower.includes(name.toLowerCase()))
  return named ?? null
}

function frequentWords(sentences: Sentence[], count: number): string[] {
  // The surface word most used for each stem, counted once per sentence.
  const byStem = new Map<string, { count: number; forms: Map<string, number> }>()
  for (const sentence of sentences) {
    const stems = new Set(sentence.terms)
    for (const word of words(sentence.text)) {
      const [term] = contentTerms(word)
      if (!term || word.length < 4 || !stems.delete(term)) continue
      const entry = byStem.get(term) ?? { count: 0, forms: new Map() }
      entry.count++
      entry.forms.set(word, (entry.forms.get(word) ?? 0) + 1)
      byStem.set(term, entry)
    }
  }
  return [...byStem.values()]
    .sort((a, b) => b.count - a.count)
    .slice(0, count)
    .map((entry) => [...entry.forms].sort((a, b) => b[1] - a[1])[0][0])
}

function sharedShare(a: string[], b: string[]): number {
  const setA = new Set(a)
  const setB = new Set(b)
  let shared = 0
  for (const term of setB) if (setA.has(term)) shared++
  return shared / Math.max(1, Math.min(setA.size, setB.size))
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
