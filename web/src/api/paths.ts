// Every API operation the web app calls, in one place. test/e2e/web/api-contract.test.ts checks each one
// against the server's OpenAPI document; pages ask the capabilities whether their operations exist.
// No imports: the contract test loads this file under Node.

export const paths = {
  // messages (foundation)
  listConversations: ['GET', '/api/v1/conversations'],
  listConversationMessages: ['GET', '/api/v1/conversations/:id/messages'],
  getConversation: ['GET', '/api/v1/conversations/:id'],
  listMessagesAround: ['GET', '/api/v1/conversations/:id/messages/around/:messageId'],
  listConversationParticipants: ['GET', '/api/v1/conversations/:id/participants'],
  getMessage: ['GET', '/api/v1/messages/:id'],
  // identity
  login: ['POST', '/api/v1/auth/login'],
  loginTwoFactor: ['POST', '/api/v1/auth/login/2fa'],
  logout: ['POST', '/api/v1/auth/logout'],
  me: ['GET', '/api/v1/auth/me'],
  signup: ['POST', '/api/v1/auth/signup'],
  signupVerify: ['POST', '/api/v1/auth/signup/verify'],
  csrf: ['GET', '/api/v1/auth/csrf'],
  listWorkspaces: ['GET', '/api/v1/workspaces'],
  switchWorkspace: ['POST', '/api/v1/workspaces/:id/switch'],
  enrolTwoFactor: ['POST', '/api/v1/auth/2fa/enrol'],
  confirmTwoFactor: ['POST', '/api/v1/auth/2fa/confirm'],
  disableTwoFactor: ['POST', '/api/v1/auth/2fa/disable'],
  changePassword: ['POST', '/api/v1/auth/password'],
  listUsers: ['GET', '/api/v1/admin/users'],
  listSignupRequests: ['GET', '/api/v1/admin/signup-requests'],
  approveSignupRequest: ['POST', '/api/v1/admin/signup-requests/:id/approve'],
  listSessions: ['GET', '/api/v1/auth/sessions'],
  revokeSession: ['DELETE', '/api/v1/auth/sessions/:id'],
  updateUser: ['PATCH', '/api/v1/admin/users/:id'],
  listTokens: ['GET', '/api/v1/tokens'],
  createToken: ['POST', '/api/v1/tokens'],
  revokeToken: ['DELETE', '/api/v1/tokens/:id'],
  listAudit: ['GET', '/api/v1/admin/audit'],
  // importers
  createImport: ['POST', '/api/v1/imports'],
  listImports: ['GET', '/api/v1/imports'],
  getImport: ['GET', '/api/v1/imports/:id'],
  // search
  search: ['GET', '/api/v1/search'],
  // analysis
  listRuns: ['GET', '/api/v1/analysis/runs'],
  startRun: ['POST', '/api/v1/analysis/runs'],
  getRun: ['GET', '/api/v1/analysis/runs/:id'],
  cancelRun: ['POST', '/api/v1/analysis/runs/:id/cancel'],
  closeRun: ['POST', '/api/v1/analysis/runs/:id/close'],
  getSchedule: ['GET', '/api/v1/analysis/schedule'],
  setSchedule: ['PUT', '/api/v1/analysis/schedule'],
  listProposals: ['GET', '/api/v1/proposals'],
  reviewProposal: ['POST', '/api/v1/proposals/:id/review'],
  reviewProposalsInBulk: ['POST', '/api/v1/proposals/bulk'],
  listProposalGroups: ['GET', '/api/v1/proposals/groups'],
  rejectSimilarProposals: ['POST', '/api/v1/proposals/:id/reject-similar'],
  // tasks
  listTasks: ['GET', '/api/v1/tasks'],
  updateTask: ['PATCH', '/api/v1/tasks/:id'],
  listProjects: ['GET', '/api/v1/projects'],
  // knowledge
  listTopics: ['GET', '/api/v1/topics'],
  listAtoms: ['GET', '/api/v1/atoms'],
  listTopicAtoms: ['GET', '/api/v1/topics/:id/atoms'],
  getAtom: ['GET', '/api/v1/atoms/:id'],
  listAtomLinks: ['GET', '/api/v1/atoms/:id/links'],
  listAtomVersions: ['GET', '/api/v1/atoms/:id/versions'],
  diffAtomVersions: ['GET', '/api/v1/atoms/:id/diff'],
  approveAtomVersion: ['POST', '/api/v1/atoms/:id/versions/:n/approve'],
  rejectAtomVersion: ['POST', '/api/v1/atoms/:id/versions/:n/reject'],
  // llm
  listProviders: ['GET', '/api/v1/llm/providers'],
  createProvider: ['POST', '/api/v1/llm/providers'],
  validateProvider: ['POST', '/api/v1/llm/providers/:id/validate'],
  listAgents: ['GET', '/api/v1/llm/agents'],
  createAgent: ['POST', '/api/v1/llm/agents'],
  listBudgets: ['GET', '/api/v1/llm/budgets'],
  createBudget: ['POST', '/api/v1/llm/budgets'],
  usage: ['GET', '/api/v1/llm/usage'],
  // assistant
  listThreads: ['GET', '/api/v1/assistant/threads'],
  getThread: ['GET', '/api/v1/assistant/threads/:id'],
  renameThread: ['PATCH', '/api/v1/assistant/threads/:id'],
  deleteThread: ['DELETE', '/api/v1/assistant/threads/:id'],
  exportThread: ['GET', '/api/v1/assistant/threads/:id/export'],
  askStream: ['POST', '/api/v1/assistant/ask/stream'],
  answerFeedback: ['POST', '/api/v1/assistant/messages/:id/feedback'],
  assistantAnalytics: ['GET', '/api/v1/assistant/analytics'],
  // sources, connectors, webhook inbox, Telegram linking
  listConnectors: ['GET', '/api/v1/connectors'],
  listSources: ['GET', '/api/v1/sources'],
  createSource: ['POST', '/api/v1/sources'],
  pauseSource: ['POST', '/api/v1/sources/:id/pause'],
  resumeSource: ['POST', '/api/v1/sources/:id/resume'],
  syncSource: ['POST', '/api/v1/sources/:id/sync'],
  deleteSource: ['DELETE', '/api/v1/sources/:id'],
  listDeliveries: ['GET', '/api/v1/webhooks/deliveries'],
  replayDeliveries: ['POST', '/api/v1/webhooks/deliveries/replay'],
  createTelegramLink: ['POST', '/api/v1/telegram/link'],
  listTelegramLinks: ['GET', '/api/v1/telegram/links'],
} as const satisfies Record<string, readonly [string, string]>

export type OperationName = keyof typeof paths

/** '/api/v1/tasks/:id' + { id } -> '/api/v1/tasks/<id>' */
export function pathFor(name: OperationName, params: Record<string, string> = {}): string {
  return paths[name][1].replace(/:([A-Za-z]+)/g, (_, key: string) => encodeURIComponent(params[key] ?? ''))
}
