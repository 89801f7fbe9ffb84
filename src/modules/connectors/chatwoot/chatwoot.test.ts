// The Chatwoot connector against a fake Chatwoot (test/fakes/chatwoot-api.ts) speaking the Application API with
// real payload shapes, the real app and an in-memory PGlite: setup, backfill and its resumption, rate limits,
// signed webhooks before and after the backfill, out-of-order updates, forged deliveries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../../test/helpers/database.js'
import { drainDeliveries } from '../../../../test/helpers/telegram.js'
import { connectSource, countRows, syncNow } from '../../../../test/helpers/connectors.js'
import { chatwootSignatureHeaders, readChatwootFixture, startFakeChatwoot, type FakeChatwoot } from '../../../../test/fakes/chatwoot-api.js'
import type { ServiceContext } from '../../../lib/context.js'
import { loadConnectedSource } from '../../sources/index.js'
import { syncChatwoot } from './sync.js'

const config = testConfig()
let t: Awaited<ReturnType<typeof testApp>>
const fakes: FakeChatwoot[] = []
const webhookSecret = 'whsec_chatwoot_test_secret_123'

beforeAll(async () => {
  t = await testApp({ config })
})
afterAll(async () => {
  await t?.app.close()
  await Promise.all(fakes.map((f) => f.close()))
})

async function fakeAndSource(options: Parameters<typeof startFakeChatwoot>[0] = {}) {
  const fake = await startFakeChatwoot(options)
  fakes.push(fake)
  // The first keeps the name setup gives; the others are named apart (one workspace, one name per source).
  const name = fakes.length === 1 ? undefined : `Chatwoot test ${fakes.length}`
  const source = await connectSource(
    t,
    'chatwoot',
    { baseUrl: fake.url, accountId: fake.accountId, apiAccessToken: fake.token, webhookSecret },
    name,
  )
  return { fake, source }
}

const ctxOf = (): ServiceContext => ({
  database: t.database,
  workspaceId: t.defaultWorkspaceId,
  actor: { kind: 'local-token' },
  log: silentLog,
  config,
})
const messagesOf = (sourceId: string) => countRows(t.database, `SELECT 1 FROM messages WHERE source_id = $1`, [sourceId])
const totalMessages = (fake: FakeChatwoot) => [...fake.messages.values()].reduce((n, list) => n + list.length, 0)

function postWebhook(sourceId: string, body: object, headers?: Record<string, string>) {
  const raw = JSON.stringify(body)
  return t.app.inject({
    method: 'POST',
    url: `/webhooks/chatwoot/${sourceId}`,
    headers: headers ?? chatwootSignatureHeaders(webhookSecret, raw),
    payload: raw,
  })
}

/** The captured message_created body, turned into a delivery about message `id` of conversation `conversationId`. */
function messageEvent(
  event: 'message_created' | 'message_updated',
  input: { accountId: number; id: number; conversationId: number; content: string; updatedAt?: string },
) {
  const body = readChatwootFixture('03_message_created.json')
  return {
    ...body,
    event,
    id: input.id,
    content: input.content,
    account: { ...body.account, id: input.accountId },
    message_type: 'incoming',
    conversation: {
      ...body.conversation,
      id: input.conversationId,
      messages: [
        {
          ...body.conversation.messages[0],
          id: input.id,
          conversation_id: input.conversationId,
          content: input.content,
          updated_at: input.updatedAt ?? new Date().toISOString(),
        },
      ],
    },
  }
}

