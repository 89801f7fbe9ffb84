// What other modules may use of the local analyser (the no-API-key provider of the built-in LLM tasks).
export { runLocalTask } from './run-local-task.js'
export { scoreRequest, requestThreshold, type RequestScore } from './request-detection.js'
export { contentTerms, termOverlap, splitSentences } from './text.js'
export { triageEmailLocally } from './email-triage.js'
export { summariseMeetingLocally } from './meeting-summary.js'
