import { describe, expect, it } from 'vitest'
import { buildAnswerPrompt } from './prompt.js'
import type { Passage } from './retrieval.js'
import { citedNumbers } from './retrieval.js'
import { titleFromQuestion } from './threads.js'

const passage = (n: number, text: string): Passage => ({
  n,
  text,
  hit: {
    messageId: `m${n}`,
    conversationId: 'c',
    conversationTitle: '#ops',
    sourceId: 's',
    sourceType: 'slack',
    sentAt: '2026-01-05T09:00:00.000Z',
    author: { personId: null, displayName: 'ADA' },
    content: text,
    score: 1,
    ranks: {},
    chunk: { id: `k${n}`, index: 0 },
    snippet: text,
    highlights: [],
    context: { before: null, after: null },
  },
})
const long = (word: string) => Array.from({ length: 300 }, () => word).join(' ')

describe('the prompt within the context budget', () => {
  it('keeps every passage and turn when they fit', () => {
    const built = buildAnswerPrompt({
      question: 'q?',
      passages: [passage(1, 'one'), passage(2, 'two')],
      history: [
        { role: 'user', content: 'earlier' },
        { role: 'assistant', content: 'reply [1]' },
      ],
      limits: { contextWindow: 8000, maxOutputTokens: 500 },
    })
    expect(built.passages.map((p) => p.n)).toEqual([1, 2])
    expect(built.historyTurns).toBe(2)
    expect(built.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user'])
  })

  it('drops the lowest-ranked passages and the oldest turns first when the window is small', () => {
    const passages = Array.from({ length: 10 }, (_, i) => passage(i + 1, long(`word${i}`)))
    const history = Array.from({ length: 6 }, (_, i) => ({
      role: (i % 2 ? 'assistant' : 'user') as 'user' | 'assistant',
      content: `turn ${i} ${long('x').slice(0, 600)}`,
    }))
    const built = buildAnswerPrompt({
      question: 'what happened?',
      passages,
      history,
      limits: { contextWindow: 2500, maxOutputTokens: 300 },
    })
    expect(built.passages.length).toBeGreaterThan(0)
    expect(built.passages.length).toBeLessThan(10)
    expect(built.passages.map((p) => p.n)).toEqual(Array.from({ length: built.passages.length }, (_, i) => i + 1))
    expect(built.historyTurns).toBeLessThan(6)
    if (built.historyTurns > 0) expect(built.messages.at(-2)!.content).toContain('turn 5')
    expect(built.promptTokens).toBeLessThanOrEqual(2500 - 300 - 400)
  })
})

describe('citations and titles', () => {
  it('reads [n] and [n, m] markers in order of first use and ignores numbers with no passage', () => {
    expect(citedNumbers('A [2]. B [1, 2]. C [9]. D [3][1]', 3)).toEqual([2, 1, 3])
    expect(citedNumbers('no markers', 3)).toEqual([])
  })

  it('titles a thread from the first line of its first question, cut at a word', () => {
    expect(titleFromQuestion('  When is the release?\nmore')).toBe('When is the release?')
    const title = titleFromQuestion('word '.repeat(40))
    expect(title.length).toBeLessThanOrEqual(81)
    expect(title.endsWith('…')).toBe(true)
  })
})
