// The log of every LLM call (remote and local) and its aggregates for GET /api/v1/llm/usage.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { workspaceNames } from '../workspaces/index.js'
import { aiCallLog, type callStatuses } from './schema.js'

export type CallLinks = { runId?: string; conversationId?: string; messageId?: string; taskId?: string }

export type CallRecord = {
  providerId: string | null
  provider: string
  model: string
  agentId: string | null
  agentRole: string | null
  taskName: string | null
  purpose: string
  tokensIn: number
  tokensOut: number
  /** True when the provider reported no usage and the tokens were counted offline. */
  tokensCounted: boolean
  costUsd: number
  latencyMs: number
  attempts: number
  cached: boolean
  status: (typeof callStatuses)[number]
  error: string | null
  links?: CallLinks
}

/** `at` is injectable so that tests can place calls at the edges of budget periods. */
export async function recordCall(ctx: ServiceContext, record: CallRecord, at: Date = new Date()): Promise<string> {
  const { links, ...rest } = record
  const [row] = await ctx.database.db
    .insert(aiCallLog)
    .values({
      ...rest,
      workspaceId: ctx.workspaceId,
      runId: links?.runId ?? null,
      conversationId: links?.conversationId ?? null,
      messageId: links?.messageId ?? null,
      taskId: links?.taskId ?? null,
      createdAt: at,
      usageDate: at.toISOString().slice(0, 10),
    })
    .returning({ id: aiCallLog.id })
  return row.id
}

export const usageGroupings = ['day', 'model', 'agent', 'purpose', 'workspace', 'provider'] as const
export type UsageGrouping = (typeof usageGroupings)[number]

const usageFiguresSchema = z.object({
  calls: z.number(),
  errors: z.number(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  costUsd: z.number(),
  avgLatencyMs: z.number(),
})
export const usageRowSchema = usageFiguresSchema.extend({ key: z.string().nullable(), label: z.string().nullable() })
export type UsageRow = z.infer<typeof usageRowSchema>
export const usageSummarySchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(usageGroupings),
  rows: z.array(usageRowSchema),
  total: usageFiguresSchema,
})

const groupExpressions: Record<UsageGrouping, { key: string; label: string; join?: string }> = {
  day: { key: "to_char(l.usage_date, 'YYYY-MM-DD')", label: "to_char(l.usage_date, 'YYYY-MM-DD')" },
  model: { key: 'l.model', label: 'l.model' },
  provider: { key: 'l.provider', label: 'l.provider' },
  purpose: { key: 'l.purpose', label: 'l.purpose' },
  agent: { key: 'l.agent_id::text', label: "coalesce(a.name, 'local')", join: 'LEFT JOIN agent_configs a ON a.id = l.agent_id' },
  // Labelled with the workspace's name afterwards, through the workspaces module (its table is not read here).
  workspace: { key: 'l.workspace_id::text', label: 'l.workspace_id::text' },
}

/** Sums calls between two UTC dates (inclusive). Grouping by workspace spans every workspace only for the
 * machine's own actors (local token, system); anyone else sees their workspace alone. */
export async function usageSummary(
  ctx: ServiceContext,
  input: { from: string; to: string; groupBy: UsageGrouping },
): Promise<z.infer<typeof usageSummarySchema>> {
  const group = groupExpressions[input.groupBy]
  const allWorkspaces = input.groupBy === 'workspace' && (ctx.actor.kind === 'local-token' || ctx.actor.kind === 'system')
  const rows = await ctx.database.query<{
    key: string | null
    label: string | null
    calls: number
    errors: number
    tokens_in: number
    tokens_out: number
    cost_usd: number
    avg_latency_ms: number
  }>(
    `SELECT ${group.key} AS key, ${group.label} AS label, count(*)::int AS calls,
       count(*) FILTER (WHERE l.status <> 'ok')::int AS errors,
       coalesce(sum(l.tokens_in), 0)::int AS tokens_in, coalesce(sum(l.tokens_out), 0)::int AS tokens_out,
       coalesce(sum(l.cost_usd), 0)::float8 AS cost_usd, coalesce(avg(l.latency_ms), 0)::float8 AS avg_latency_ms
     FROM ai_call_log l ${group.join ?? ''}
     WHERE l.usage_date BETWEEN $1::date AND $2::date AND ($3::boolean OR l.workspace_id = $4)
     GROUP BY 1, 2 ORDER BY 1`,
    [input.from, input.to, allWorkspaces, ctx.workspaceId],
  )
  const names =
    input.groupBy === 'workspace'
      ? await workspaceNames(
          ctx,
          rows.flatMap((r) => (r.key ? [r.key] : [])),
        )
      : null
  const mapped = rows.map((r) => ({
    key: r.key,
    label: names && r.key ? (names.get(r.key) ?? null) : r.label,
    calls: r.calls,
    errors: r.errors,
    tokensIn: r.tokens_in,
    tokensOut: r.tokens_out,
    costUsd: r.cost_usd,
    avgLatencyMs: Math.round(r.avg_latency_ms),
  }))
  const calls = mapped.reduce((s, r) => s + r.calls, 0)
  const total = {
    calls,
    errors: mapped.reduce((s, r) => s + r.errors, 0),
    tokensIn: mapped.reduce((s, r) => s + r.tokensIn, 0),
    tokensOut: mapped.reduce((s, r) => s + r.tokensOut, 0),
    costUsd: Math.round(mapped.reduce((s, r) => s + r.costUsd, 0) * 1e9) / 1e9,
    avgLatencyMs: calls ? Math.round(mapped.reduce((s, r) => s + r.avgLatencyMs * r.calls, 0) / calls) : 0,
  }
  return { from: input.from, to: input.to, groupBy: input.groupBy, rows: mapped, total }
}
