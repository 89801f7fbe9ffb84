import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import type { ServiceContext } from '../../lib/context.js'
import { pruneExpiredFacts, recallFacts, rememberFact } from './agent-memory.js'
import { buildAnswerPrompt } from './prompt.js'
import { memoriesForPrompt } from './agent-memory.js'

let t: Awaited<ReturnType<typeof testApp>>
let ctx: ServiceContext
const api = (method: string, url: string, payload?: unknown) =>
  t.app.inject({ method: method as any, url: `/api/v1${url}`, headers: t.auth, payload: payload as any })

beforeAll(async () => {
  t = await testApp()
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'local-token' }, log: silentLog, config: testConfig() }
}, 300_000)
afterAll(async () => {
  await t?.app.close()
})

describe('agent memory', () => {
  it('recalls unexpired facts by relevance, weighted by importance, and replaces a fact with the same key', async () => {
    await rememberFact(ctx, {
      category: 'ops',
      key: 'deploy window',
      content: 'Production deploys happen on Tuesdays after 14:00',
      importance: 8,
    })
    await rememberFact(ctx, { category: 'ops', key: 'on-call', content: 'Bob is on call for deploys this week', importance: 3 })
    await rememberFact(ctx, { category: 'sales', key: 'pricing', content: 'Enterprise tier costs 40 euros per seat', importance: 9 })
    await rememberFact(ctx, {
      category: 'ops',
      key: 'freeze',
      content: 'Deploy freeze until Monday',
      expiresAt: new Date(Date.now() - 60_000),
    })
    const facts = await recallFacts(ctx, { q: 'when can we deploy?' })
    expect(facts.map((f) => f.key)).toEqual(['deploy window', 'on-call'])
    await rememberFact(ctx, { category: 'ops', key: 'deploy window', content: 'Deploys moved to Wednesdays', importance: 8 })
    const replaced = await recallFacts(ctx, { q: 'deploy' })
    expect(replaced.filter((f) => f.key === 'deploy window').map((f) => f.content)).toEqual(['Deploys moved to Wednesdays'])
    expect(await pruneExpiredFacts(ctx)).toBe(1)
  })

  it('puts the relevant facts in the assistant prompt', async () => {
    const memories = await memoriesForPrompt(ctx, 'How much is the enterprise tier?')
    const prompt = buildAnswerPrompt({
      question: 'How much is the enterprise tier?',
      passages: [],
      history: [],
      memories,
      limits: { contextWindow: null, maxOutputTokens: null },
    })
    expect(prompt.messages[0].content).toContain('- pricing: Enterprise tier costs 40 euros per seat')
    expect(prompt.messages[0].content).not.toContain('Wednesdays')
  })

  it('is visible and deletable over HTTP, with field errors for bad input', async () => {
    const stored = await api('PUT', '/assistant/memory', { category: 'team', key: 'standup', content: 'Standup is at 9:30', importance: 4 })
    expect(stored.statusCode, stored.body).toBe(200)
    const listed = (await api('GET', '/assistant/memory?q=standup')).json().items
    expect(listed.map((m: { key: string }) => m.key)).toEqual(['standup'])
    const bad = await api('PUT', '/assistant/memory', { category: 'team', key: 'x', content: 'y', importance: 11 })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details[0].path).toBe('body.importance')
    expect((await api('DELETE', `/assistant/memory/${stored.json().id}`)).statusCode).toBe(204)
    expect((await api('GET', '/assistant/memory?q=standup')).json().items).toEqual([])
  })
})
