// Replays issue 18 item 1: a workspace admin created a `global` budget that blocked every other workspace,
// revealed its name and amount and counted their spend. Global budgets are now the instance admin's alone;
// the workspaces they govern see them read-only with their own spend, and no workspace budget reaches another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { testApp } from '../helpers/app.js'
import { silentLog, testConfig } from '../helpers/database.js'
import { createTestUser, createTestWorkspace, login } from '../helpers/identity.js'
import type { Database } from '../../src/db/client.js'
import type { ServiceContext } from '../../src/lib/context.js'
import { BudgetExceededError } from '../../src/lib/errors.js'
import { checkBudgets } from '../../src/modules/llm/budgets.js'
import { recordCall, type CallRecord } from '../../src/modules/llm/call-log.js'

let app: FastifyInstance
let database: Database
let workspaceA: string
let workspaceB: string
let headersA: Record<string, string>
let headersB: Record<string, string>
let headersInstanceAdmin: Record<string, string>

const call = (costUsd: number): CallRecord => ({
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
})
const contextOf = (workspaceId: string): ServiceContext => ({
  database,
  workspaceId,
  actor: { kind: 'user', userId: '00000000-0000-0000-0000-000000000001', role: 'owner' },
  log: silentLog,
  config: testConfig(),
})
const subject = { agentId: null, agentRole: null }

beforeAll(async () => {
  const built = await testApp()
  app = built.app
  database = built.database
  const ownerA = await createTestUser(database)
  const ownerB = await createTestUser(database)
  const admin = await createTestUser(database, { isAdmin: true })
  workspaceA = (await createTestWorkspace(database, ownerA.id)).id
  workspaceB = (await createTestWorkspace(database, ownerB.id)).id
  const adminWorkspace = (await createTestWorkspace(database, admin.id)).id
  headersA = { ...(await login(app, ownerA.username, undefined, '10.18.0.1')).headers, 'x-signalbox-workspace': workspaceA }
  headersB = { ...(await login(app, ownerB.username, undefined, '10.18.0.2')).headers, 'x-signalbox-workspace': workspaceB }
  headersInstanceAdmin = { ...(await login(app, admin.username, undefined, '10.18.0.3')).headers, 'x-signalbox-workspace': adminWorkspace }
  await recordCall(contextOf(workspaceA), call(0.25))
  await recordCall(contextOf(workspaceB), call(0.5))
}, 300_000)
afterAll(async () => {
  await app.close()
})

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
  app.inject({ method, url: `/api/v1${url}`, headers, payload: payload as any })

describe('cross-workspace budget walk', () => {
  it('refuses a global budget from a workspace admin, and their workspace budget never reaches another workspace', async () => {
    const global = await api('POST', '/llm/budgets', headersB, {
      name: 'grief',
      scopeType: 'global',
      amountUsd: 0.000001,
      period: 'daily',
      actionOnExceed: 'block',
    })
    expect(global.statusCode).toBe(403)

    const own = await api('POST', '/llm/budgets', headersB, {
      name: 'b-only',
      scopeType: 'workspace',
      amountUsd: 0.000001,
      period: 'daily',
      actionOnExceed: 'block',
    })
    expect(own.statusCode).toBe(201)
    // B's own budget counts B's spend only (0.5), not A's (0.25) ...
    const listedB = (await api('GET', '/llm/budgets', headersB)).json().items
    expect(listedB.find((b: any) => b.id === own.json().id).spentUsd).toBeCloseTo(0.5)
    // ... is invisible, unchangeable and not in force for A.
    const listedA = (await api('GET', '/llm/budgets', headersA)).json().items
    expect(listedA.map((b: any) => b.id)).not.toContain(own.json().id)
    expect((await api('PATCH', `/llm/budgets/${own.json().id}`, headersA, { amountUsd: 100 })).statusCode).toBe(404)
    expect((await api('DELETE', `/llm/budgets/${own.json().id}`, headersA)).statusCode).toBe(404)
    await expect(checkBudgets(contextOf(workspaceA), subject, 0.01)).resolves.toBeUndefined()
    await expect(checkBudgets(contextOf(workspaceB), subject, 0.01)).rejects.toBeInstanceOf(BudgetExceededError)
    await api('DELETE', `/llm/budgets/${own.json().id}`, headersB)
  })

  it('lets the instance admin set a global budget that governed workspaces see read-only, with their own spend only', async () => {
    const created = await api('POST', '/llm/budgets', headersInstanceAdmin, {
      name: 'instance cap',
      scopeType: 'global',
      amountUsd: 0.6,
      period: 'daily',
      actionOnExceed: 'block',
    })
    expect(created.statusCode).toBe(201)
    const id = created.json().id

    const seenByAdmin = (await api('GET', '/llm/budgets', headersInstanceAdmin)).json().items.find((b: any) => b.id === id)
    expect(seenByAdmin).toMatchObject({ readOnly: false })
    expect(seenByAdmin.spentUsd).toBeCloseTo(0.75)
    const seenByA = (await api('GET', '/llm/budgets', headersA)).json().items.find((b: any) => b.id === id)
    expect(seenByA).toMatchObject({ readOnly: true, name: 'instance cap' })
    expect(seenByA.spentUsd).toBeCloseTo(0.25)

    expect((await api('PATCH', `/llm/budgets/${id}`, headersA, { amountUsd: 1000 })).statusCode).toBe(403)
    expect((await api('DELETE', `/llm/budgets/${id}`, headersA)).statusCode).toBe(403)
    expect((await api('PATCH', `/llm/budgets/${id}`, headersA, { scopeType: 'workspace' })).statusCode).toBe(403)

    // In force everywhere; the 402 a governed workspace gets does not carry the instance-wide spend.
    const blocked = await checkBudgets(contextOf(workspaceA), subject, 0.01).catch((e) => e)
    expect(blocked).toBeInstanceOf(BudgetExceededError)
    expect(blocked.details).not.toHaveProperty('spentUsd')

    expect((await api('PATCH', `/llm/budgets/${id}`, headersInstanceAdmin, { amountUsd: 10 })).statusCode).toBe(200)
    await expect(checkBudgets(contextOf(workspaceA), subject, 0.01)).resolves.toBeUndefined()
    expect((await api('DELETE', `/llm/budgets/${id}`, headersInstanceAdmin)).statusCode).toBe(204)
  })
})
