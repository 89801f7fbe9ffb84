// Triage of stored emails: a learned sender rule first, else the `triage_email` task (a model through runTask when
// one is assigned, else the local analyser), then the side table, the sender's statistics and the action items.
// Idempotent: an email already triaged is skipped unless forced, and a person's correction is never overwritten.
import { sql } from 'drizzle-orm'
import type { ServiceContext } from '../../lib/context.js'
import { localModelName, runTask, taskHasRemoteAgent, type BuiltinTaskOutput } from '../llm/index.js'
import { triageEmailLocally } from '../local-analyser/index.js'
import { emailTriage, pendingEmailTasks, type EmailCategory } from './schema.js'
import { emailTriageInput } from './triage-input.js'
import { matchingRule } from './rules.js'
import { refreshSenderStats, senderHistory } from './sender-stats.js'

/** Below this confidence a triage waits for a person (status needs_review). */
export const reviewThreshold = 0.6

export type TriageEmailsInput = { messageIds?: string[]; since?: Date; force?: boolean; limit?: number }
export type TriageSummary = { considered: number; triaged: number; byRule: number; skipped: number; failed: number }

type EmailRow = { id: string; content: string; sent_at: Date; raw: unknown; author_email: string | null }

async function emailsToTriage(ctx: ServiceContext, input: TriageEmailsInput): Promise<EmailRow[]> {
  const params: unknown[] = [ctx.workspaceId]
  const where = [`m.workspace_id = $1`, `m.content_kind = 'email'`, `m.deleted_at IS NULL`]
  if (input.messageIds) {
    params.push(input.messageIds)
    where.push(`m.id = ANY($${params.length}::uuid[])`)
  }
  if (input.since) {
    params.push(input.since)
    where.push(`m.sent_at >= $${params.length}`)
  }
  // A forced re-triage still keeps what a person decided.
  where.push(input.force ? `(t.message_id IS NULL OR t.corrected_by IS NULL)` : `t.message_id IS NULL`)
  params.push(input.limit ?? 10_000)
  return ctx.database.query<EmailRow>(
    `SELECT m.id, m.content, m.sent_at, m.raw, i.external_id AS author_email
     FROM messages m
     LEFT JOIN identities i ON i.id = m.author_identity_id
     LEFT JOIN email_triage t ON t.message_id = m.id
     WHERE ${where.join(' AND ')}
     ORDER BY m.sent_at
     LIMIT $${params.length}`,
    params,
  )
}

type Decision = BuiltinTaskOutput<'triage_email'> & { model: string }

async function decide(ctx: ServiceContext, email: EmailRow, remote: boolean): Promise<Decision & { byRule: boolean }> {
  const sender = emailTriageInput({ ...email, sentAt: email.sent_at, authorEmail: email.author_email }).email.from
  const input = emailTriageInput(
    { ...email, sentAt: email.sent_at, authorEmail: email.author_email },
    sender ? await senderHistory(ctx, sender) : null,
  )
  const analysed = remote
    ? await runTask(ctx, { task: 'triage_email', input, purpose: 'email-triage', links: { messageId: email.id } }).then((r) => ({
        ...r.output,
        model: r.model,
      }))
    : { ...triageEmailLocally(input), model: localModelName }
  const rule = sender ? await matchingRule(ctx, sender) : null
  // A learned rule decides the category before the analyser's; the analyser's extraction (deadlines ...) is kept.
  if (rule) {
    return {
      ...analysed,
      category: rule.labelName,
      confidence: rule.confidence,
      reasoning: `rule learned from ${rule.correctionCount} correction(s): mail from ${rule.senderEmail} is ${rule.labelName}`,
      action_items: rule.labelName === 'actionable' ? analysed.action_items : [],
      model: 'rule',
      byRule: true,
    }
  }
  return { ...analysed, byRule: false }
}

async function storeDecision(ctx: ServiceContext, email: EmailRow, sender: string | null, decision: Decision) {
  const values = {
    messageId: email.id,
    workspaceId: ctx.workspaceId,
    senderEmail: sender,
    category: decision.category as EmailCategory,
    confidence: decision.confidence,
    model: decision.model,
    reasoning: decision.reasoning,
    deadlines: decision.deadlines,
    contacts: decision.contacts,
    actionItems: decision.action_items,
    summary: decision.summary,
    status: decision.confidence < reviewThreshold ? ('needs_review' as const) : ('processed' as const),
    classifiedAt: new Date(),
    updatedAt: new Date(),
  }
  await ctx.database.db
    .insert(emailTriage)
    .values(values)
    .onConflictDoUpdate({ target: emailTriage.messageId, set: values, setWhere: sql`${emailTriage.correctedBy} IS NULL` })
  const dueDate = decision.deadlines.find((d) => d.date)?.date ?? null
  const tasks = decision.category === 'actionable' ? decision.action_items : []
  if (tasks.length === 0) return
  await ctx.database.db
    .insert(pendingEmailTasks)
    .values(
      tasks.map((title) => ({
        workspaceId: ctx.workspaceId,
        emailMessageId: email.id,
        proposedTitle: title.slice(0, 500),
        proposedNotes: decision.summary,
        proposedDueDate: dueDate,
      })),
    )
    .onConflictDoNothing()
}

/** Triages the workspace's emails that have no triage yet (or the given ones), reporting progress per email. */
export async function triageEmails(
  ctx: ServiceContext,
  input: TriageEmailsInput,
  onProgress?: (done: number, total: number) => void,
): Promise<TriageSummary> {
  const emails = await emailsToTriage(ctx, input)
  const summary: TriageSummary = { considered: emails.length, triaged: 0, byRule: 0, skipped: 0, failed: 0 }
  if (emails.length === 0) return summary
  const remote = await taskHasRemoteAgent(ctx, 'triage_email')
  const senders = new Set<string>()
  for (const [index, email] of emails.entries()) {
    const sender = emailTriageInput({ ...email, sentAt: email.sent_at, authorEmail: email.author_email }).email.from
    try {
      const decision = await decide(ctx, email, remote)
      await storeDecision(ctx, email, sender, decision)
      summary.triaged++
      if (decision.byRule) summary.byRule++
      if (sender) senders.add(sender)
    } catch (error) {
      // One email's failure (a model's invalid reply, a budget) must not stop the rest; it stays untriaged and the
      // next run or backlog pass tries it again.
      summary.failed++
      ctx.log.warn({ err: error, messageId: email.id }, 'email triage failed')
    }
    onProgress?.(index + 1, emails.length)
  }
  for (const sender of senders) await refreshSenderStats(ctx, sender)
  return summary
}
