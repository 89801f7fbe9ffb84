// Reading triaged email, a person's correction (which teaches a rule), and the action items awaiting review.
import { and, eq } from 'drizzle-orm'
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import { emailTriage, type EmailCategory } from './schema.js'
import type { EmailTriageView } from './email-schemas.js'
import { learnFromCorrection } from './rules.js'
import { refreshSenderStats } from './sender-stats.js'
import { writeBackEmailById } from './write-back.js'

type TriageRow = {
  message_id: string
  subject: string | null
  sender_email: string | null
  sent_at: Date | null
  category: EmailCategory
  confidence: number
  model: string
  reasoning: string
  deadlines: EmailTriageView['deadlines']
  contacts: EmailTriageView['contacts']
  action_items: string[]
  summary: string
  status: EmailTriageView['status']
  corrected_by: string | null
  classified_at: Date
}

function triageView(row: TriageRow): EmailTriageView {
  return {
    messageId: row.message_id,
    subject: row.subject ?? '',
    senderEmail: row.sender_email,
    sentAt: new Date(row.sent_at ?? row.classified_at).toISOString(),
    category: row.category,
    confidence: row.confidence,
    model: row.model,
    reasoning: row.reasoning,
    deadlines: row.deadlines,
    contacts: row.contacts,
    actionItems: row.action_items,
    summary: row.summary,
    status: row.status,
    correctedBy: row.corrected_by,
    classifiedAt: new Date(row.classified_at).toISOString(),
  }
}

export type EmailListFilter = { category?: EmailCategory; status?: EmailTriageView['status']; sender?: string; limit?: number }

const triageSelect = `SELECT t.* FROM email_triage t`

export async function listTriagedEmails(ctx: ServiceContext, filter: EmailListFilter): Promise<EmailTriageView[]> {
  const params: unknown[] = [ctx.workspaceId]
  const where = ['t.workspace_id = $1']
  for (const [column, value] of [
    ['t.category', filter.category],
    ['t.status', filter.status],
    ['t.sender_email', filter.sender?.toLowerCase()],
  ] as const) {
    if (value === undefined) continue
    params.push(value)
    where.push(`${column} = $${params.length}`)
  }
  params.push(filter.limit ?? 50)
  const rows = await ctx.database.query<TriageRow>(
    `${triageSelect} WHERE ${where.join(' AND ')} ORDER BY t.sent_at DESC NULLS LAST, t.message_id LIMIT $${params.length}`,
    params,
  )
  return rows.map(triageView)
}

export async function getTriagedEmail(ctx: ServiceContext, messageId: string): Promise<EmailTriageView> {
  const [row] = await ctx.database.query<TriageRow>(`${triageSelect} WHERE t.workspace_id = $1 AND t.message_id = $2`, [
    ctx.workspaceId,
    messageId,
  ])
  if (!row) throw new NotFoundError(`Triaged email ${messageId}`)
  return triageView(row)
}

function actorLabel(ctx: ServiceContext): string {
  return 'userId' in ctx.actor ? ctx.actor.userId : ctx.actor.kind
}

/** A person sets an email's category: the triage keeps it from then on, and the sender's rule learns from it. */
export async function correctEmailCategory(ctx: ServiceContext, messageId: string, category: EmailCategory): Promise<EmailTriageView> {
  const current = await getTriagedEmail(ctx, messageId)
  await ctx.database.db
    .update(emailTriage)
    .set({
      category,
      confidence: 1,
      model: 'person',
      reasoning: `set by a person (was ${current.category})`,
      status: 'processed',
      correctedBy: actorLabel(ctx),
      actionItems: category === 'actionable' ? current.actionItems : [],
      updatedAt: new Date(),
    })
    .where(and(eq(emailTriage.workspaceId, ctx.workspaceId), eq(emailTriage.messageId, messageId)))
  if (current.senderEmail) {
    await learnFromCorrection(ctx, current.senderEmail, category)
    await refreshSenderStats(ctx, current.senderEmail)
    await writeBackEmailById(ctx, messageId, current.senderEmail, category)
  }
  return getTriagedEmail(ctx, messageId)
}
