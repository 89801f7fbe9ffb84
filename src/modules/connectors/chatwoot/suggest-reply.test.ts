// Suggested replies for Chatwoot (seed 004): a contact's question in an open conversation is answered from past
// conversations and posted as a private note, through the real app, the fake Chatwoot Application API fed with
// the captured webhook body, and an in-memory PGlite. No API key: the local extractive answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../../test/helpers/database.js'
import { drainDeliveries } from '../../../../test/helpers/telegram.js'
import { connectSource, syncNow } from '../../../../test/helpers/connectors.js'
import { chatwootSignatureHeaders, readChatwootFixture, startFakeChatwoot, type FakeChatwoot } from '../../../../test/fakes/chatwoot-api.js'
import type { ServiceContext } from '../../../lib/context.js'
import { indexMessages } from '../../pipeline/index.js'

const config = testConfig({ SIGNALBOX_PUBLIC_URL: 'http://127.0.0.1:9' })
let t: Awaited<ReturnType<typeof testApp>>
const fakes: FakeChatwoot[] = []
const webhookSecret = 'whsec_chatwoot_suggest_secret'

beforeAll(async () => {
  t = await testApp({ config })
}, 120_000)
afterAll(async () => {
  await t?.app.close()
  await Promise.all(fakes.map((f) => f.close()))
})

const ctx = (): ServiceContext => ({
  database: t.database,
  workspaceId: t.defaultWorkspaceId,
  actor: { kind: 'local-token' },
  log: silentLog,
  config,
})

/** A Chatwoot account whose resolved conversation 3 holds a question and the agent's answer, synced and indexed. */
async function accountWithHistory(suggestReplies: boolean, accountId: number) {
  const fake = await startFakeChatwoot({ conversations: 3, messagesPerConversation: 2, accountId })
  fakes.push(fake)
  fake.addMessage(3, { content: 'How do I reset the password of my router?' })
  fake.addMessage(3, {
    content: 'Hold the reset button on the back of the router for ten seconds, then sign in with the password on its sticker.',
    type: 'outgoing',
  })
  const source = await connectSource(
    t,
    'chatwoot',
    { baseUrl: fake.url, accountId, apiAccessToken: fake.token, webhookSecret, suggestReplies },
    `Support ${accountId}`,
  )
  await syncNow(t, source.id)
  const stored = await t.database.query<{ id: string }>(`SELECT id FROM messages WHERE source_id = $1`, [source.id])
  await indexMessages(
    ctx(),
    stored.map((m) => m.id),
  )
  return { fake, source }
}

/** The captured message_created body, as a contact's message `id` in conversation `conversationId`. */
function contactWrites(accountId: number, id: number, conversationId: number, content: string, event = 'message_created') {
  const body = readChatwootFixture('03_message_created.json')
  return {
    ...body,
    event,
    id,
    content,
    message_type: 'incoming',
    account: { ...body.account, id: accountId },
    conversation: {
      ...body.conversation,
      id: conversationId,
      status: 'open',
      messages: [{ ...body.conversation.messages[0], id, conversation_id: conversationId, content }],
    },
  }
}

async function deliver(sourceId: string, body: object) {
  const raw = JSON.stringify(body)
  const response = await t.app.inject({
    method: 'POST',
    url: `/webhooks/chatwoot/${sourceId}`,
    headers: chatwootSignatureHeaders(webhookSecret, raw),
    payload: raw,
  })
  expect(response.statusCode, response.body).toBe(200)
  await drainDeliveries(t.database, config)
}

describe('suggested replies', () => {
  it('answers a new question from a past conversation as a private note with its sources, once', async () => {
    const { fake, source } = await accountWithHistory(true, 41)
    await deliver(source.id, contactWrites(41, 990001, 1, 'How do I reset my router password?'))
    expect(fake.posted).toHaveLength(1)
    const [note] = fake.posted
    expect(note.conversationId).toBe(1)
    expect(note.body).toMatchObject({ private: true, message_type: 'outgoing' })
    expect(note.body.content).toMatch(/^💡 Suggested reply/)
    expect(note.body.content).toMatch(/reset button/)
    const sources = note.body.content.split('Sources:\n')[1]
    expect(sources).toMatch(/^\[\d+\] #\d+ customer-3, \d{4}-\d\d-\d\d http:\/\/127\.0\.0\.1:9\/conversations\/[0-9a-f-]+\?message=/)

    // An edit of the same message, and the note itself coming back as a webhook, post nothing more.
    await deliver(source.id, contactWrites(41, 990001, 1, 'How do I reset my router password??', 'message_updated'))
    const echoed = { ...contactWrites(41, fake.posted[0].body.id ?? 990002, 1, note.body.content), message_type: 'outgoing', private: true }
    await deliver(source.id, echoed)
    expect(fake.posted).toHaveLength(1)
  })

  it('posts nothing when the data holds no answer, or when the source has suggestions off', async () => {
    const on = await accountWithHistory(true, 42)
    await deliver(on.source.id, contactWrites(42, 990101, 2, 'Do you ship parcels to Antarctica by drone?'))
    expect(on.fake.posted).toHaveLength(0)
    const off = await accountWithHistory(false, 43)
    await deliver(off.source.id, contactWrites(43, 990201, 1, 'How do I reset my router password?'))
    expect(off.fake.posted).toHaveLength(0)
  })
})
