// Local extractive summarisation: sentences scored by the conversation's frequent terms and cue phrases.
import type { BuiltinTaskInput, BuiltinTaskOutput } from '../llm/index.js'
import { scoreRequest } from './request-detection.js'
import { cleanMessageText, contentTerms, splitSentences, truncateAtWord } from './text.js'

type Input = BuiltinTaskInput<'summarisation'>
type Output = BuiltinTaskOutput<'summarisation'>

type ScoredSentence = { text: string; author: string | null; order: number; score: number; terms: string[] }

const decisionCue = /\b(?:decided|agreed|will go with|conclusion|resolved|fixed|released|deadline|plan is)\b|решили|договорились/i

export function summariseLocally(input: Input): Output {
  const sentences: ScoredSentence[] = []
  for (const message of input.messages) {
    if (message.isBot) continue
    for (const text of splitSentences(cleanMessageText(message.content))) {
      const terms = contentTerms(text)
      if (terms.length < 3) continue // greetings, "ok", "+1"
      sentences.push({ text: text.replace(/\s+/g, ' '), author: message.author ?? null, order: sentences.length, score: 0, terms })
    }
  }
  if (sentences.length === 0) return { summary: '', key_points: [] }

  // Term weight = how many sentences use it: the topics the conversation keeps returning to.
  const documentFrequency = new Map<string, number>()
  for (const sentence of sentences)
    for (const term of new Set(sentence.terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1)
  for (const sentence of sentences) {
    const unique = new Set(sentence.terms)
    let weight = 0
    for (const term of unique) weight += Math.log(1 + (documentFrequency.get(term) ?? 0))
    sentence.score = weight / Math.sqrt(unique.size + 4)
    if (decisionCue.test(sentence.text)) sentence.score *= 1.5
    if (scoreRequest(sentence.text).score >= 0.5) sentence.score *= 1.3
    if (sentence.order === 0) sentence.score *= 1.2 // the opening usually states the subject
    if (sentence.text.length > 400) sentence.score *= 0.6
  }

  const keyCount = Math.max(1, Math.min(5, Math.ceil(sentences.length * 0.2)))
  const picked: ScoredSentence[] = []
  for (const sentence of [...sentences].sort((a, b) => b.score - a.score)) {
    if (picked.length >= keyCount) break
    if (picked.some((other) => nearDuplicate(other.terms, sentence.terms))) continue
    picked.push(sentence)
  }
  const inOrder = picked.sort((a, b) => a.order - b.order)
  const participants = [...new Set(input.messages.map((message) => message.author).filter((author): author is string => !!author))]
  const lead =
    participants.length > 0
      ? `${input.messages.length} messages from ${participants.slice(0, 5).join(', ')}${participants.length > 5 ? ' and others' : ''}. `
      : ''
  return {
    summary: truncateAtWord(lead + inOrder.map((sentence) => sentence.text).join(' '), 2000),
    key_points: inOrder.map((sentence) => truncateAtWord(sentence.author ? `${sentence.author}: ${sentence.text}` : sentence.text, 300)),
  }
}

function nearDuplicate(a: string[], b: string[]): boolean {
  const setA = new Set(a)
  const shared = b.filter((term) => setA.has(term)).length
  return shared / Math.max(1, Math.min(setA.size, new Set(b).size)) > 0.7
}
