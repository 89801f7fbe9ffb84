// Stand-in local topic classifier, used until src/modules/topics exports classifyTopicsLocally:
// a message goes to the topic whose name, description and keywords share the most terms with it.
import type { BuiltinTaskInput, BuiltinTaskOutput } from '../llm/builtin-tasks.js'
import { cleanMessageText, contentTerms, roundScore } from './text.js'

type Input = BuiltinTaskInput<'topic_classification'>
type Output = BuiltinTaskOutput<'topic_classification'>

export function classifyTopicsByTermOverlap(input: Input): Output {
  const topics = input.topics.map((topic) => {
    const keywordTerms = new Set((topic.keywords ?? []).flatMap((keyword) => contentTerms(keyword)))
    const textTerms = new Set(contentTerms(`${topic.name} ${topic.description ?? ''}`))
    return { id: topic.id, keywordTerms, textTerms }
  })
  return {
    results: input.messages.map((message) => {
      const terms = new Set(contentTerms(cleanMessageText(message.content)))
      let best: { id: string; score: number } | null = null
      for (const topic of topics) {
        let score = 0
        for (const term of terms) {
          if (topic.keywordTerms.has(term)) score += 1
          else if (topic.textTerms.has(term)) score += 0.5
        }
        if (score > 0 && (!best || score > best.score)) best = { id: topic.id, score }
      }
      if (!best) return { id: message.id, topic_id: null, confidence: 0 }
      return { id: message.id, topic_id: best.id, confidence: roundScore(1 - 1 / (1 + best.score)) }
    }),
  }
}
