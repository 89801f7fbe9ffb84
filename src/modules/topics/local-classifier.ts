// The local answer to the topic_classification task: TF-IDF cosine similarity between a message and each topic's
// text (name and keywords weigh more than the description), plus a bonus for multi-word keywords found verbatim.
// No model, no network; see docs/noise-topics.md for its measured accuracy.
import type { BuiltinTaskInput, BuiltinTaskOutput } from '../llm/index.js'

type TopicInput = BuiltinTaskInput<'topic_classification'>['topics'][number]

const stopwords = new Set(
  (
    'a an the and or but if then so of to in on at by for with from as is are was were be been being it its this that ' +
    'these those i you he she we they me my your our their his her them us do does did done have has had not no yes ' +
    'can could would should will shall may might must just also very too than about into over after before up down ' +
    'out what which who whom how when where why there here all any some more most other such only own same ' +
    'и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня ' +
    'еще нет о из ему теперь когда даже ну ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом ' +
    'себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под ' +
    'будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда ' +
    'зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая ' +
    'много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между'
  ).split(/\s+/),
)

/** A light stemmer: enough to meet "deploys"/"deploying"/"deployment" and Russian case endings halfway. */
function stem(token: string): string {
  if (/^[a-z]/.test(token)) {
    if (token.length > 6) token = token.replace(/(?:ments?|ations?|ings?|ers?)$/, '')
    if (token.length > 4) token = token.replace(/(?:ies)$/, 'y').replace(/(?:es|ed|ly|s)$/, '')
    return token
  }
  if (token.length > 5)
    return token.replace(/(?:ами|ями|ого|его|ому|ему|ыми|ими|ах|ях|ов|ев|ой|ей|ом|ем|ам|ям|ые|ие|ая|яя|а|я|ы|и|е|о|у|ю)$/u, '')
  return token
}

export function tokenize(text: string): string[] {
  const tokens =
    text
      .toLowerCase()
      .replace(/[_/-]+/g, ' ')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  return tokens.filter((t) => t.length > 1 && !stopwords.has(t) && !/^\d+$/.test(t)).map(stem)
}

type TopicModel = { id: string; vector: Map<string, number>; norm: number; phrases: string[] }

const nameWeight = 3
const keywordWeight = 3
const descriptionWeight = 1
/** A verbatim multi-word keyword is strong evidence: added to the cosine. */
const phraseBonus = 0.25
/** Below this best score the message is about none of the topics. */
const minimumScore = 0.05

function buildTopicModels(topics: TopicInput[]): TopicModel[] {
  const raw = topics.map((topic) => {
    const terms = new Map<string, number>()
    const add = (tokens: string[], weight: number) => {
      for (const token of tokens) terms.set(token, (terms.get(token) ?? 0) + weight)
    }
    add(tokenize(topic.name), nameWeight)
    for (const keyword of topic.keywords ?? []) add(tokenize(keyword), keywordWeight)
    add(tokenize(topic.description ?? ''), descriptionWeight)
    const phrases = (topic.keywords ?? []).map((k) => k.toLowerCase().trim()).filter((k) => /\s/.test(k))
    return { id: topic.id, terms, phrases }
  })
  // IDF across topics: a word every topic shares ("issue", "team") tells them apart less.
  const documentFrequency = new Map<string, number>()
  for (const t of raw) for (const term of t.terms.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1)
  const n = raw.length
  return raw.map((t) => {
    const vector = new Map<string, number>()
    for (const [term, weight] of t.terms) vector.set(term, weight * Math.log(1 + n / documentFrequency.get(term)!))
    const norm = Math.sqrt([...vector.values()].reduce((s, v) => s + v * v, 0)) || 1
    return { id: t.id, vector, norm, phrases: t.phrases }
  })
}

export type TopicScore = { topicId: string; score: number }

/** Similarity of one text to every topic, best first. */
export function scoreTopics(models: TopicModel[], text: string): TopicScore[] {
  const tokens = tokenize(text)
  const counts = new Map<string, number>()
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1)
  const lowered = text.toLowerCase()
  return models
    .map((model) => {
      let dot = 0
      let messageNorm = 0
      for (const [token, count] of counts) {
        // Sub-linear term frequency: one word said five times is not five times the evidence.
        const tf = 1 + Math.log(count)
        const weight = model.vector.get(token)
        if (weight) dot += tf * weight
        messageNorm += tf * tf
      }
      const cosine = dot === 0 ? 0 : dot / (model.norm * Math.sqrt(messageNorm))
      const phrases = model.phrases.filter((p) => lowered.includes(p)).length
      return { topicId: model.id, score: Math.min(1, cosine + phraseBonus * phrases) }
    })
    .sort((a, b) => b.score - a.score)
}

/** Confidence grows with the best score and with its margin over the runner-up. */
function confidenceOf(best: number, second: number): number {
  const strength = Math.min(1, best / 0.5)
  const margin = best > 0 ? (best - second) / best : 0
  return Math.round((0.5 * strength + 0.5 * margin) * 1000) / 1000
}

export async function classifyTopicsLocally(
  input: BuiltinTaskInput<'topic_classification'>,
): Promise<BuiltinTaskOutput<'topic_classification'>> {
  const models = buildTopicModels(input.topics)
  return {
    results: input.messages.map((message) => {
      const ranked = scoreTopics(models, message.content)
      const best = ranked[0]
      if (!best || best.score < minimumScore) return { id: message.id, topic_id: null, confidence: 0 }
      return { id: message.id, topic_id: best.topicId, confidence: confidenceOf(best.score, ranked[1]?.score ?? 0) }
    }),
  }
}
