// Per-sender statistics (seed 002 email_sender_stats), recomputed from the sender's triaged mail so that running it
// twice counts nothing twice; the suggested action names the sender's usual category.
import { and, asc, eq, sql } from 'drizzle-orm'
import type { ServiceContext } from '../../lib/context.js'
import { emailSenderStats, type EmailCategory } from './schema.js'
import { senderDomain } from './triage-input.js'

/** A usual category needs this many emails and this share of them. */
const suggestionMinimumEmails = 3
const suggestionMinimumShare = 0.7

const suggestions: Record<EmailCategory, string> = {
  actionable: 'usually actionable: keep in the inbox',
  informational: 'usually informational: read later?',
  promotional: 'usually promotional: archive?',
  junk: 'usually junk: block?',
}

export function suggestedAction(counts: Record<EmailCategory, number>): string | null {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0)
  if (total < suggestionMinimumEmails) return null
  const [category, count] = (Object.entries(counts) as Array<[EmailCategory, number]>).sort((a, b) => b[1] - a[1])[0]
  return count / total >= suggestionMinimumShare ? suggestions[category] : null
}

export async function refreshSenderStats(ctx: ServiceContext, sender: string): Promise<void> {
  const [row] = await ctx.database.query<{
    total: number
    actionable: number
    informational: number
    promotional: number
    junk: number
    last_email_at: Date | null
    sender_name: string | null
  }>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE t.category = 'actionable')::int AS actionable,
            count(*) FILTER (WHERE t.category = 'informational')::int AS informational,
            count(*) FILTER (WHERE t.category = 'promotional')::int AS promotional,
            count(*) FILTER (WHERE t.category = 'junk')::int AS junk,
            max(t.sent_at) AS last_email_at,
            (array_agg(t.sender_name ORDER BY t.sent_at DESC NULLS LAST) FILTER (WHERE t.sender_name IS NOT NULL))[1] AS sender_name
     FROM email_triage t
     WHERE t.workspace_id = $1 AND t.sender_email = $2`,
    [ctx.workspaceId, sender],
  )
  const counts = { actionable: row.actionable, informational: row.informational, promotional: row.promotional, junk: row.junk }
  const values = {
    senderName: row.sender_name,
    senderDomain: senderDomain(sender),
    totalCount: row.total,
    actionableCount: row.actionable,
    informationalCount: row.informational,
    promotionalCount: row.promotional,
    junkCount: row.junk,
    suggestedAction: suggestedAction(counts),
    lastEmailAt: row.last_email_at,
    updatedAt: new Date(),
  }
  await ctx.database.db
    .insert(emailSenderStats)
    .values({ workspaceId: ctx.workspaceId, senderEmail: sender, ...values })
    .onConflictDoUpdate({ target: [emailSenderStats.workspaceId, emailSenderStats.senderEmail], set: values })
}

/** The sender's earlier triage counts, as the triage task's senderHistory input. */
export async function senderHistory(ctx: ServiceContext, sender: string) {
  const [stats] = await ctx.database.db
    .select()
    .from(emailSenderStats)
    .where(and(eq(emailSenderStats.workspaceId, ctx.workspaceId), eq(emailSenderStats.senderEmail, sender)))
  if (!stats) return null
  return {
    total: stats.totalCount,
    actionable: stats.actionableCount,
    informational: stats.informationalCount,
    promotional: stats.promotionalCount,
    junk: stats.junkCount,
  }
}

export type SenderStatsFilter = { domain?: string; limit?: number }

export async function listSenderStats(ctx: ServiceContext, filter: SenderStatsFilter) {
  const rows = await ctx.database.db
    .select()
    .from(emailSenderStats)
    .where(
      and(
        eq(emailSenderStats.workspaceId, ctx.workspaceId),
        filter.domain ? eq(emailSenderStats.senderDomain, filter.domain.toLowerCase()) : undefined,
      ),
    )
    .orderBy(sql`${emailSenderStats.totalCount} DESC`, asc(emailSenderStats.senderEmail))
    .limit(filter.limit ?? 100)
  return rows.map(({ workspaceId: _workspaceId, ...row }) => ({
    ...row,
    lastEmailAt: row.lastEmailAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }))
}
