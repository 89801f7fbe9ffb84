// Budget limits (seed 1 budget_limits): CRUD, the spend of each in its current period, and the check before a call.
// Global budgets count every workspace's spend and apply to every workspace: that is what "global" means here,
// so they are the one place where a query is deliberately not scoped by the caller's workspace. For that reason
// only an instance administrator creates, changes or removes them; the workspaces they govern see them read-only,
// with their own spend only (a workspace admin once blocked every other workspace with a $0.000001 global budget).
import { z } from 'zod'
import { createSelectSchema } from 'drizzle-zod'
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm'
import { isInstanceAdmin, type ServiceContext } from '../../lib/context.js'
import { BudgetExceededError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js'
import { createNotification } from '../notifications/index.js'
import { agentConfigs, budgetLimits, type budgetActions, type budgetScopes } from './schema.js'
import { periodBounds, type BudgetPeriod } from './budget-periods.js'

export const budgetSchema = createSelectSchema(budgetLimits)
export type Budget = z.infer<typeof budgetSchema>
/** A budget with what was spent in its current period; readOnly when it governs the instance and the caller is not its administrator. */
export const budgetStatusSchema = budgetSchema.extend({
  spentUsd: z.number(),
  readOnly: z.boolean(),
  periodStart: z.string(),
  periodEnd: z.string(),
})
export type BudgetInput = {
  name: string
  scopeType: (typeof budgetScopes)[number]
  scopeAgentId?: string | null
  scopeAgentRole?: string | null
  amountUsd: number
  period: BudgetPeriod
  alertThreshold?: number
  actionOnExceed?: (typeof budgetActions)[number]
  isActive?: boolean
}

async function checkScope(ctx: ServiceContext, input: Pick<BudgetInput, 'scopeType' | 'scopeAgentId' | 'scopeAgentRole'>) {
  if (input.scopeType === 'global' && !isInstanceAdmin(ctx.actor)) {
    throw new ForbiddenError('Only an instance administrator may set a global budget; use scopeType "workspace" for this workspace')
  }
  if (input.scopeType === 'agent') {
    if (!input.scopeAgentId)
      throw new ValidationError('An agent budget needs scopeAgentId', [{ path: 'scopeAgentId', message: 'Required' }])
    const [agent] = await ctx.database.db
      .select({ id: agentConfigs.id })
      .from(agentConfigs)
      .where(and(eq(agentConfigs.workspaceId, ctx.workspaceId), eq(agentConfigs.id, input.scopeAgentId)))
    if (!agent) throw new ValidationError('Unknown agent', [{ path: 'scopeAgentId', message: 'No such agent in this workspace' }])
  }
  if (input.scopeType === 'agent_role' && !input.scopeAgentRole) {
    throw new ValidationError('An agent_role budget needs scopeAgentRole', [{ path: 'scopeAgentRole', message: 'Required' }])
  }
}

export async function createBudget(ctx: ServiceContext, input: BudgetInput): Promise<Budget> {
  await checkScope(ctx, input)
  const [row] = await ctx.database.db
    .insert(budgetLimits)
    .values({
      ...input,
      workspaceId: ctx.workspaceId,
      scopeAgentId: input.scopeType === 'agent' ? input.scopeAgentId : null,
      scopeAgentRole: input.scopeType === 'agent_role' ? input.scopeAgentRole : null,
    })
    .returning()
  return row
}

export async function updateBudget(ctx: ServiceContext, id: string, input: Partial<BudgetInput>): Promise<Budget> {
  const current = await getBudgetToChange(ctx, id)
  await checkScope(ctx, { ...current, ...input })
  const [row] = await ctx.database.db
    .update(budgetLimits)
    .set({ ...input, updatedAt: sql`now()` })
    .where(eq(budgetLimits.id, current.id))
    .returning()
  return row
}

/** Budgets this workspace can see: its own and the global ones that govern it. */
const visibleBudgets = (ctx: ServiceContext) => or(eq(budgetLimits.workspaceId, ctx.workspaceId), eq(budgetLimits.scopeType, 'global'))

export async function getBudget(ctx: ServiceContext, id: string): Promise<Budget> {
  const [row] = await ctx.database.db
    .select()
    .from(budgetLimits)
    .where(and(visibleBudgets(ctx), eq(budgetLimits.id, id)))
  if (!row) throw new NotFoundError('Budget')
  return row
}

/** A workspace's own budget, or a global one for an instance administrator; a global budget is read-only to others. */
async function getBudgetToChange(ctx: ServiceContext, id: string): Promise<Budget> {
  const budget = await getBudget(ctx, id)
  if (budget.scopeType === 'global' && !isInstanceAdmin(ctx.actor)) {
    throw new ForbiddenError('Global budgets are managed by the instance administrator')
  }
  if (budget.scopeType !== 'global' && budget.workspaceId !== ctx.workspaceId) throw new NotFoundError('Budget')
  return budget
}

export async function deleteBudget(ctx: ServiceContext, id: string): Promise<void> {
  const budget = await getBudgetToChange(ctx, id)
  await ctx.database.db.delete(budgetLimits).where(eq(budgetLimits.id, budget.id))
}

/** USD spent within [start, end) by the calls the budget covers; `onlyWorkspaceId` narrows a global budget's
 * count to one workspace (what a governed workspace is shown). */
export async function budgetSpend(
  ctx: ServiceContext,
  budget: Budget,
  now: Date = new Date(),
  onlyWorkspaceId: string | null = null,
): Promise<number> {
  const { start, end } = periodBounds(budget.period, now)
  const [row] = await ctx.database.query<{ spent: number }>(
    `SELECT coalesce(sum(cost_usd), 0)::float8 AS spent FROM ai_call_log
     WHERE created_at >= $1 AND created_at < $2
       AND (($3 = 'global' AND $7::uuid IS NULL) OR workspace_id = coalesce($7::uuid, $4))
       AND ($3 <> 'agent' OR agent_id = $5)
       AND ($3 <> 'agent_role' OR agent_role = $6)`,
    [
      start.toISOString(),
      end.toISOString(),
      budget.scopeType,
      budget.workspaceId,
      budget.scopeAgentId,
      budget.scopeAgentRole,
      onlyWorkspaceId,
    ],
  )
  return row.spent
}

/** This workspace's budgets and the global ones; a global budget's spend is the whole instance's for an instance
 * administrator and this workspace's own for everyone else. */
export async function listBudgets(ctx: ServiceContext, now: Date = new Date()): Promise<Array<z.infer<typeof budgetStatusSchema>>> {
  const rows = await ctx.database.db.select().from(budgetLimits).where(visibleBudgets(ctx)).orderBy(asc(budgetLimits.createdAt))
  const instanceAdmin = isInstanceAdmin(ctx.actor)
  return Promise.all(
    rows.map(async (budget) => {
      const { start, end } = periodBounds(budget.period, now)
      const governedOnly = budget.scopeType === 'global' && !instanceAdmin
      return {
        ...budget,
        spentUsd: await budgetSpend(ctx, budget, now, governedOnly ? ctx.workspaceId : null),
        readOnly: governedOnly,
        periodStart: start.toISOString(),
        periodEnd: end.toISOString(),
      }
    }),
  )
}

export type BudgetSubject = { agentId: string | null; agentRole: string | null }

/**
 * Before a call: for each budget covering it, spend so far in the period plus the call's estimated cost.
 * Crossing the alert threshold (or the amount, for warn budgets) notifies once per period and threshold;
 * going over a block budget throws BudgetExceededError naming when the period ends.
 */
export async function checkBudgets(
  ctx: ServiceContext,
  subject: BudgetSubject,
  estimatedCostUsd: number,
  now: Date = new Date(),
): Promise<void> {
  const budgets = await ctx.database.query<{ id: string }>(
    `SELECT id FROM budget_limits WHERE is_active AND (scope_type = 'global' OR (workspace_id = $1 AND (
       scope_type = 'workspace' OR (scope_type = 'agent' AND scope_agent_id = $2)
       OR (scope_type = 'agent_role' AND scope_agent_role = $3))))`,
    [ctx.workspaceId, subject.agentId, subject.agentRole],
  )
  if (budgets.length === 0) return
  const rows = await ctx.database.db
    .select()
    .from(budgetLimits)
    .where(
      inArray(
        budgetLimits.id,
        budgets.map((b) => b.id),
      ),
    )
  for (const budget of rows) {
    const spent = await budgetSpend(ctx, budget, now)
    const projected = spent + estimatedCostUsd
    const { start, end } = periodBounds(budget.period, now)
    if (projected > budget.amountUsd) {
      await alertOnce(ctx, budget, 1, spent, start)
      if (budget.actionOnExceed === 'block') {
        // The instance-wide spend behind a global budget is not this workspace's to see.
        const othersSpend = budget.scopeType === 'global' && !isInstanceAdmin(ctx.actor)
        throw new BudgetExceededError(`Budget "${budget.name}" (${budget.period}, $${budget.amountUsd}) would be exceeded`, {
          budgetId: budget.id,
          scope: budget.scopeType,
          amountUsd: budget.amountUsd,
          ...(othersSpend ? {} : { spentUsd: spent }),
          estimatedCostUsd,
          periodEndsAt: end.toISOString(),
        })
      }
    } else if (projected >= budget.amountUsd * budget.alertThreshold) {
      await alertOnce(ctx, budget, budget.alertThreshold, spent, start)
    }
  }
}

async function alertOnce(ctx: ServiceContext, budget: Budget, threshold: number, spent: number, periodStart: Date) {
  const inserted = await ctx.database.query<{ id: string }>(
    `INSERT INTO budget_alerts (workspace_id, budget_id, period_start, threshold, spent_usd) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (budget_id, period_start, threshold) DO NOTHING RETURNING id`,
    [budget.workspaceId, budget.id, periodStart.toISOString().slice(0, 10), threshold, spent],
  )
  if (inserted.length === 0) return
  const exceeded = threshold >= 1
  const percent = Math.round(threshold * 100)
  const message = exceeded
    ? `Budget "${budget.name}" reached its ${budget.period} limit of $${budget.amountUsd} (spent $${spent.toFixed(4)}); action: ${budget.actionOnExceed}.`
    : `Budget "${budget.name}" passed ${percent}% of its ${budget.period} limit of $${budget.amountUsd} (spent $${spent.toFixed(4)}).`
  ctx.log.warn({ budgetId: budget.id, threshold, spentUsd: spent, amountUsd: budget.amountUsd }, message)
  // The notification goes to the budget's own workspace (a global budget may be hit from another one).
  await createNotification(
    { ...ctx, workspaceId: budget.workspaceId },
    {
      type: exceeded ? 'budget_exceeded' : 'budget_threshold',
      title: exceeded ? `Budget limit reached: ${budget.name}` : `Budget at ${percent}%: ${budget.name}`,
      message,
      severity: exceeded ? 'critical' : 'warning',
      metadata: { budgetId: budget.id, threshold, spentUsd: spent, amountUsd: budget.amountUsd, periodStart: periodStart.toISOString() },
    },
  )
}
