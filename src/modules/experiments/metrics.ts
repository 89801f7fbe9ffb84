// Figures of a classification experiment from its per-message outcomes: accuracy, confusion matrix, averages,
// and per-topic precision/recall. Pure.
import type { ConfusionMatrix } from './schema.js'

export type Outcome = { expectedTopicId: string; predictedTopicId: string | null; confidence: number | null; executionTimeMs: number }

/** Column used in the confusion matrix for "no topic predicted". */
export const noTopic = 'none'

export function summariseOutcomes(outcomes: Outcome[]) {
  const confusionMatrix: ConfusionMatrix = {}
  let correct = 0
  let confidenceSum = 0
  let confidenceCount = 0
  let timeSum = 0
  for (const o of outcomes) {
    const predicted = o.predictedTopicId ?? noTopic
    const row = (confusionMatrix[o.expectedTopicId] ??= {})
    row[predicted] = (row[predicted] ?? 0) + 1
    if (o.predictedTopicId === o.expectedTopicId) correct++
    if (o.confidence !== null) {
      confidenceSum += o.confidence
      confidenceCount++
    }
    timeSum += o.executionTimeMs
  }
  const n = outcomes.length
  return {
    accuracy: n ? correct / n : null,
    avgConfidence: confidenceCount ? confidenceSum / confidenceCount : null,
    avgExecutionTimeMs: n ? timeSum / n : null,
    confusionMatrix,
  }
}

export type TopicMetrics = { topicId: string; support: number; predicted: number; precision: number | null; recall: number | null }

export function perTopicMetrics(matrix: ConfusionMatrix, topicIds: string[]): TopicMetrics[] {
  return topicIds.map((topicId) => {
    const support = Object.values(matrix[topicId] ?? {}).reduce((s, v) => s + v, 0)
    const truePositives = matrix[topicId]?.[topicId] ?? 0
    const predicted = Object.values(matrix).reduce((s, row) => s + (row[topicId] ?? 0), 0)
    return {
      topicId,
      support,
      predicted,
      precision: predicted ? truePositives / predicted : null,
      recall: support ? truePositives / support : null,
    }
  })
}