describe('connecting Chatwoot', () => {
  it('checks the token against the account and never returns it', async () => {
    const { fake, source } = await fakeAndSource()
    expect(source.name).toBe(`Acme Support (Chatwoot ${fake.accountId})`)
    expect(source.config).toMatchObject({ baseUrl: fake.url, accountId: fake.accountId })
    expect(JSON.stringify(source)).not.toContain(fake.token)
    expect(JSON.stringify(source)).not.toContain(webhookSecret)
    const [row] = await t.database.query<{ secrets_encrypted: string }>(`SELECT secrets_encrypted FROM sources WHERE id = $1`, [source.id])
    expect(row.secrets_encrypted).not.toContain(fake.token)
  })

  it('names the field Chatwoot refused: the token, or an account the token cannot read', async () => {
    const fake = await startFakeChatwoot()
    fakes.push(fake)
    const post = (settings: object) =>
      t.app.inject({ method: 'POST', url: '/api/v1/sources', headers: t.auth, payload: { connector: 'chatwoot', settings } })
    const badToken = await post({ baseUrl: fake.url, accountId: fake.accountId, apiAccessToken: 'not-the-token' })
    expect(badToken.statusCode).toBe(400)
    expect(badToken.json().error.details[0].path).toBe('settings.apiAccessToken')
    const otherAccount = await post({ baseUrl: fake.url, accountId: 999, apiAccessToken: fake.token })
    expect(otherAccount.json().error.details[0].path).toBe('settings.accountId')
  })
})

describe('the backfill', () => {
  it('stores every message once with people, conversation status and inbox, private notes and attachments', async () => {
    const { fake, source } = await fakeAndSource({ conversations: 4 })
    const result = await syncNow(t, source.id)
    expect(result.status).toBe('completed')
    expect(await messagesOf(source.id)).toBe(totalMessages(fake))
    expect(
      await countRows(t.database, `SELECT 1 FROM cw_messages WHERE source_id = $1 AND id LIKE 'cwmsg:${fake.accountId}:%'`, [source.id]),
    ).toBe(totalMessages(fake))
    expect(await countRows(t.database, `SELECT 1 FROM cw_conversations WHERE source_id = $1`, [source.id])).toBe(4)

    // A contact is a person with a Chatwoot identity and an e-mail identity.
    const [person] = await t.database.query<any>(
      `SELECT p.email, array_agg(i.channel::text ORDER BY i.channel) AS channels FROM people p JOIN identities i ON i.person_id = p.id
       WHERE p.workspace_id = $1 AND p.email = 'customer1@example.com' GROUP BY p.id`,
      [t.defaultWorkspaceId],
    )
    expect(person.channels).toEqual(['chatwoot', 'email'])
    // Status and inbox are conversation metadata; the third conversation is resolved.
    const [conversation] = await t.database.query<any>(
      `SELECT title, metadata FROM conversations WHERE source_id = $1 AND external_id = $2`,
      [source.id, `cw:${fake.accountId}:3`],
    )
    expect(conversation.metadata.chatwoot).toMatchObject({ status: 'resolved', inboxId: 1 })
    expect(conversation.title).toBe('#3 customer-3')
    // The private note of the real fixture (an agent mentioning a colleague) is kept and marked.
    const [note] = await t.database.query<any>(
      `SELECT content, raw FROM messages WHERE source_id = $1 AND content LIKE '%should we offer them a dis%' LIMIT 1`,
      [source.id],
    )
    expect(note.raw.chatwoot.private).toBe(true)
    // Activity lines are service events; attachments are metadata.
    expect(
      await countRows(
        t.database,
        `SELECT 1 FROM messages WHERE source_id = $1 AND content_kind = 'service' AND content LIKE '%marked resolved%'`,
        [source.id],
      ),
    ).toBe(4)
    expect(
      await countRows(t.database, `SELECT 1 FROM messages WHERE source_id = $1 AND jsonb_array_length(attachments) > 0`, [source.id]),
    ).toBeGreaterThan(0)
  })

  it('resumes after being cut off mid-way and ends with every item once; a later sync reads only what is new', async () => {
    const { fake, source } = await fakeAndSource({ conversations: 30, messagesPerConversation: 45, messagesPageSize: 20 })
    const { source: connected, secrets } = await loadConnectedSource(ctxOf(), source.id)
    fake.dropAfter(40)
    await expect(syncChatwoot(ctxOf(), connected, secrets, { batchMessages: 100 })).rejects.toThrow()
    const partial = await messagesOf(source.id)
    expect(partial).toBeGreaterThan(0)
    expect(partial).toBeLessThan(totalMessages(fake))

    fake.dropAfter(null)
    const before = fake.requests.length
    const result = await syncChatwoot(ctxOf(), connected, secrets, { batchMessages: 100 })
    expect(await messagesOf(source.id)).toBe(totalMessages(fake))
    expect(await countRows(t.database, `SELECT DISTINCT external_id FROM messages WHERE source_id = $1`, [source.id])).toBe(
      totalMessages(fake),
    )
    // It did not start over: fewer message pages than a full read (30 × 3) were asked for.
    const messageCalls = fake.requests.slice(before).filter((r) => r.path.includes('/messages')).length
    expect(messageCalls).toBeLessThan(90)
    expect(result.fetched).toBeLessThan(totalMessages(fake))

    fake.addMessage(5, { content: 'One more question about the invoice' })
    const again = fake.requests.length
    const next = await syncChatwoot(ctxOf(), connected, secrets)
    expect(next.stored).toBe(1)
    expect(
      fake.requests
        .slice(again)
        .filter((r) => r.path.includes('/messages'))
        .map((r) => r.path),
    ).toEqual([expect.stringContaining('/conversations/5/messages?after=')])
  })

  it('waits out a 429 for its Retry-After and then succeeds', async () => {
    const { fake, source } = await fakeAndSource({ conversations: 2 })
    const { source: connected, secrets } = await loadConnectedSource(ctxOf(), source.id)
    fake.failNext({ status: 429, headers: { 'retry-after': '7' }, body: { error: 'Too many requests' } })
    const waits: number[] = []
    const result = await syncChatwoot(ctxOf(), connected, secrets, { rest: { sleep: async (ms) => void waits.push(ms) } })
    expect(waits).toEqual([7000])
    expect(result.errors).toBe(0)
    expect(await messagesOf(source.id)).toBe(totalMessages(fake))
  })
})

