import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import { startFakeOpenAi, type FakeOpenAi } from '../../../test/fakes/openai-server.js'
import { configureRemoteAssistant, ingestTeamChat, messageIdOf, passageNumberIn } from '../../../test/helpers/team-chat.js'
import { createTestUser, login } from '../../../test/helpers/identity.js'
import type { ServiceContext } from '../../lib/context.js'
import { createBudget, updateAgent } from '../llm/index.js'
import { answerQuestion, budgetBlockedText, streamAnswer, type AnswerEvent } from './answer.js'
import { noAnswerText } from './prompt.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
let t: TestApp
let ctx: ServiceContext
let fake: FakeOpenAi

const api = (method: string, url: string, payload?: unknown, headers: Record<string, string> = t.auth) =>
  t.app.inject({ method: method as any, url: `/api/v1${url}`, headers, payload: payload as any })

beforeAll(async () => {
  fake = await startFakeOpenAi()
  t = await testApp()
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'local-token' }, log: silentLog, config: testConfig() }
  await ingestTeamChat(ctx)
}, 300_000)
afterAll(async () => {
  await t?.app.close()
  await fake?.close()
})

describe('the assistant without an API key (local extractive answers)', () => {
  it('answers with a numbered citation that resolves to the message holding the fact', async () => {
    const res = await api('POST', '/assistant/ask', { question: 'When does the TLS certificate expire?' })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.status).toBe('complete')
    expect(body.content).toMatch(/March/)
    expect(body.citations.length).toBeGreaterThan(0)
    const first = body.citations[0]
    expect(body.content).toContain(`[${first.n}]`)
    expect(first.messageId).toBe(await messageIdOf(ctx, 'ops-5'))
    expect(first.url).toBe(`/conversations/${first.conversationId}?message=${first.messageId}`)
    expect(first).toMatchObject({ conversationTitle: '#ops', authorName: 'BOB', sourceType: 'slack' })
    expect(body.response).toMatchObject({ model: 'local-analyser', status: 'complete' })
    expect(body.response.retrievedChunkIds.length).toBeGreaterThan(0)
    expect(body.thread.title).toBe('When does the TLS certificate expire?')
    // The call went through the LLM call path: logged with its purpose.
    const [logged] = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM ai_call_log WHERE purpose = 'assistant'")
    expect(logged.n).toBeGreaterThan(0)
  })

  it('says plainly when the data holds no answer, and cites nothing', async () => {
    const res = await api('POST', '/assistant/ask', { question: 'Which hotel did we book for the Lisbon offsite?' })
    const body = res.json()
    expect(body.status).toBe('declined')
    expect(body.content).toBe(noAnswerText)
    expect(body.citations).toEqual([])
  })

  it('streams the answer as Server-Sent Events over a real HTTP connection', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' })
    const response = await fetch(`${address}/api/v1/assistant/ask/stream`, {
      method: 'POST',
      headers: { ...t.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'Why did the production deploy fail?' }),
    })
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/)
    const events = parseSse(await response.text())
    const names = events.map((e) => e.event)
    expect(names[0]).toBe('thread')
    expect(names[1]).toBe('sources')
    expect(names.filter((n) => n === 'delta').length).toBeGreaterThan(1)
    expect(names.at(-1)).toBe('done')
    const done = events.at(-1)!.data
    const streamed = events
      .filter((e) => e.event === 'delta')
      .map((e) => e.data.text)
      .join('')
    expect(streamed).toBe(done.content)
    expect(done.citations.map((c: { messageId: string }) => c.messageId)).toContain(await messageIdOf(ctx, 'ops-2'))
  })

  it('an unknown thread is a 404 before any event is sent', async () => {
    const res = await api('POST', '/assistant/ask/stream', { question: 'hello', threadId: '00000000-0000-4000-8000-000000000000' })
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('not_found')
    const bad = await api('POST', '/assistant/ask', { question: '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details[0].path, bad.body).toBe('body.question')
  })
})

