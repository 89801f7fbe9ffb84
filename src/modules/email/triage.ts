// Triage of stored emails: a learned sender rule first, else the `triage_email` task (a model through runTask when
// one is assigned, else the local analyser), then the side table, the sender's statistics and the action items.
// Idempotent: an email already triaged is skipped unless forced, and a person's correction is never overwritten.
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import type { Queryable } from '../../db/transaction.js'
import type { ServiceContext } from '../../lib/context.js'
import { localModelName, runTask, taskHasRemoteAgent, type BuiltinTaskOutput } from '../llm/index.js'
import { triageEmailLocally } from '../local-analyser/index.js'
import { listEmailMessages, type StoredEmailMessage } from '../messages/index.js'
import { emailTriage, type EmailCategory } from './schema.js'
import { proposeEmailTasks } from './email-tasks.js'
import { writeBackEmail } from './write-back.js'
import { emailTriageInput } from './triage-input.js'
import { matchingRule } from './rules.js'
import { refreshSenderStats, senderHistory } from './sender-stats.js'

/** Below this confidence a triage waits for a person (status needs_review). */
export const reviewThreshold = 0.6

export type TriageEmailsInput = { messageIds?: string[]; since?: Date; force?: boolean; limit?: number }
export type TriageSummary = { considered: number; triaged: number; byRule: number; skipped: number; failed: number }

/** One page of stored email read at a time while looking for untriaged ones. */
const pageSize = 500

/** The workspace's emails the filter names that still need a triage, oldest first, at most `limit`. */
async function emailsToTriage(ctx: ServiceContext, input: TriageEmailsInput): Promise<StoredEmailMessage[]> {
  const limit = input.limit ?? 10_000
  const found: StoredEmailMessage[] = []
  let after: StoredEmailMessage | undefined
  while (found.length < limit) {
    const page = await listEmailMessages(ctx, {
      messageIds: input.messageIds,
      since: input.since,
      after: after && { sentAt: after.sentAt, id: after.id },
      limit: pageSize,
    })
    if (page.length === 0) break
    // A forced re-triage still keeps what a person decided; otherwise an email triaged once is done.
    const done = await ctx.database.db
      .select({ messageId: emailTriage.messageId })
      .from(emailTriage)
      .where(
        and(
          eq(emailTriage.workspaceId, ctx.workspaceId),
          inArray(
            emailTriage.messageId,
            page.map((m) => m.id),
          ),
          input.force ? isNotNull(emailTriage.correctedBy) : undefined,
        ),
      )
    const skip = new Set(done.map((row) => row.messageId))
    found.push(...page.filter((m) => !skip.has(m.id)))
    if (page.length < pageSize) break
    after = page[page.length - 1]
  }
  return found.slice(0, limit)
}

type Decision = BuiltinTaskOutput<'triage_email'> & { model: string }

async function decide(ctx: ServiceContext, email: StoredEmailMessage, remote: boolean): Promise<Decision & { byRule: boolean }> {
  const sender = emailTriageInput(email).email.from
  const input = emailTriageInput(email, sender ? await senderHistory(ctx, sender) : null)
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

async function storeDecision(ctx: ServiceContext, email: StoredEmailMessage, decision: Decision) {
  const { from, fromName, subject } = emailTriageInput(email).email
  const values = {
    messageId: email.id,
    workspaceId: ctx.workspaceId,
    senderEmail: from,
    senderName: fromName,
    subject,
    sentAt: email.sentAt,
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
  await writeBackEmail(ctx, email, from, decision.category as EmailCategory)
  if (decision.category !== 'actionable') return
  await proposeEmailTasks(ctx, email, {
    subject,
    sender: from,
    summary: decision.summary,
    confidence: decision.confidence,
    model: decision.model,
    deadlines: decision.deadlines,
    actionItems: decision.action_items,
  })
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
    const sender = emailTriageInput(email).email.from
    try {
      const decision = await decide(ctx, email, remote)
      await storeDecision(ctx, email, decision)
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

/** How many triage rows each workspace has (compared with its email count by the backlog sweep). */
export async function countTriageRowsByWorkspace(database: Queryable): Promise<Map<string, number>> {
  const rows = await database.query<{ workspace_id: string; n: number }>(
    `SELECT workspace_id, count(*)::int AS n FROM email_triage GROUP BY workspace_id`,
  )
  return new Map(rows.map((r) => [r.workspace_id, r.n]))
}
