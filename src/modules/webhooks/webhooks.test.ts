// The webhook inbox through the real app: a delivery that keeps failing is retried with backoff, dead-lettered
// with its error, listed, inspected and replayed once the cause is gone. Telegram (fake Bot API) is the sender.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import { connectBot, privateTextUpdate } from '../../../test/helpers/telegram.js'
import { startFakeBotApi, type FakeBotApi } from '../../../test/fakes/telegram-bot-api.js'
import { createTestUser, createTestWorkspace, login } from '../../../test/helpers/identity.js'
import { processDueDeliveries } from './process.js'

const config = testConfig({ SIGNALBOX_PUBLIC_URL: 'http://127.0.0.1:9' })
let t: Awaited<ReturnType<typeof testApp>>
let fake: FakeBotApi
let source: { id: string }

beforeAll(async () => {
  fake = await startFakeBotApi()
  t = await testApp({ config })
  source = await connectBot(t, fake)
})
afterAll(async () => {
  await t?.app.close()
  await fake?.close()
})

const deps = () => ({ database: t.database, config, log: silentLog })
const api = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: t.auth, payload })

describe('the webhook inbox', () => {
  it('retries a failing delivery with backoff, dead-letters it with the error, and a replay processes it', async () => {
    const bad = { error_code: 400, description: 'Bad Request: chat not found' }
    fake.failNext('sendMessage', bad, bad, bad)
    const update = privateTextUpdate({ fromId: 31337, text: 'hello' })
    await t.app.inject({
      method: 'POST',
      url: `/webhooks/telegram/${source.id}`,
      headers: { 'x-telegram-bot-api-secret-token': fake.webhook!.secret_token! },
      payload: update,
    })

    expect(await processDueDeliveries(deps(), { maxAttempts: 3, backoffBaseMs: 60_000 })).toBe(1)
    const [afterFirst] = await t.database.query<any>(`SELECT status, attempts, next_attempt_at, last_error FROM webhook_deliveries`)
    expect(afterFirst.status).toBe('received')
    expect(afterFirst.attempts).toBe(1)
    expect(Date.parse(afterFirst.next_attempt_at)).toBeGreaterThan(Date.now() + 50_000)
    expect(afterFirst.last_error).toContain('chat not found')
    // Not due yet: nothing is taken.
    expect(await processDueDeliveries(deps(), { maxAttempts: 3, backoffBaseMs: 60_000 })).toBe(0)

    for (let attempt = 2; attempt <= 3; attempt++) {
      await t.database.query(`UPDATE webhook_deliveries SET next_attempt_at = now()`)
      expect(await processDueDeliveries(deps(), { maxAttempts: 3, backoffBaseMs: 60_000 })).toBe(1)
    }
    const listed = await api('GET', '/api/v1/webhooks/deliveries?status=dead')
    expect(listed.statusCode).toBe(200)
    expect(listed.json().counts).toEqual({ dead: 1 })
    const [dead] = listed.json().items
    expect(dead).toMatchObject({
      connector: 'telegram',
      eventType: 'message',
      deliveryId: String(update.update_id),
      attempts: 3,
      signature: 'secret_token',
    })
    expect(dead.lastError).toContain('chat not found')
    const source1 = (await api('GET', `/api/v1/sources/${source.id}`)).json()
    expect(source1.state).toBe('failing')
    expect(source1.deliveries).toEqual({ pending: 0, dead: 1 })

    const inspected = await api('GET', `/api/v1/webhooks/deliveries/${dead.id}`)
    expect(inspected.json().payload).toEqual(update)

    // The cause is gone (the fake answers normally now): the replay goes through.
    expect((await api('POST', '/api/v1/webhooks/deliveries/replay', { ids: [dead.id] })).json()).toEqual({ replayed: [dead.id] })
    expect(await processDueDeliveries(deps())).toBe(1)
    expect((await api('GET', `/api/v1/webhooks/deliveries/${dead.id}`)).json().status).toBe('processed')
    expect((await api('GET', `/api/v1/sources/${source.id}`)).json().state).toBe('connected')
    expect(fake.callsOf('sendMessage')).toHaveLength(4)
  })

  it('holds deliveries of a paused source until it is resumed', async () => {
    expect((await api('POST', `/api/v1/sources/${source.id}/pause`)).json().state).toBe('paused')
    const update = privateTextUpdate({ fromId: 31338, text: 'while paused' })
    const received = await t.app.inject({
      method: 'POST',
      url: `/webhooks/telegram/${source.id}`,
      headers: { 'x-telegram-bot-api-secret-token': fake.webhook!.secret_token! },
      payload: update,
    })
    expect(received.statusCode).toBe(200)
    expect(await processDueDeliveries(deps())).toBe(0)
    expect((await api('POST', `/api/v1/sources/${source.id}/resume`)).json().state).toBe('connected')
    expect(await processDueDeliveries(deps())).toBe(1)
  })

  it('shows a workspace only its own deliveries', async () => {
    const bob = await createTestUser(t.database)
    await createTestWorkspace(t.database, bob.id)
    const session = await login(t.app, bob.username)
    const switched = await t.app.inject({ method: 'GET', url: '/api/v1/webhooks/deliveries', headers: session.headers })
    // Bob's active workspace is his own: the default workspace's deliveries are not his to see.
    expect(switched.statusCode).toBe(200)
    expect(switched.json()).toEqual({ items: [], counts: {} })
    const inspect = await t.app.inject({ method: 'GET', url: '/api/v1/webhooks/deliveries/1', headers: session.headers })
    expect(inspect.statusCode).toBe(404)
  })

  it('answers 404 for an unknown source and 400 for a body that is not an update', async () => {
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/webhooks/telegram/00000000-0000-4000-8000-000000000000',
      payload: { update_id: 1 },
    })
    expect(unknown.statusCode).toBe(404)
    const notAnUpdate = await t.app.inject({
      method: 'POST',
      url: `/webhooks/telegram/${source.id}`,
      headers: { 'x-telegram-bot-api-secret-token': fake.webhook!.secret_token! },
      payload: { hello: 1 },
    })
    expect(notAnUpdate.statusCode).toBe(400)
    expect(notAnUpdate.json().error.details[0].path).toBe('body')
  })
})
