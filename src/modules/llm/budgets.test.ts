import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase, testContext } from '../../../test/helpers/database.js'
import { startFakeOpenAi, type FakeOpenAi } from '../../../test/fakes/openai-server.js'
import type { ServiceContext } from '../../lib/context.js'
import { BudgetExceededError } from '../../lib/errors.js'
import { listNotifications } from '../notifications/index.js'
import { checkBudgets, createBudget, listBudgets, updateBudget } from './budgets.js'
import { periodBounds } from './budget-periods.js'
import { recordCall, type CallRecord } from './call-log.js'
import { createProvider } from './providers.js'
import { createAgent } from './agents.js'
import { runTask } from './run-task.js'

let ctx: ServiceContext
let fake: FakeOpenAi

const call = (costUsd: number, extra: Partial<CallRecord> = {}): CallRecord => ({
  providerId: null,
  provider: 'fake',
  model: 'gpt-4o-mini',
  agentId: null,
  agentRole: null,
  taskName: null,
  purpose: 'test',
  tokensIn: 0,
  tokensOut: 0,
  tokensCounted: false,
  costUsd,
  latencyMs: 1,
  attempts: 1,
  cached: false,
  status: 'ok',
  error: null,
  ...extra,
})

beforeAll(async () => {
  fake = await startFakeOpenAi()
  ctx = await testContext(await freshDatabase())
}, 300_000) // building the migrated template is slow on a loaded CI machine
afterAll(async () => {
  await fake.close()
})

describe('budget periods', () => {
  it('start at UTC midnight, on Monday and on the 1st', () => {
    const sunday = new Date('2026-03-15T23:59:59Z')
    expect(periodBounds('daily', sunday)).toEqual({ start: new Date('2026-03-15T00:00:00Z'), end: new Date('2026-03-16T00:00:00Z') })
    expect(periodBounds('weekly', sunday)).toEqual({ start: new Date('2026-03-09T00:00:00Z'), end: new Date('2026-03-16T00:00:00Z') })
    expect(periodBounds('monthly', new Date('2026-12-31T12:00:00Z'))).toEqual({
      start: new Date('2026-12-01T00:00:00Z'),
      end: new Date('2027-01-01T00:00:00Z'),
    })
  })
})

describe('checkBudgets', () => {
  it('counts only the spend inside the period and blocks when spend plus the estimate passes the amount', async () => {
    const budget = await createBudget(ctx, {
      name: 'daily cap',
      scopeType: 'workspace',
      amountUsd: 1,
      period: 'daily',
      actionOnExceed: 'block',
    })
    await recordCall(ctx, call(0.9), new Date('2026-03-09T23:59:59.999Z'))
    await recordCall(ctx, call(0.5), new Date('2026-03-10T00:00:00.000Z'))

    const lastMomentOfNinth = new Date('2026-03-09T23:59:59.999Z')
    const blocked = await checkBudgets(ctx, { agentId: null, agentRole: null }, 0.2, lastMomentOfNinth).catch((e) => e)
    expect(blocked).toBeInstanceOf(BudgetExceededError)
    expect(blocked.details).toMatchObject({ budgetId: budget.id, spentUsd: 0.9, periodEndsAt: '2026-03-10T00:00:00.000Z' })

    const tenth = new Date('2026-03-10T12:00:00Z')
    await expect(checkBudgets(ctx, { agentId: null, agentRole: null }, 0.5, tenth)).resolves.toBeUndefined()
    await expect(checkBudgets(ctx, { agentId: null, agentRole: null }, 0.51, tenth)).rejects.toBeInstanceOf(BudgetExceededError)
    await updateBudget(ctx, budget.id, { isActive: false })
  })

  it('warns once per period and threshold, then again in the next period', async () => {
    const budget = await createBudget(ctx, {
      name: 'weekly warn',
      scopeType: 'agent_role',
      scopeAgentRole: 'coder',
      amountUsd: 10,
      period: 'weekly',
      alertThreshold: 0.5,
      actionOnExceed: 'warn',
    })
    const coder = { agentId: null, agentRole: 'coder' }
    await recordCall(ctx, call(6, { agentRole: 'coder' }), new Date('2026-03-11T10:00:00Z'))
    await recordCall(ctx, call(100, { agentRole: 'reviewer' }), new Date('2026-03-11T10:00:00Z'))
    const wednesday = new Date('2026-03-11T12:00:00Z')
    await checkBudgets(ctx, coder, 0.1, wednesday)
    await checkBudgets(ctx, coder, 0.1, wednesday)
    await checkBudgets(ctx, coder, 5, wednesday) // over the amount: a warn budget lets the call through, alerting at 100%
    await checkBudgets(ctx, coder, 5, wednesday)
    await checkBudgets(ctx, coder, 5.5, new Date('2026-03-16T00:00:00Z')) // next week (Monday): spend restarts at 0
    const alerts = (await listNotifications(ctx)).filter((n) => n.metadata.budgetId === budget.id)
    expect(alerts.map((n) => [n.type, n.metadata.threshold, n.metadata.periodStart])).toEqual([
      ['budget_threshold', 0.5, '2026-03-16T00:00:00.000Z'],
      ['budget_exceeded', 1, '2026-03-09T00:00:00.000Z'],
      ['budget_threshold', 0.5, '2026-03-09T00:00:00.000Z'],
    ])
    const listed = (await listBudgets(ctx, wednesday)).find((b) => b.id === budget.id)
    expect(listed?.spentUsd).toBe(6)
    await updateBudget(ctx, budget.id, { isActive: false })
  })

  it('a block budget on an agent stops runTask before the provider is called, and the refusal is logged', async () => {
    const provider = await createProvider(ctx, { name: 'fake', type: 'openai_compatible', baseUrl: fake.url })
    const agent = await createAgent(ctx, { name: 'pricey', role: 'analyst', providerId: provider.id, modelName: 'gpt-4o', maxTokens: 1000 })
    // gpt-4o at $10 per 1M output tokens: 1000 output tokens alone are estimated at $0.01.
    await createBudget(ctx, {
      name: 'tiny',
      scopeType: 'agent',
      scopeAgentId: agent.id,
      amountUsd: 0.005,
      period: 'monthly',
      actionOnExceed: 'block',
    })
    const error = await runTask(ctx, {
      task: 'summarisation',
      agentId: agent.id,
      input: { messages: [{ id: 'm1', content: 'hello' }] },
      purpose: 'budget-test',
    }).catch((e) => e)
    expect(error).toBeInstanceOf(BudgetExceededError)
    expect(error.httpStatus).toBe(402)
    expect(fake.chatRequests()).toHaveLength(0)
    const [logged] = await ctx.database.query<{ status: string; cost_usd: number }>(
      "SELECT status, cost_usd FROM ai_call_log WHERE purpose = 'budget-test'",
    )
    expect(logged).toEqual({ status: 'blocked', cost_usd: 0 })
  })
})