describe('webhooks', () => {
  it('a message seen by webhook before and after the backfill is one message', async () => {
    const { fake, source } = await fakeAndSource({ accountId: 1, conversations: 2 })
    const target = fake.messages.get(2)![0]
    const event = messageEvent('message_created', {
      accountId: 1,
      id: target.id,
      conversationId: 2,
      content: target.content,
      updatedAt: target.updated_at,
    })
    expect((await postWebhook(source.id, event)).json()).toEqual({ ok: true, duplicate: false })
    await drainDeliveries(t.database, config)
    expect(await messagesOf(source.id)).toBe(1)

    await syncNow(t, source.id)
    expect(await messagesOf(source.id)).toBe(totalMessages(fake))
    // The same delivery again is a duplicate; a new delivery about the same message changes nothing.
    expect((await postWebhook(source.id, event)).json().duplicate).toBe(true)
    await postWebhook(source.id, { ...event, conversation: { ...event.conversation, unread_count: 5 } })
    await drainDeliveries(t.database, config)
    expect(await messagesOf(source.id)).toBe(totalMessages(fake))
    expect(
      await countRows(t.database, `SELECT 1 FROM messages WHERE source_id = $1 AND external_id = $2`, [source.id, `cwmsg:1:${target.id}`]),
    ).toBe(1)
  })

  it('applies updates in version order: an older update arriving late is ignored', async () => {
    const { source } = await fakeAndSource({ accountId: 1, conversations: 1 })
    const at = (s: number) => new Date(Date.UTC(2026, 1, 13, 1, 0, s)).toISOString()
    await postWebhook(
      source.id,
      messageEvent('message_created', { accountId: 1, id: 900, conversationId: 6, content: 'first draft', updatedAt: at(0) }),
    )
    await postWebhook(
      source.id,
      messageEvent('message_updated', { accountId: 1, id: 900, conversationId: 6, content: 'final text', updatedAt: at(20) }),
    )
    await postWebhook(
      source.id,
      messageEvent('message_updated', { accountId: 1, id: 900, conversationId: 6, content: 'second draft', updatedAt: at(10) }),
    )
    await drainDeliveries(t.database, config)
    const [message] = await t.database.query<any>(`SELECT content FROM messages WHERE source_id = $1 AND external_id = 'cwmsg:1:900'`, [
      source.id,
    ])
    expect(message.content).toBe('final text')
    // Delivered one by one (separate batches), the late older update still loses.
    await postWebhook(
      source.id,
      messageEvent('message_updated', { accountId: 1, id: 900, conversationId: 6, content: 'stale', updatedAt: at(5) }),
    )
    await drainDeliveries(t.database, config)
    const [after] = await t.database.query<any>(`SELECT content, updated_at FROM cw_messages WHERE source_id = $1 AND id = 'cwmsg:1:900'`, [
      source.id,
    ])
    expect(after.content).toBe('final text')
    expect(new Date(after.updated_at).toISOString()).toBe(at(20))
    const [stored] = await t.database.query<any>(`SELECT content FROM messages WHERE source_id = $1 AND external_id = 'cwmsg:1:900'`, [
      source.id,
    ])
    expect(stored.content).toBe('final text')
  })

  it('keeps contacts and conversation status current from the captured events', async () => {
    const { source } = await fakeAndSource({ accountId: 1, conversations: 1 })
    for (const name of ['01_contact_created.json', '04_conversation_created.json', '06_contact_updated.json']) {
      expect((await postWebhook(source.id, readChatwootFixture(name))).statusCode).toBe(200)
    }
    const updated = readChatwootFixture('07_conversation_updated.json')
    await postWebhook(source.id, {
      ...updated,
      event: 'conversation_status_changed',
      status: 'resolved',
      updated_at: updated.updated_at + 60,
    })
    await drainDeliveries(t.database, config)
    const [conversation] = await t.database.query<any>(
      `SELECT metadata FROM conversations WHERE source_id = $1 AND external_id = 'cw:1:6'`,
      [source.id],
    )
    expect(conversation.metadata.chatwoot.status).toBe('resolved')
    const contactUpdated = readChatwootFixture('06_contact_updated.json')
    const [contact] = await t.database.query<any>(`SELECT name, email FROM cw_contacts WHERE source_id = $1 AND id = 'cwc:1:6'`, [
      source.id,
    ])
    expect(contact).toEqual({ name: contactUpdated.name, email: contactUpdated.email })
    expect(
      await countRows(t.database, `SELECT 1 FROM webhook_deliveries WHERE source_id = $1 AND status <> 'processed'`, [source.id]),
    ).toBe(0)
  })

  it('refuses a forged, unsigned or stale delivery with 401 and stores nothing', async () => {
    const { source } = await fakeAndSource({ accountId: 1, conversations: 1 })
    const body = messageEvent('message_created', { accountId: 1, id: 901, conversationId: 6, content: 'forged' })
    const raw = JSON.stringify(body)
    const forged = await postWebhook(source.id, body, chatwootSignatureHeaders('not-the-secret', raw))
    const unsigned = await postWebhook(source.id, body, { 'content-type': 'application/json' })
    const stale = await postWebhook(source.id, body, chatwootSignatureHeaders(webhookSecret, raw, Math.floor(Date.now() / 1000) - 600))
    expect([forged.statusCode, unsigned.statusCode, stale.statusCode]).toEqual([401, 401, 401])
    expect(await countRows(t.database, `SELECT 1 FROM webhook_deliveries WHERE source_id = $1`, [source.id])).toBe(0)
    const [row] = await t.database.query<any>(`SELECT rejected_deliveries FROM sources WHERE id = $1`, [source.id])
    expect(row.rejected_deliveries).toBe(3)
  })
})
