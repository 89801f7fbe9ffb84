// What other modules may use of noise scoring.
export { scoreNoiseLocally, scoreNoiseFeatures, analysisStatusFor, type NoiseScore, type NoiseClassification } from './score.js'
export { computeNoiseFactors, type NoiseFactors, type NoiseFeatures } from './factors.js'
export { scoreMessages, type ScoreMessagesResult } from './service.js'
