// Action items of actionable email (seed 002 pending_email_tasks) become task proposals in the review inbox (the
// analysis module's proposals, with Telegram buttons for linked reviewers); each pending_email_tasks row keeps its
// proposal, and its status follows that proposal's review.
import { and, desc, eq, isNull } from 'drizzle-orm'
import type { ServiceContext } from '../../lib/context.js'
import { proposalStatusesByIds, proposeTasksFromSource } from '../analysis/index.js'
import { findConversationSourceId, type StoredEmailMessage } from '../messages/index.js'
import { pendingEmailTasks, type ExtractedDeadline } from './schema.js'
import { getTriagedEmail } from './service.js'

/** Labels the analysis run that collects email proposals. */
export const emailProposalOrigin = 'email-triage'

export type EmailActionItems = {
  subject: string
  sender: string | null
  summary: string
  confidence: number
  model: string
  deadlines: ExtractedDeadline[]
  actionItems: string[]
}

/** Stores the action items as pending email tasks and proposes each once; returns how many proposals are new. */
export async function proposeEmailTasks(ctx: ServiceContext, email: StoredEmailMessage, found: EmailActionItems): Promise<number> {
  const titles = found.actionItems.map((title) => title.trim().slice(0, 500)).filter(Boolean)
  if (titles.length === 0) return 0
  const dueDate = found.deadlines.find((d) => d.date)?.date ?? null
  await ctx.database.db
    .insert(pendingEmailTasks)
    .values(
      titles.map((title) => ({
        workspaceId: ctx.workspaceId,
        emailMessageId: email.id,
        proposedTitle: title,
        proposedNotes: found.summary,
        proposedDueDate: dueDate,
      })),
    )
    .onConflictDoNothing()
  const from = found.sender ? ` from ${found.sender}` : ''
  const proposed = await proposeTasksFromSource(ctx, {
    origin: emailProposalOrigin,
    sourceMessageIds: [email.id],
    conversationId: email.conversationId,
    sourceId: await findConversationSourceId(ctx, email.conversationId),
    sentAt: email.sentAt,
    items: titles.map((title) => ({
      title,
      description: [found.subject && `Email${from}: "${found.subject}"`, found.summary].filter(Boolean).join('\n'),
      dueDate,
      confidence: found.confidence,
      reasoning: `action item of an actionable email${from} (triage by ${found.model})`,
    })),
  })
  for (const { title, proposalId } of proposed) {
    await ctx.database.db
      .update(pendingEmailTasks)
      .set({ proposalId })
      .where(
        and(
          eq(pendingEmailTasks.emailMessageId, email.id),
          eq(pendingEmailTasks.proposedTitle, title),
          isNull(pendingEmailTasks.proposalId),
        ),
      )
  }
  return proposed.filter((p) => p.created).length
}

const reviewedStatus = { approved: 'approved', merged: 'approved', rejected: 'rejected' } as const

/** The action items (of one email or all), their status brought in line with their proposals' review first. */
export async function listPendingEmailTasks(ctx: ServiceContext, messageId?: string) {
  // A foreign or unknown email is a 404, not an empty list (the cross-workspace walk checks this).
  if (messageId) await getTriagedEmail(ctx, messageId)
  const rows = await ctx.database.db
    .select()
    .from(pendingEmailTasks)
    .where(and(eq(pendingEmailTasks.workspaceId, ctx.workspaceId), messageId ? eq(pendingEmailTasks.emailMessageId, messageId) : undefined))
    .orderBy(desc(pendingEmailTasks.createdAt))
    .limit(200)
  const reviews = await proposalStatusesByIds(
    ctx,
    rows.flatMap((row) => (row.proposalId ? [row.proposalId] : [])),
  )
  for (const row of rows) {
    const review = row.proposalId ? reviews.get(row.proposalId) : undefined
    const status = review ? (reviewedStatus[review.status as keyof typeof reviewedStatus] ?? 'pending') : row.status
    if (status === row.status) continue
    row.status = status
    row.resolvedAt = status === 'pending' ? null : (review?.reviewedAt ?? new Date())
    await ctx.database.db.update(pendingEmailTasks).set({ status, resolvedAt: row.resolvedAt }).where(eq(pendingEmailTasks.id, row.id))
  }
  return rows.map((row) => ({
    id: row.id,
    emailMessageId: row.emailMessageId,
    proposedTitle: row.proposedTitle,
    proposedNotes: row.proposedNotes,
    proposedDueDate: row.proposedDueDate,
    status: row.status,
    proposalId: row.proposalId,
    taskId: (row.proposalId && reviews.get(row.proposalId)?.createdTaskId) ?? null,
    createdAt: row.createdAt.toISOString(),
  }))
}