describe('threads', () => {
  it('lists, renames, exports as Markdown and deletes a thread', async () => {
    const asked = (await api('POST', '/assistant/ask', { question: 'Who signed the annual contract?' })).json()
    const threadId = asked.thread.id
    const listed = (await api('GET', '/assistant/threads')).json().items
    expect(listed[0].id).toBe(threadId)
    const renamed = await api('PATCH', `/assistant/threads/${threadId}`, { title: 'Acme contract' })
    expect(renamed.json().title).toBe('Acme contract')
    const read = (await api('GET', `/assistant/threads/${threadId}`)).json()
    expect(read.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant'])
    const exported = await api('GET', `/assistant/threads/${threadId}/export`)
    expect(exported.headers['content-type']).toMatch(/text\/markdown/)
    expect(exported.body).toContain('# Acme contract')
    expect(exported.body).toContain('## You\n\nWho signed the annual contract?')
    expect(exported.body).toMatch(/Sources:\n\n1\. DEE, #sales/)
    expect((await api('DELETE', `/assistant/threads/${threadId}`)).statusCode).toBe(204)
    expect((await api('GET', `/assistant/threads/${threadId}`)).statusCode).toBe(404)
    const [left] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM assistant_messages WHERE thread_id = $1', [
      threadId,
    ])
    expect(left.n).toBe(0)
  })

  it("another person cannot read, rename or rate someone else's thread", async () => {
    const asked = (await api('POST', '/assistant/ask', { question: 'Who asked for a refund?' })).json()
    const user = await createTestUser(t.database, { workspaceId: t.defaultWorkspaceId })
    const session = await login(t.app, user.username)
    expect((await api('GET', `/assistant/threads/${asked.thread.id}`, undefined, session.headers)).statusCode).toBe(404)
    expect((await api('GET', '/assistant/threads', undefined, session.headers)).json().items).toEqual([])
    expect((await api('PATCH', `/assistant/threads/${asked.thread.id}`, { title: 'x' }, session.headers)).statusCode).toBe(404)
    expect((await api('POST', `/assistant/messages/${asked.messageId}/feedback`, { rating: 'down' }, session.headers)).statusCode).toBe(404)
  })
})

describe('feedback and analytics', () => {
  it('stores thumbs up/down with a comment and sums answers by day and model', async () => {
    const asked = (await api('POST', '/assistant/ask', { question: 'Are pods being evicted?' })).json()
    const rated = await api('POST', `/assistant/messages/${asked.messageId}/feedback`, { rating: 'down', comment: 'too short' })
    expect(rated.statusCode, rated.body).toBe(200)
    expect(rated.json()).toMatchObject({ feedbackRating: 'down', feedbackComment: 'too short' })
    const again = await api('POST', `/assistant/messages/${asked.messageId}/feedback`, { rating: 'up' })
    expect(again.json()).toMatchObject({ feedbackRating: 'up', feedbackComment: null })
    const analytics = (await api('GET', '/assistant/analytics')).json()
    const local = analytics.rows.find((r: { model: string }) => r.model === 'local-analyser')
    expect(local.answers).toBeGreaterThanOrEqual(3)
    // A question with nothing retrieved is declined without asking any model: it is counted under model 'none'.
    expect(analytics.rows.reduce((sum: number, r: { declined: number }) => sum + r.declined, 0)).toBeGreaterThanOrEqual(1)
    expect(local.thumbsUp).toBe(1)
    expect(analytics.feedback[0]).toMatchObject({ messageId: asked.messageId, rating: 'up' })
  })
})

