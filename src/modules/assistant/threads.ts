// Chat threads with the assistant: create, list, rename, delete, read and export as Markdown. A thread belongs to
// the person who started it (or to the machine's own actors when nobody is signed in) inside one workspace.
import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm'
import { actorUserId, type ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import {
  assistantMessages,
  assistantResponses,
  assistantThreads,
  type Citation,
  type threadMessageRoles,
  type threadMessageStatuses,
  type threadSources,
} from './schema.js'

export type Thread = typeof assistantThreads.$inferSelect
export type ThreadMessage = typeof assistantMessages.$inferSelect
export type ThreadSource = (typeof threadSources)[number]
export type ThreadMessageRole = (typeof threadMessageRoles)[number]
export type ThreadMessageStatus = (typeof threadMessageStatuses)[number]

const titleLength = 80

/** A title made from the first question: its first line, cut at a word near 80 characters. */
export function titleFromQuestion(question: string): string {
  const line = question.trim().split('\n')[0].replace(/\s+/g, ' ')
  if (line.length <= titleLength) return line || 'New chat'
  const cut = line.slice(0, titleLength)
  const space = cut.lastIndexOf(' ')
  return `${space > 40 ? cut.slice(0, space) : cut}…`
}

function ownedBy(ctx: ServiceContext): SQL {
  const userId = actorUserId(ctx.actor)
  return and(
    eq(assistantThreads.workspaceId, ctx.workspaceId),
    userId ? eq(assistantThreads.userId, userId) : isNull(assistantThreads.userId),
  )!
}

export async function createThread(
  ctx: ServiceContext,
  input: { title: string; source: ThreadSource; metadata?: Record<string, unknown> },
): Promise<Thread> {
  const [row] = await ctx.database.db
    .insert(assistantThreads)
    .values({
      workspaceId: ctx.workspaceId,
      userId: actorUserId(ctx.actor),
      title: input.title,
      source: input.source,
      metadata: input.metadata ?? {},
    })
    .returning()
  return row
}

export async function getThread(ctx: ServiceContext, id: string): Promise<Thread> {
  const [row] = await ctx.database.db
    .select()
    .from(assistantThreads)
    .where(and(ownedBy(ctx), eq(assistantThreads.id, id)))
  if (!row) throw new NotFoundError('Thread')
  return row
}

export async function listThreads(ctx: ServiceContext, input: { limit?: number; source?: ThreadSource } = {}): Promise<Thread[]> {
  return ctx.database.db
    .select()
    .from(assistantThreads)
    .where(and(ownedBy(ctx), input.source ? eq(assistantThreads.source, input.source) : undefined))
    .orderBy(desc(assistantThreads.updatedAt))
    .limit(input.limit ?? 50)
}

/** The person's latest thread of a channel if it was active within `idleMinutes` and not ended, else null: chat
 * channels without a thread picker (Telegram) continue the conversation in progress. */
export async function recentThread(
  ctx: ServiceContext,
  input: { source: ThreadSource; idleMinutes: number; now?: Date },
): Promise<Thread | null> {
  const [latest] = await listThreads(ctx, { source: input.source, limit: 1 })
  if (!latest || latest.metadata.ended === true) return null
  const idleMs = (input.now ?? new Date()).getTime() - latest.updatedAt.getTime()
  return idleMs <= input.idleMinutes * 60_000 ? latest : null
}

/** Ends the person's latest thread of a channel, so that the next question starts a new one. */
export async function endLatestThread(ctx: ServiceContext, source: ThreadSource): Promise<boolean> {
  const [latest] = await listThreads(ctx, { source, limit: 1 })
  if (!latest || latest.metadata.ended === true) return false
  await ctx.database.db
    .update(assistantThreads)
    .set({ metadata: { ...latest.metadata, ended: true } })
    .where(and(ownedBy(ctx), eq(assistantThreads.id, latest.id)))
  return true
}

export async function renameThread(ctx: ServiceContext, id: string, title: string): Promise<Thread> {
  const [row] = await ctx.database.db
    .update(assistantThreads)
    .set({ title, updatedAt: new Date() })
    .where(and(ownedBy(ctx), eq(assistantThreads.id, id)))
    .returning()
  if (!row) throw new NotFoundError('Thread')
  return row
}

/** Deletes the thread with its messages and their analytics (cascade). */
export async function deleteThread(ctx: ServiceContext, id: string): Promise<void> {
  const deleted = await ctx.database.db
    .delete(assistantThreads)
    .where(and(ownedBy(ctx), eq(assistantThreads.id, id)))
    .returning({ id: assistantThreads.id })
  if (deleted.length === 0) throw new NotFoundError('Thread')
}

export type ThreadMessageView = ThreadMessage & {
  response: { id: string; model: string; feedbackRating: 'up' | 'down' | null; feedbackComment: string | null } | null
}

export async function listThreadMessages(ctx: ServiceContext, threadId: string): Promise<ThreadMessageView[]> {
  await getThread(ctx, threadId)
  const rows = await ctx.database.db
    .select({
      message: assistantMessages,
      responseId: assistantResponses.id,
      model: assistantResponses.model,
      feedbackRating: assistantResponses.feedbackRating,
      feedbackComment: assistantResponses.feedbackComment,
    })
    .from(assistantMessages)
    .leftJoin(assistantResponses, eq(assistantResponses.messageId, assistantMessages.id))
    .where(and(eq(assistantMessages.workspaceId, ctx.workspaceId), eq(assistantMessages.threadId, threadId)))
    .orderBy(asc(assistantMessages.createdAt), asc(sql`${assistantMessages.role} = 'assistant'`))
  return rows.map((r) => ({
    ...r.message,
    response: r.responseId
      ? { id: r.responseId, model: r.model!, feedbackRating: r.feedbackRating ?? null, feedbackComment: r.feedbackComment ?? null }
      : null,
  }))
}

export async function appendMessage(
  ctx: ServiceContext,
  input: {
    threadId: string
    role: ThreadMessageRole
    content: string
    status?: ThreadMessageStatus
    citations?: Citation[]
    metadata?: Record<string, unknown>
  },
): Promise<ThreadMessage> {
  const [row] = await ctx.database.db
    .insert(assistantMessages)
    .values({
      workspaceId: ctx.workspaceId,
      threadId: input.threadId,
      role: input.role,
      content: input.content,
      status: input.status ?? 'complete',
      citations: input.citations ?? [],
      metadata: input.metadata ?? {},
    })
    .returning()
  await ctx.database.db.update(assistantThreads).set({ updatedAt: new Date() }).where(eq(assistantThreads.id, input.threadId))
  return row
}

/** The thread as Markdown: title, then each turn with its citations as a numbered source list. */
export async function exportThreadMarkdown(ctx: ServiceContext, threadId: string): Promise<string> {
  const thread = await getThread(ctx, threadId)
  const messages = await listThreadMessages(ctx, threadId)
  const lines = [`# ${thread.title}`, '', `_${thread.source} chat, started ${thread.createdAt.toISOString()}_`, '']
  for (const message of messages) {
    const heading = message.role === 'user' ? 'You' : message.role === 'assistant' ? 'Assistant' : message.role
    lines.push(`## ${heading}`, '', message.content, '')
    if (message.citations.length > 0) {
      lines.push('Sources:', '')
      for (const c of message.citations) {
        const who = c.authorName ? `${c.authorName}, ` : ''
        lines.push(`${c.n}. ${who}${c.conversationTitle ?? c.sourceType} (${c.sentAt.slice(0, 10)}): ${citationPath(c)}`)
      }
      lines.push('')
    }
  }
  return lines.join('\n')
}

/** Where a citation opens in the web app: the conversation view scrolled to the message. */
export function citationPath(citation: Pick<Citation, 'conversationId' | 'messageId'>): string {
  return `/conversations/${citation.conversationId}?message=${citation.messageId}`
}
