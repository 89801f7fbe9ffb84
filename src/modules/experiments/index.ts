// What other modules may use of classification experiments.
export { createExperiment, getExperiment, listExperiments, type ExperimentView, type CreateExperimentInput } from './service.js'
export { summariseOutcomes, perTopicMetrics } from './metrics.js'