describe('the assistant with a remote model', () => {
  let agentId: string
  beforeAll(async () => {
    agentId = await configureRemoteAssistant(ctx, fake.url)
  })

  it('streams the model answer and keeps only the citations it used, resolved to the right messages', async () => {
    fake.enqueue({
      kind: 'compute',
      content: (body) => `It expires in March next year [${passageNumberIn(body, 'TLS certificate')}].`,
      usage: { prompt_tokens: 300, completion_tokens: 12 },
    })
    const { answer, thread } = await answerQuestion(ctx, { question: 'When does the TLS certificate expire?', source: 'api' })
    expect(answer.status).toBe('complete')
    expect(answer.citations).toHaveLength(1)
    expect(answer.citations[0].messageId).toBe(await messageIdOf(ctx, 'ops-5'))
    expect(answer.response).toMatchObject({ model: 'gpt-4o-mini', tokensIn: 300, tokensOut: 12, temperature: 0.2, status: 'complete' })
    expect(answer.response.costUsd).toBeGreaterThan(0)
    expect(answer.response.callId).not.toBeNull()
    expect(thread.source).toBe('api')
    const request = fake.chatRequests().at(-1)!.body
    expect(request.stream).toBe(true)
    // Passages travel inside a <data> block under the data guard.
    expect(request.messages.filter((m: { role: string }) => m.role === 'system').at(-1).content).toContain('<data name="passages">')
  })

  it('a follow-up uses the thread: earlier turns go to the model and retrieval keeps the subject', async () => {
    fake.enqueue({
      kind: 'compute',
      content: (body) => `The deploy failed on a migration timeout [${passageNumberIn(body, 'migration timed out')}].`,
    })
    const first = await answerQuestion(ctx, { question: 'Why did the production deploy fail?', source: 'web' })
    fake.enqueue({ kind: 'compute', content: (body) => `Ada will roll it back [${passageNumberIn(body, 'roll back')}].` })
    const follow = await answerQuestion(ctx, {
      threadId: first.thread.id,
      question: 'And what will we do about the timeout?',
      source: 'web',
    })
    const request = fake.chatRequests().at(-1)!.body
    const contents = request.messages.map((m: { content: string }) => m.content)
    expect(contents).toContain('Why did the production deploy fail?')
    expect(contents).toContain(first.answer.content)
    expect(contents.at(-1)).toBe('And what will we do about the timeout?')
    expect(follow.answer.content, JSON.stringify(request.messages)).toMatch(/\[\d\]/)
    expect(follow.answer.citations[0].messageId).toBe(await messageIdOf(ctx, 'ops-3'))
    expect(follow.thread.id).toBe(first.thread.id)
  })

  it('an answer without any valid citation counts as declined', async () => {
    fake.enqueue({ kind: 'content', content: `${noAnswerText}` })
    const { answer } = await answerQuestion(ctx, { question: 'What is the coffee machine budget?', source: 'web' })
    expect(answer.status).toBe('declined')
    expect(answer.citations).toEqual([])
  })

  it('user context saved by the person goes into the prompt', async () => {
    const saved = await api('PUT', '/assistant/context', {
      workContext: 'Site reliability lead for the payments API',
      longTermGoals: ['zero downtime deploys'],
    })
    expect(saved.statusCode, saved.body).toBe(200)
    fake.enqueue({ kind: 'content', content: 'Noted [1].' })
    await api('POST', '/assistant/ask', { question: 'What broke in production?' })
    const system = fake
      .chatRequests()
      .at(-1)!
      .body.messages.filter((m: { role: string }) => m.role === 'system')
      .map((m: { content: string }) => m.content)
      .join('\n')
    expect(system).toContain('Work context: Site reliability lead for the payments API')
    expect(system).toContain('Goals: zero downtime deploys')
    expect((await api('DELETE', '/assistant/context')).statusCode).toBe(204)
    expect((await api('GET', '/assistant/context')).json()).toMatchObject({ workContext: null, longTermGoals: [] })
  })

  it('a stream cut mid-way keeps the partial answer and reports the error', async () => {
    fake.enqueue({ kind: 'cut', content: 'The deploy failed because' })
    const events: AnswerEvent[] = []
    for await (const event of streamAnswer(ctx, { question: 'Why did the production deploy fail?', source: 'web' })) events.push(event)
    const last = events.at(-1)!
    expect(last.type).toBe('error')
    if (last.type !== 'error') return
    expect(last.code).toBe('llm_provider_error')
    expect(last.answer.status).toBe('interrupted')
    expect(last.answer.content).toBe('The deploy failed because')
    const [stored] = await t.database.query<{ status: string; content: string }>(
      'SELECT status, content FROM assistant_messages WHERE id = $1',
      [last.answer.messageId],
    )
    expect(stored).toEqual({ status: 'interrupted', content: 'The deploy failed because' })
  })

  it('a blocked budget gives a clear message, not a failure, and does not call the model', async () => {
    await createBudget(ctx, { name: 'tiny', scopeType: 'workspace', amountUsd: 0.000001, period: 'daily', actionOnExceed: 'block' })
    const before = fake.chatRequests().length
    const res = await api('POST', '/assistant/ask', { question: 'Who renewed the certificate?' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ status: 'blocked', content: budgetBlockedText, error: null })
    expect(fake.chatRequests().length).toBe(before)
    await updateAgent(ctx, agentId, { isActive: false })
  })
})

function parseSse(text: string): Array<{ event: string; data: any }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const event = block.match(/^event: (.*)$/m)?.[1] ?? 'message'
      const data = block.match(/^data: (.*)$/m)?.[1] ?? 'null'
      return { event, data: JSON.parse(data) }
    })
}
