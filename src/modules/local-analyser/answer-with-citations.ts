// Local extractive answers: the passages' sentences that best cover the question's terms (BM25-like), cited by id.
import type { BuiltinTaskInput, BuiltinTaskOutput } from '../llm/index.js'
import { contentTerms, roundScore, splitSentences, truncateAtWord } from './text.js'

type Input = BuiltinTaskInput<'answer_with_citations'>
type Output = BuiltinTaskOutput<'answer_with_citations'>

type Candidate = { passageId: string; sentence: string; score: number; covered: Set<string> }

export const noAnswer = 'The provided passages do not answer this question.'

export function answerWithCitationsLocally(input: Input): Output {
  const questionTerms = [...new Set(contentTerms(input.question))]
  if (questionTerms.length === 0 || input.passages.length === 0) return { answer: noAnswer, citations: [], confidence: 0 }

  // Inverse document frequency over the passages: rare question terms decide more than common ones.
  const passageTerms = input.passages.map((passage) => new Set(contentTerms(passage.text)))
  const idf = new Map<string, number>()
  for (const term of questionTerms) {
    const containing = passageTerms.filter((terms) => terms.has(term)).length
    idf.set(term, Math.log(1 + (input.passages.length - containing + 0.5) / (containing + 0.5)))
  }
  const totalWeight = questionTerms.reduce((sum, term) => sum + (idf.get(term) ?? 0), 0) || 1

  const candidates: Candidate[] = []
  input.passages.forEach((passage, index) => {
    if (!questionTerms.some((term) => passageTerms[index].has(term))) return
    for (const sentence of splitSentences(passage.text)) {
      const terms = contentTerms(sentence)
      const termSet = new Set(terms)
      const covered = new Set(questionTerms.filter((term) => termSet.has(term)))
      if (covered.size === 0) continue
      let score = 0
      for (const term of covered) {
        const frequency = terms.filter((t) => t === term).length
        score += (idf.get(term) ?? 0) * ((frequency * 2.2) / (frequency + 1.2 * (0.25 + 0.75 * (terms.length / 20))))
      }
      candidates.push({ passageId: passage.id, sentence: sentence.replace(/\s+/g, ' '), score, covered })
    }
  })
  if (candidates.length === 0) return { answer: noAnswer, citations: [], confidence: 0 }

  candidates.sort((a, b) => b.score - a.score)
  // Up to three sentences, each adding a question term the earlier ones did not cover, or close to the best score.
  const chosen: Candidate[] = [candidates[0]]
  const coveredSoFar = new Set(candidates[0].covered)
  for (const candidate of candidates.slice(1)) {
    if (chosen.length >= 3) break
    const addsTerms = [...candidate.covered].some((term) => !coveredSoFar.has(term))
    if (addsTerms || candidate.score >= candidates[0].score * 0.8) {
      if (chosen.some((other) => other.sentence === candidate.sentence)) continue
      chosen.push(candidate)
      for (const term of candidate.covered) coveredSoFar.add(term)
    }
  }
  const coveredWeight = [...coveredSoFar].reduce((sum, term) => sum + (idf.get(term) ?? 0), 0)
  const citations: Output['citations'] = []
  for (const candidate of chosen) {
    if (!citations.some((citation) => citation.passage_id === candidate.passageId)) {
      citations.push({ passage_id: candidate.passageId, quote: truncateAtWord(candidate.sentence, 300) })
    }
  }
  return {
    answer: chosen.map((candidate) => `${candidate.sentence} [${candidate.passageId}]`).join(' '),
    citations,
    confidence: roundScore(0.9 * (coveredWeight / totalWeight)),
  }
}
