// Labelling rules learned from corrections (seed 002 email_label_rules): a person's category for a sender's email
// creates or strengthens the rule (sender, category); rules decide before the analyser or model. Listed, edited and
// deleted over the API and CLI.
import { and, desc, eq } from 'drizzle-orm'
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import { emailLabelRules, type EmailCategory, type WriteBackKind } from './schema.js'

/** A rule applies from this confidence on; the first correction gives 0.7, each further one adds 0.1 (max 0.99). */
export const ruleApplyThreshold = 0.6
const firstCorrectionConfidence = 0.7
const confidencePerCorrection = 0.1

export type EmailRule = typeof emailLabelRules.$inferSelect

export function ruleView(rule: EmailRule) {
  const { workspaceId: _workspaceId, writeBackKind, writeBackTarget, ...rest } = rule
  return {
    ...rest,
    writeBack: writeBackKind && writeBackTarget ? { kind: writeBackKind, target: writeBackTarget } : null,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  }
}

export async function matchingRule(ctx: ServiceContext, sender: string): Promise<EmailRule | null> {
  const [rule] = await ctx.database.db
    .select()
    .from(emailLabelRules)
    .where(and(eq(emailLabelRules.workspaceId, ctx.workspaceId), eq(emailLabelRules.senderEmail, sender)))
    .orderBy(desc(emailLabelRules.confidence), desc(emailLabelRules.correctionCount), desc(emailLabelRules.updatedAt))
    .limit(1)
  return rule && rule.confidence >= ruleApplyThreshold ? rule : null
}

/** A correction: creates the (sender, category) rule or strengthens it; the sender's rules for other categories weaken. */
/** The one rule of a sender for a label in a workspace (rules are unique on the three). */
export function ruleOf(workspaceId: string, sender: string, category: EmailCategory) {
  return and(eq(emailLabelRules.workspaceId, workspaceId), eq(emailLabelRules.senderEmail, sender), eq(emailLabelRules.labelName, category))
}

export async function learnFromCorrection(ctx: ServiceContext, sender: string, category: EmailCategory): Promise<EmailRule> {
  return ctx.database.db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(emailLabelRules)
      .where(ruleOf(ctx.workspaceId, sender, category))
    const correctionCount = (existing?.correctionCount ?? 0) + 1
    const confidence = Math.min(0.99, firstCorrectionConfidence + confidencePerCorrection * (correctionCount - 1))
    const [rule] = await tx
      .insert(emailLabelRules)
      .values({
        workspaceId: ctx.workspaceId,
        senderEmail: sender,
        labelName: category,
        confidence,
        correctionCount,
        source: 'user_correction',
      })
      .onConflictDoUpdate({
        target: [emailLabelRules.workspaceId, emailLabelRules.senderEmail, emailLabelRules.labelName],
        set: { confidence, correctionCount, source: 'user_correction', updatedAt: new Date() },
      })
      .returning()
    const others = await tx
      .select()
      .from(emailLabelRules)
      .where(and(eq(emailLabelRules.workspaceId, ctx.workspaceId), eq(emailLabelRules.senderEmail, sender)))
    for (const other of others) {
      if (other.labelName === category) continue
      await tx
        .update(emailLabelRules)
        .set({ confidence: Math.max(0, other.confidence - 0.3), updatedAt: new Date() })
        .where(eq(emailLabelRules.id, other.id))
    }
    return rule
  })
}

export async function listRules(ctx: ServiceContext, filter: { sender?: string }) {
  const rows = await ctx.database.db
    .select()
    .from(emailLabelRules)
    .where(
      and(
        eq(emailLabelRules.workspaceId, ctx.workspaceId),
        filter.sender ? eq(emailLabelRules.senderEmail, filter.sender.toLowerCase()) : undefined,
      ),
    )
    .orderBy(emailLabelRules.senderEmail, desc(emailLabelRules.confidence))
  return rows.map(ruleView)
}

export type RuleUpdate = {
  labelName?: EmailCategory
  confidence?: number
  writeBack?: { kind: WriteBackKind; target: string } | null
}

export async function updateRule(ctx: ServiceContext, id: string, update: RuleUpdate) {
  const { writeBack, ...fields } = update
  const [rule] = await ctx.database.db
    .update(emailLabelRules)
    .set({
      ...fields,
      ...(writeBack !== undefined && { writeBackKind: writeBack?.kind ?? null, writeBackTarget: writeBack?.target ?? null }),
      updatedAt: new Date(),
    })
    .where(and(eq(emailLabelRules.workspaceId, ctx.workspaceId), eq(emailLabelRules.id, id)))
    .returning()
  if (!rule) throw new NotFoundError(`Email rule ${id}`)
  return ruleView(rule)
}

export async function deleteRule(ctx: ServiceContext, id: string): Promise<void> {
  const deleted = await ctx.database.db
    .delete(emailLabelRules)
    .where(and(eq(emailLabelRules.workspaceId, ctx.workspaceId), eq(emailLabelRules.id, id)))
    .returning({ id: emailLabelRules.id })
  if (deleted.length === 0) throw new NotFoundError(`Email rule ${id}`)
}
