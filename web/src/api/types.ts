// Response shapes of the API as the web app uses them (checked against the server's schemas by the contract test
// for paths; fields follow the modules' routes.ts files).
export type Page<T> = { items: T[]; nextCursor: string | null }
/** Part of a conversation: nextCursor reads later messages (order=asc), previousCursor earlier ones (order=desc). */
export type ConversationWindow = { items: Message[]; nextCursor: string | null; previousCursor: string | null }
export type Participant = { identityId: string | null; name: string; username: string | null; deletedAccount: boolean; messageCount: number }

export type Conversation = {
  id: string
  sourceId: string
  sourceType: string
  sourceName: string
  externalId: string
  title: string | null
  kind: string
  lastMessageAt: string | null
  messageCount: number
}

export type Message = {
  id: string
  conversationId: string
  sourceId: string
  externalId: string
  sentAt: string
  content: string
  contentKind: string
  author: { identityId: string; personId: string | null; displayName: string | null; username: string | null } | null
  replyToMessageId: string | null
  edited: boolean
  attachments: unknown[]
  importanceScore: number | null
  noiseClassification: string | null
  topicId: string | null
}

export type Workspace = { id: string; name: string; slug?: string; role?: string }

export type User = {
  id: string
  username: string
  email: string | null
  displayName: string | null
  isActive: boolean
  isAdmin: boolean
  twoFactorEnabled: boolean
  createdAt: string
}

export type Me = {
  user: User
  workspaces: Workspace[]
  activeWorkspace: Workspace | null
  via: { kind: 'session' } | { kind: 'api-token'; tokenId: string; scopes: string[] }
}

export const taskStatuses = ['open', 'in_progress', 'testing', 'review', 'done', 'cancelled', 'failed'] as const
export const taskPriorities = ['low', 'medium', 'high', 'critical'] as const
export const taskCategories = ['bug', 'feature', 'improvement', 'question', 'chore'] as const

export type Task = {
  id: string
  title: string
  description: string
  status: string
  priority: string
  category: string
  tags: string[]
  dueDate: string | null
  assignee: { personId: string | null; userId: string | null; name: string | null } | null
  projectId: string | null
  parentTaskId: string | null
  aiGenerated: boolean
  confidence: number | null
  createdAt: string
  updatedAt: string
  sourceMessageIds: string[]
}

export type Project = { id: string; name: string; status: string }

export type Proposal = {
  id: string
  runId: string
  kind: 'task' | 'atom'
  atomType: string | null
  title: string
  description: string
  priority: string
  category: string
  tags: string[]
  subTasks: Array<{ title: string }>
  dueDate: string | null
  assigneeName: string | null
  sourceMessageIds: string[]
  messageCount: number
  confidence: number
  reasoning: string
  llmRecommendation: string
  similarity: { type: string; score: number | null; taskId: string | null }
  project: { id: string | null; keywordsMatched: string[]; confidence: number }
  status: 'pending' | 'approved' | 'rejected' | 'merged'
  review: { by: string | null; reason: string | null; at: string | null; editedFields: string[] } | null
  createdTaskId: string | null
  createdAtomId: string | null
  conversationId?: string | null
  createdAt: string
}

export type ProposalGroup = { key: string; label: string; count: number; tasks: number; atoms: number; maxConfidence: number; firstAt: string }

export type AnalysisSchedule = {
  configured: boolean
  enabled: boolean
  intervalMinutes: number
  window: string
  projectId: string | null
  nextRunAt: string | null
  lastRunAt: string | null
  lastRunId: string | null
}

export type AnalysisRun = {
  id: string
  status: string
  triggerType: string
  triggeredBy: string | null
  timeWindowStart: string
  timeWindowEnd: string
  projectId: string | null
  createdAt: string
  startedAt: string | null
  completedAt: string | null
  cancelRequested: boolean
  counters: {
    messagesInWindow: number
    messagesAfterPrefilter: number
    batchesCreated: number
    batchesDone: number
    llmTokensUsed: number
    costEstimate: number
    proposalsTotal: number
    proposalsApproved: number
    proposalsRejected: number
    proposalsMerged: number
    proposalsPending: number
  }
  errorLog: Array<{ at: string; message: string }>
}

export type ImportRun = {
  id: string
  kind: string
  fileName: string
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled'
  progress: { bytesRead: number; bytesTotal: number | null }
  counts: { fetched: number; created: number; updated: number; skipped: number; failed: number }
  errors: Array<Record<string, unknown>>
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

export type ContextMessage = { id: string; sentAt: string; authorName: string | null; content: string }
export type SearchHit = {
  messageId: string
  conversationId: string
  conversationTitle: string | null
  sourceId: string
  sourceType: string
  sentAt: string
  author: { personId: string | null; displayName: string | null } | null
  content: string
  score: number
  /** Plain text; highlights are [start, end) offsets of the matched terms in it. */
  snippet: string
  highlights: Array<[number, number]>
  context: { before: ContextMessage | null; after: ContextMessage | null }
}
export type SearchResponse = {
  items: SearchHit[]
  nextCursor: string | null
  mode: string
  model?: string
  /** Stored messages not indexed yet, counted when the page is not full. */
  waitingToIndex?: number | null
}

export type UsageRow = { key: string | null; label: string | null; calls: number; errors: number; tokensIn: number; tokensOut: number; costUsd: number; avgLatencyMs: number }
export type UsageSummary = { from: string; to: string; groupBy: string; rows: UsageRow[]; total: Omit<UsageRow, 'key' | 'label'> }
export type Provider = {
  id: string
  name: string
  type: string
  baseUrl: string | null
  isActive: boolean
  hasApiKey: boolean
  validationStatus: string
  validationError: string | null
  validatedAt: string | null
}
export type Agent = { id: string; name: string; role: string; providerId: string | null; modelName: string; description: string | null; temperature: number; maxTokens: number | null; isActive: boolean }
export type Budget = {
  id: string
  name: string
  scopeType: string
  scopeAgentId: string | null
  scopeAgentRole: string | null
  amountUsd: number
  period: string
  alertThreshold: number
  actionOnExceed: string
  isActive: boolean
  spentUsd: number
  periodStart: string
  periodEnd: string
}

export type Topic = { id: string; name: string; description: string; icon: string | null; color: string | null; keywords: string[]; atomCount?: number; messageCount?: number }
export type Atom = {
  id: string
  type: string
  title: string
  content: string
  confidence: number | null
  userApproved: boolean
  approvalStatus: string
  currentVersion: number
  sourceMessageIds: string[]
  createdAt: string
  updatedAt: string
}
export type TopicAtom = { atomId: string; position: number; note: string | null; title: string; type: string }
export type AtomLink = { fromAtomId: string; toAtomId: string; linkType: string; strength: number | null; direction: 'out' | 'in'; otherTitle: string }
export type AtomVersion = {
  version: number
  data: Record<string, unknown>
  changeSummary: string | null
  createdBy: string | null
  approvalStatus: string
  approved: boolean
  reviewedBy: string | null
  approvedAt: string | null
  createdAt: string
}
export type FieldChange = { field: string; from: unknown; to: unknown }
