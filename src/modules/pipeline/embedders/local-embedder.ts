// The default embedder: deterministic, no weights, no network. Signed feature hashing ("the hashing trick")
// of normalised word unigrams, word bigrams and character n-grams, L2-normalised. Unigrams carry exact
// words, bigrams carry phrases, character n-grams match inflections and typos ("deploy"/"deployment").
// It knows nothing of synonyms: it is a lexical model in vector form, which is why hybrid search fuses it
// with BM25 instead of trusting it alone. Weights were tuned on the SciFact train split (eval/retrieval.ts).
import type { Embedder } from './embedder.js'

export type LocalEmbedderOptions = {
  dimension: number
  unigramWeight: number
  bigramWeight: number
  charNgramWeight: number
  charNgramSizes: number[]
}

export const defaultLocalEmbedderOptions: Omit<LocalEmbedderOptions, 'dimension'> = {
  unigramWeight: 1,
  bigramWeight: 0.5,
  charNgramWeight: 0.35,
  charNgramSizes: [3, 4, 5],
}

/** Bumped whenever features or weights change, so stored vectors of the old scheme are re-embedded. */
const schemeVersion = 'v1'

const stopwords = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its ' +
    'me my no not of on or our she so than that the their them then there these they this to was we were what when where ' +
    'which who will with would you your yours about after all also any because before being both each few more most other ' +
    'over same should some such through under until up very while why'
  ).split(' '),
)

export function createLocalEmbedder(options: Partial<LocalEmbedderOptions> & { dimension: number }): Embedder {
  const settings: LocalEmbedderOptions = { ...defaultLocalEmbedderOptions, ...options }
  return {
    model: `local-hash-${schemeVersion}-d${settings.dimension}`,
    dimension: settings.dimension,
    inline: true,
    async embed(texts) {
      return texts.map((text) => embedLocally(text, settings))
    },
  }
}

export function embedLocally(text: string, settings: LocalEmbedderOptions): number[] {
  const vector = new Float64Array(settings.dimension)
  const words = normalisedWords(text)
  const counts = new Map<string, number>()
  const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight)
  let previous: string | null = null
  for (const word of words) {
    if (stopwords.has(word)) {
      previous = null
      continue
    }
    const stem = lightStem(word)
    add(`w:${stem}`, settings.unigramWeight)
    if (previous) add(`b:${previous} ${stem}`, settings.bigramWeight)
    previous = stem
    if (settings.charNgramWeight > 0) {
      const padded = `<${word}>`
      for (const n of settings.charNgramSizes) {
        if (padded.length < n) continue
        const share = settings.charNgramWeight / Math.max(1, padded.length - n + 1)
        for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`, share * 3)
      }
    }
  }
  for (const [feature, weight] of counts) {
    const hash = fnv1a(feature)
    const index = hash % settings.dimension
    const sign = (hash >>> 31) & 1 ? -1 : 1
    // Sublinear term frequency: a word said five times is not five times as relevant.
    vector[index] += sign * Math.log1p(weight)
  }
  let norm = 0
  for (let i = 0; i < vector.length; i++) norm += vector[i] * vector[i]
  norm = Math.sqrt(norm)
  const out = new Array<number>(settings.dimension)
  for (let i = 0; i < vector.length; i++) out[i] = norm ? vector[i] / norm : 0
  return out
}

export function normalisedWords(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  )
}

/** A few English suffixes only: enough to meet "deploys"/"deployed" halfway, cheap and predictable. */
function lightStem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'edly', 'ed', 'ies', 'es', 's', 'ly']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      return suffix === 'ies' ? `${word.slice(0, -3)}y` : word.slice(0, -suffix.length)
    }
  }
  return word
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  // One more mix so that the top bit (the sign) is independent of the low bits (the index).
  hash ^= hash >>> 15
  hash = Math.imul(hash, 0x2c1b3c6d)
  hash ^= hash >>> 12
  return hash >>> 0
}
