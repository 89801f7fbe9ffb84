// Optional write-back of a rule's label to the mailbox (seed 002 email_label_rules, issue 25 item 4): when the
// sender's rule for the email's category carries a target, the connector that synced the email sets the IMAP keyword
// or moves the email to the folder. Applied once per email and target (email_triage.written_back); a failure is
// logged and left for the next triage or correction of that email, and never undoes the triage itself.
import { and, eq } from 'drizzle-orm'
import type { ServiceContext } from '../../lib/context.js'
import { enabledConnectors, type Connector } from '../connectors/index.js'
import { findConversationSourceId, listEmailMessages, type StoredEmailMessage } from '../messages/index.js'
import { listWorkspaceSourceRows, loadConnectedSource } from '../sources/index.js'
import { emailLabelRules, emailTriage, type EmailCategory } from './schema.js'
import { ruleOf } from './rules.js'

export type WriteBackOutcome = { applied: string } | { skipped: string } | { failed: string }

/** The connected source able to write back to this email: its own source, else the workspace's only one that can. */
async function writableSource(ctx: ServiceContext, email: StoredEmailMessage) {
  const writers = new Map(enabledConnectors(ctx.config).flatMap((c): Array<[string, Connector]> => (c.writeBack ? [[c.id, c]] : [])))
  const own = await findConversationSourceId(ctx, email.conversationId)
  const candidates = (await listWorkspaceSourceRows(ctx, { type: 'email' })).filter(
    (row) => row.connector && row.active && writers.has(row.connector),
  )
  const chosen = candidates.find((row) => row.id === own) ?? (candidates.length === 1 ? candidates[0] : undefined)
  if (!chosen) return null
  return { ...(await loadConnectedSource(ctx, chosen.id)), connector: writers.get(chosen.connector!)! }
}

/** Applies the write-back of the sender's rule for `category` to the stored email, once. */
export async function writeBackEmail(
  ctx: ServiceContext,
  email: StoredEmailMessage,
  sender: string | null,
  category: EmailCategory,
): Promise<WriteBackOutcome> {
  if (!sender) return { skipped: 'no sender' }
  const [rule] = await ctx.database.db
    .select()
    .from(emailLabelRules)
    .where(ruleOf(ctx.workspaceId, sender, category))
  if (!rule?.writeBackKind || !rule.writeBackTarget) return { skipped: 'no write-back on the rule' }
  const target = `${rule.writeBackKind}:${rule.writeBackTarget}`
  const [triage] = await ctx.database.db
    .select({ writtenBack: emailTriage.writtenBack })
    .from(emailTriage)
    .where(and(eq(emailTriage.workspaceId, ctx.workspaceId), eq(emailTriage.messageId, email.id)))
  if (triage?.writtenBack === target) return { skipped: `already ${target}` }
  try {
    const connected = await writableSource(ctx, email)
    if (!connected) return { skipped: 'no connected mailbox can write back to this email' }
    await connected.connector.writeBack!(ctx, connected.source, connected.secrets, {
      raw: email.raw,
      action: { kind: rule.writeBackKind, target: rule.writeBackTarget },
    })
  } catch (error) {
    ctx.log.warn({ err: error, messageId: email.id, target }, 'email write-back failed')
    return { failed: (error as Error).message }
  }
  await ctx.database.db
    .update(emailTriage)
    .set({ writtenBack: target })
    .where(and(eq(emailTriage.workspaceId, ctx.workspaceId), eq(emailTriage.messageId, email.id)))
  return { applied: target }
}

/** The write-back for a stored email known by id (after a person's correction). */
export async function writeBackEmailById(ctx: ServiceContext, messageId: string, sender: string | null, category: EmailCategory) {
  const [email] = await listEmailMessages(ctx, { messageIds: [messageId], limit: 1 })
  return email ? writeBackEmail(ctx, email, sender, category) : { skipped: 'not a stored email' }
}
