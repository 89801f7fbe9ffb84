// Turns named factors into importance_score (0..1) and a noise class, and maps the class to analysis_status.
// The weights were set by hand on the real Telegram/Slack samples (see docs/noise-topics.md for the figures).
import type { BuiltinTaskInput, BuiltinTaskOutput } from '../llm/index.js'
import type { noiseClassificationValues } from '../llm/index.js'
import { computeNoiseFactors, normaliseForDuplicate, spokenWords, type NoiseFactors, type NoiseFeatures } from './factors.js'

export type NoiseClassification = (typeof noiseClassificationValues)[number]
export type AnalysisStatus = 'pending' | 'analyzed' | 'spam' | 'noise'

export type NoiseScore = {
  importanceScore: number
  noiseClassification: NoiseClassification
  factors: Record<string, number>
}

export function importanceFromFactors(f: NoiseFactors): number {
  const positive =
    0.15 + 0.3 * f.length + 0.2 * f.question + 0.2 * f.imperative + 0.1 * f.mentions + 0.05 * f.links + 0.15 * f.code + 0.15 * f.urgency
  const negative =
    0.6 * f.emoji_only + 0.45 * f.greeting_thanks + 0.35 * f.bot_author + 0.6 * f.duplicate + 0.8 * f.spam_signals + 0.7 * f.service
  return Math.round(Math.max(0, Math.min(1, positive - negative)) * 1000) / 1000
}

export function classifyFromFactors(f: NoiseFactors, importance: number, words: number): NoiseClassification {
  if (f.spam_signals >= 0.6) return 'spam'
  if (f.service || f.emoji_only || f.duplicate || f.list_admin || words === 0) return 'noise'
  if (f.greeting_thanks && !f.question && !f.imperative) return 'noise'
  if (importance >= 0.7) return 'high_quality'
  if (importance < 0.3) return 'low_quality'
  return 'signal'
}

/** Scores one message from what is known about it. */
export function scoreNoiseFeatures(features: NoiseFeatures): NoiseScore {
  const factors = computeNoiseFactors(features)
  const importanceScore = importanceFromFactors(factors)
  return {
    importanceScore,
    noiseClassification: classifyFromFactors(factors, importanceScore, spokenWords(features.content)),
    factors,
  }
}

/** analysis_status after scoring: spam and noise are filtered out of analysis; the rest is analysed. */
export function analysisStatusFor(classification: NoiseClassification): AnalysisStatus {
  if (classification === 'spam') return 'spam'
  if (classification === 'noise') return 'noise'
  return 'analyzed'
}

/** The local answer to the noise_scoring task: duplicates are recognised within the batch, in the order given. */
export async function scoreNoiseLocally(input: BuiltinTaskInput<'noise_scoring'>): Promise<BuiltinTaskOutput<'noise_scoring'>> {
  const seen = new Set<string>()
  return {
    results: input.messages.map((message) => {
      const key = normaliseForDuplicate(message.content)
      const duplicate = key !== '' && seen.has(key)
      seen.add(key)
      const score = scoreNoiseFeatures({ content: message.content, isBot: message.isBot, duplicate })
      return {
        id: message.id,
        importance_score: score.importanceScore,
        noise_classification: score.noiseClassification,
        factors: score.factors,
      }
    }),
  }
}
