// The OpenAI-compatible endpoint, driven by the `openai` SDK itself over a real HTTP connection.
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import { createTestUser } from '../../../test/helpers/identity.js'
import { ingestTeamChat, messageIdOf } from '../../../test/helpers/team-chat.js'
import type { ServiceContext } from '../../lib/context.js'
import { createApiToken } from '../identity/index.js'

let t: Awaited<ReturnType<typeof testApp>>
let ctx: ServiceContext
let client: OpenAI
let baseURL: string
let readOnlyToken: string

beforeAll(async () => {
  t = await testApp()
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'system' }, log: silentLog, config: testConfig() }
  await ingestTeamChat(ctx)
  const user = await createTestUser(t.database, { workspaceId: t.defaultWorkspaceId })
  const token = await createApiToken(ctx, {
    userId: user.id,
    name: 'sdk',
    scopes: ['read', 'write'],
  })
  readOnlyToken = (await createApiToken(ctx, { userId: user.id, name: 'ro', scopes: ['read'] })).token
  baseURL = `${await t.app.listen({ port: 0, host: '127.0.0.1' })}/v1`
  client = new OpenAI({ baseURL, apiKey: token.token, maxRetries: 0 })
}, 300_000)
afterAll(async () => {
  await t?.app.close()
})

describe('POST /v1/chat/completions with the openai SDK', () => {
  it('answers with citations (not streaming)', async () => {
    const completion = await client.chat.completions.create({
      model: 'signalbox',
      messages: [{ role: 'user', content: 'When does the TLS certificate expire?' }],
    })
    const content = completion.choices[0].message.content ?? ''
    expect(content).toMatch(/March/)
    expect(content).toMatch(/Sources:\n\[\d+\] BOB, #ops, 2026-01-06: \/conversations\//)
    expect(completion.choices[0].finish_reason).toBe('stop')
    expect(completion.usage?.total_tokens).toBeGreaterThan(0)
    const citations = (completion as unknown as { citations: Array<{ messageId: string }> }).citations
    expect(citations[0].messageId).toBe(await messageIdOf(ctx, 'ops-5'))
  })

  it('streams chunks the SDK assembles into the same kind of answer', async () => {
    const stream = await client.chat.completions.create({
      model: 'signalbox',
      stream: true,
      messages: [
        { role: 'system', content: 'You are helpful.' },
        { role: 'user', content: 'Which customer asked for a refund?' },
      ],
    })
    let text = ''
    let chunks = 0
    let finish: string | null = null
    for await (const chunk of stream) {
      chunks++
      text += chunk.choices[0]?.delta?.content ?? ''
      finish = chunk.choices[0]?.finish_reason ?? finish
    }
    expect(chunks).toBeGreaterThan(2)
    expect(text).toMatch(/Globex/)
    expect(text).toContain('Sources:')
    expect(finish).toBe('stop')
    const [thread] = await t.database.query<{ source: string }>(
      "SELECT source FROM assistant_threads WHERE title = 'Which customer asked for a refund?'",
    )
    expect(thread.source).toBe('api')
  })

  it('lists the signalbox model', async () => {
    const models = await client.models.list()
    expect(models.data.map((m) => m.id)).toEqual(['signalbox'])
  })

  it('refuses a wrong key, a read-only token and a request without a user message, with clear errors', async () => {
    const wrong = new OpenAI({ baseURL, apiKey: 'sbx_not-a-real-token', maxRetries: 0 })
    await expect(wrong.chat.completions.create({ model: 'signalbox', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 401,
    })
    const readOnly = new OpenAI({ baseURL, apiKey: readOnlyToken, maxRetries: 0 })
    await expect(
      readOnly.chat.completions.create({ model: 'signalbox', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({ status: 403 })
    await expect(
      client.chat.completions.create({ model: 'signalbox', messages: [{ role: 'system', content: 'only a system prompt' }] }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('No user message'),
    })
  })
})
