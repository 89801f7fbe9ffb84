import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { testConfig } from '../../../test/helpers/database.js'
import { startFakeOpenAi, type FakeOpenAi } from '../../../test/fakes/openai-server.js'
import { createLogger } from '../../lib/logger.js'
import type { ServiceContext } from '../../lib/context.js'
import { createNotification } from '../notifications/index.js'
import { chatStream } from './chat-stream.js'

const apiKey = 'sk-secret-key-999-do-not-leak'
let logText = ''
const logStream = new Writable({
  write(chunk, _encoding, done) {
    logText += chunk.toString()
    done()
  },
})

let t: Awaited<ReturnType<typeof testApp>>
let fake: FakeOpenAi
let providerId: string
let agentId: string

const api = (method: string, url: string, payload?: unknown) =>
  t.app.inject({ method: method as any, url: `/api/v1${url}`, headers: t.auth, payload: payload as any })

beforeAll(async () => {
  fake = await startFakeOpenAi()
  const config = testConfig({ SIGNALBOX_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-llm-routes-')), LOG_LEVEL: 'debug' })
  t = await testApp({ config, log: createLogger('debug', logStream) })
}, 300_000) // building the migrated template is slow on a loaded CI machine
afterAll(async () => {
  await t?.app.close()
  await fake.close()
})

describe('providers over HTTP', () => {
  it('stores the key encrypted and never returns it', async () => {
    const created = await api('POST', '/llm/providers', { name: 'fake', type: 'openai_compatible', baseUrl: fake.url, apiKey })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ name: 'fake', hasApiKey: true, validationStatus: 'pending' })
    expect(created.body).not.toContain(apiKey)
    providerId = created.json().id

    const listed = await api('GET', '/llm/providers')
    expect(listed.body).not.toContain(apiKey)
    expect(listed.body).not.toContain('apiKeyEncrypted')
    const [row] = await t.database.query<{ api_key_encrypted: string }>('SELECT api_key_encrypted FROM llm_providers')
    expect(row.api_key_encrypted.startsWith('v1.')).toBe(true)
    expect(row.api_key_encrypted).not.toContain(apiKey)
  })

  it('asks for a base URL for openai_compatible providers', async () => {
    const res = await api('POST', '/llm/providers', { name: 'nourl', type: 'openai_compatible' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.details[0].path).toBe('baseUrl')
  })

  it('validation records an error without the key, then connected', async () => {
    fake.requiredKey = 'a-different-key'
    const failed = await api('POST', `/llm/providers/${providerId}/validate`)
    expect(failed.json()).toMatchObject({ validationStatus: 'error' })
    expect(failed.json().validationError).toMatch(/401/)
    expect(failed.body).not.toContain(apiKey)

    fake.requiredKey = apiKey
    const ok = await api('POST', `/llm/providers/${providerId}/validate`)
    expect(ok.json()).toMatchObject({ validationStatus: 'connected', validationError: null, models: ['gpt-4o-mini', 'fake-model'] })
    expect(ok.json().validatedAt).not.toBeNull()
  })
})

describe('validating a server without a models list', () => {
  it("falls back to a one-token completion with an agent's model", async () => {
    const provider = (await api('POST', '/llm/providers', { name: 'nolist', type: 'openai_compatible', baseUrl: fake.url, apiKey })).json()
    await api('POST', '/llm/agents', { name: 'nolist-agent', providerId: provider.id, modelName: 'fake-model' })
    fake.serveModelsList = false
    try {
      const res = await api('POST', `/llm/providers/${provider.id}/validate`)
      expect(res.json().validationStatus).toBe('connected')
      expect(fake.chatRequests().at(-1)?.body).toMatchObject({ model: 'fake-model', max_tokens: 1 })
    } finally {
      fake.serveModelsList = true
      await api('DELETE', `/llm/providers/${provider.id}`)
    }
  })
})

describe('agents, task configs and calls over HTTP', () => {
  it('rejects a temperature outside 0-2 with the field path', async () => {
    const res = await api('POST', '/llm/agents', { name: 'hot', modelName: 'gpt-4o-mini', temperature: 2.5 })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain('body.temperature')
  })

  it('runs a built-in task on the assigned agent and aggregates usage', async () => {
    const agent = await api('POST', '/llm/agents', {
      name: 'analyst',
      role: 'analyst',
      providerId,
      modelName: 'gpt-4o-mini',
      temperature: 0,
    })
    agentId = agent.json().id
    const tasks = (await api('GET', '/llm/task-configs')).json().items
    expect(tasks.map((task: { name: string }) => task.name)).toEqual(
      expect.arrayContaining([
        'noise_scoring',
        'topic_classification',
        'task_extraction',
        'atom_extraction',
        'summarisation',
        'answer_with_citations',
      ]),
    )
    const summarisation = tasks.find((task: { name: string }) => task.name === 'summarisation')
    expect((await api('POST', '/llm/assignments', { agentId, taskId: summarisation.id })).statusCode).toBe(200)

    fake.enqueue({ kind: 'content', content: { summary: 's', key_points: [] }, usage: { prompt_tokens: 2000, completion_tokens: 1000 } })
    const run = await api('POST', '/llm/run', {
      task: 'summarisation',
      input: { messages: [{ id: 'a', content: 'hi' }] },
      purpose: 'http-test',
    })
    expect(run.statusCode).toBe(200)
    expect(run.json()).toMatchObject({ output: { summary: 's', key_points: [] }, provider: 'fake', tokensIn: 2000, tokensOut: 1000 })

    // Edit the catalog price: the next call is priced at the new rate.
    const priced = await api('PUT', '/llm/models/gpt-4o-mini', { inputCostPerM: 1, outputCostPerM: 2 })
    expect(priced.json()).toMatchObject({ inputCostPerM: 1, outputCostPerM: 2 })
    fake.enqueue({ kind: 'content', content: { summary: 's', key_points: [] }, usage: { prompt_tokens: 2000, completion_tokens: 1000 } })
    const second = await api('POST', '/llm/run', {
      task: 'summarisation',
      input: { messages: [{ id: 'a', content: 'hi' }] },
      purpose: 'http-test',
    })
    expect(second.json().costUsd).toBeCloseTo(0.004, 12)

    const byModel = (await api('GET', '/llm/usage?groupBy=model')).json()
    const mini = byModel.rows.find((r: { key: string }) => r.key === 'gpt-4o-mini')
    // first call: 2000 x 0.15/1M + 1000 x 0.60/1M = 0.0009; second: 0.004
    expect(mini).toMatchObject({ calls: 2, tokensIn: 4000, tokensOut: 2000 })
    expect(mini.costUsd).toBeCloseTo(0.0049, 12)
    const byAgent = (await api('GET', '/llm/usage?groupBy=agent')).json()
    expect(byAgent.rows).toEqual([expect.objectContaining({ key: agentId, label: 'analyst', calls: 2 })])
    const byPurpose = (await api('GET', '/llm/usage?groupBy=purpose')).json()
    expect(byPurpose.rows[0]).toMatchObject({ key: 'http-test', calls: 2 })
    const badGrouping = await api('GET', '/llm/usage?groupBy=colour')
    expect(badGrouping.statusCode).toBe(400)
  })

  it('a failing provider answers 502 with a message that does not carry the key', async () => {
    fake.enqueue({ kind: 'error', status: 400, message: `bad request for key ${apiKey}` })
    const res = await api('POST', '/llm/run', { task: 'summarisation', input: { messages: [{ id: 'a', content: 'hi' }] } })
    expect(res.statusCode).toBe(502)
    expect(res.json().error.code).toBe('llm_provider_error')
    expect(res.body).not.toContain(apiKey)
  })

  it('streams chat deltas for the assistant and logs the call', async () => {
    await api('POST', '/llm/agents', { name: 'helper', role: 'assistant', providerId, modelName: 'gpt-4o-mini' })
    fake.enqueue({ kind: 'content', content: 'Streaming works, one piece at a time.', usage: { prompt_tokens: 30, completion_tokens: 9 } })
    const ctx: ServiceContext = {
      database: t.database,
      workspaceId: t.defaultWorkspaceId,
      actor: { kind: 'system' },
      log: t.app.log,
      config: t.app.deps.config,
    }
    const pieces: string[] = []
    for await (const piece of chatStream(ctx, { messages: [{ role: 'user', content: 'hello' }] })) pieces.push(piece)
    expect(pieces.length).toBeGreaterThan(1)
    expect(pieces.join('')).toBe('Streaming works, one piece at a time.')
    expect(fake.chatRequests().at(-1)?.body.stream).toBe(true)
    const [logged] = await t.database.query<{ tokens_in: number; tokens_out: number; purpose: string }>(
      "SELECT tokens_in, tokens_out, purpose FROM ai_call_log WHERE purpose = 'chat'",
    )
    expect(logged).toEqual({ tokens_in: 30, tokens_out: 9, purpose: 'chat' })
  })
})

describe('budgets, notifications and secrets over HTTP', () => {
  it('validates budget scopes and lists spend', async () => {
    const missingAgent = await api('POST', '/llm/budgets', { name: 'b', scopeType: 'agent', amountUsd: 5, period: 'daily' })
    expect(missingAgent.statusCode).toBe(400)
    expect(missingAgent.json().error.details[0].path).toBe('scopeAgentId')
    const created = await api('POST', '/llm/budgets', { name: 'ws', scopeType: 'workspace', amountUsd: 5, period: 'monthly' })
    expect(created.statusCode).toBe(201)
    const listed = (await api('GET', '/llm/budgets')).json().items
    expect(listed[0].spentUsd).toBeGreaterThan(0)
  })

  it('lists notifications and marks them read', async () => {
    const ctx: ServiceContext = {
      database: t.database,
      workspaceId: t.defaultWorkspaceId,
      actor: { kind: 'system' },
      log: t.app.log,
      config: t.app.deps.config,
    }
    const note = await createNotification(ctx, { type: 'test', title: 'Hello', message: 'World', severity: 'warning' })
    const listed = (await api('GET', '/notifications?unread=true')).json().items
    expect(listed.map((n: { id: string }) => n.id)).toContain(note.id)
    expect((await api('POST', `/notifications/${note.id}/read`)).json().isRead).toBe(true)
    const unread = (await api('GET', '/notifications?unread=true')).json().items
    expect(unread.map((n: { id: string }) => n.id)).not.toContain(note.id)
  })

  it('rotates the master key for the local CLI and the provider still works', async () => {
    const rotated = await api('POST', '/secrets/rotate')
    expect(rotated.statusCode).toBe(200)
    expect(rotated.json().reencrypted).toBe(1)
    fake.requiredKey = apiKey
    const ok = await api('POST', `/llm/providers/${providerId}/validate`)
    expect(ok.json().validationStatus).toBe('connected')
  })

  it('never wrote the API key to the logs', () => {
    expect(logText.length).toBeGreaterThan(1000)
    expect(logText).not.toContain(apiKey)
  })
})
