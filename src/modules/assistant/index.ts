// What other modules and shells may use of the assistant (the Telegram bot calls answerQuestion / streamAnswer).
export { answerQuestion, streamAnswer, defaultPassageLimit, type AnswerInput, type AnswerEvent, type AnswerSummary } from './answer.js'
export { localConfidenceThreshold } from './local-answer.js'
export {
  recentThread,
  endLatestThread,
  listThreads,
  getThread,
  listThreadMessages,
  deleteThread,
  exportThreadMarkdown,
  citationPath,
  type Thread,
  type ThreadSource,
} from './threads.js'
export { setFeedback, responseAnalytics } from './analytics.js'
export { getUserContext, updateUserContext, deleteUserContext } from './user-context.js'
export type { Citation } from './schema.js'
export { rememberFact, recallFacts, forgetFact, pruneExpiredFacts } from './agent-memory.js'
