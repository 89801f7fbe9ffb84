// Response shapes of the API as the web app uses them (checked against the server's schemas by the contract test
// for paths; fields follow the modules' routes.ts files).
export type Page<T> = { items: T[]; nextCursor: string | null }

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

export type Workspace = { id: string; name: string; role?: string }

export type Me = {
  user: { id: string; username: string; displayName?: string | null; isAdmin?: boolean; twoFactorEnabled?: boolean }
  workspaces: Workspace[]
  activeWorkspaceId: string | null
}
