// The Slack connector against a fake Slack Web API (test/fakes/slack-web-api.ts) fed with a real conversation
// dump and a real export, and Events API deliveries shaped like real captures, through the real app on PGlite:
// the handshake, signatures, retries, edits, deletions, threads, rate limits, resumption, and an export continued.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../../test/helpers/database.js'
import { drainDeliveries } from '../../../../test/helpers/telegram.js'
import { connectSource, countRows } from '../../../../test/helpers/connectors.js'
import {
  channelFromDump,
  channelFromExport,
  readSlackFixture,
  slackSignatureHeaders,
  startFakeSlack,
  type FakeSlack,
} from '../../../../test/fakes/slack-web-api.js'
import type { ServiceContext } from '../../../lib/context.js'
import { runImport } from '../../importers/index.js'
import { indexMessages } from '../../pipeline/index.js'
import { hybridSearch } from '../../search/index.js'
import { loadConnectedSource } from '../../sources/index.js'
import { syncSlack } from './sync.js'

const config = testConfig()
let t: Awaited<ReturnType<typeof testApp>>
const fakes: FakeSlack[] = []
const signingSecret = 'slack-signing-secret-0123456789abcdef'

beforeAll(async () => {
  t = await testApp({ config })
})
afterAll(async () => {
  await t?.app.close()
  await Promise.all(fakes.map((f) => f.close()))
})

const ctxOf = (): ServiceContext => ({
  database: t.database,
  workspaceId: t.defaultWorkspaceId,
  actor: { kind: 'local-token' },
  log: silentLog,
  config,
})

async function fakeAndSource(channels = [channelFromDump()], pageSize?: number) {
  const fake = await startFakeSlack({ channels, pageSize })
  fakes.push(fake)
  const source = await connectSource(t, 'slack', { botToken: fake.token, signingSecret, apiRoot: fake.url }, `Slack test ${fakes.length}`)
  const { source: connected, secrets } = await loadConnectedSource(ctxOf(), source.id)
  return { fake, source, sync: (options?: Parameters<typeof syncSlack>[3]) => syncSlack(ctxOf(), connected, secrets, options) }
}

function postEvent(sourceId: string, body: object, headers?: Record<string, string>) {
  const raw = JSON.stringify(body)
  return t.app.inject({
    method: 'POST',
    url: `/webhooks/slack/${sourceId}`,
    headers: headers ?? slackSignatureHeaders(signingSecret, raw),
    payload: raw,
  })
}

let nextEventId = 1
/** An event_callback envelope like the captured payload_message.json around `event`. */
function envelope(event: object, eventId = `Ev0TEST${nextEventId++}`) {
  const captured = readSlackFixture('payload_message.json')
  return { ...captured, event, event_id: eventId, event_time: Math.floor(Date.now() / 1000) }
}
const capturedMessage = () => readSlackFixture('payload_message.json').event
const messagesOf = (sourceId: string) => countRows(t.database, `SELECT 1 FROM messages WHERE source_id = $1`, [sourceId])

describe('the Events API endpoint', () => {
  it('answers the url_verification challenge and refuses forged, unsigned and stale requests', async () => {
    const { source } = await fakeAndSource()
    const challenge = await postEvent(source.id, readSlackFixture('url_challenge.json'))
    expect(challenge.json()).toEqual({ challenge: 'valid_challenge_token' })
    const body = envelope(capturedMessage())
    const raw = JSON.stringify(body)
    const forged = await postEvent(source.id, body, slackSignatureHeaders('wrong-secret-wrong-secret', raw))
    const unsigned = await postEvent(source.id, body, { 'content-type': 'application/json' })
    const stale = await postEvent(source.id, body, slackSignatureHeaders(signingSecret, raw, Math.floor(Date.now() / 1000) - 301))
    expect([forged.statusCode, unsigned.statusCode, stale.statusCode]).toEqual([401, 401, 401])
    expect(await countRows(t.database, `SELECT 1 FROM webhook_deliveries WHERE source_id = $1`, [source.id])).toBe(0)
    await drainDeliveries(t.database, config)
    expect(await messagesOf(source.id)).toBe(0)
  })

  it('stores a message once however often Slack retries it', async () => {
    const { source } = await fakeAndSource()
    const body = envelope(capturedMessage(), 'Ev01NA3KCXSR')
    const raw = JSON.stringify(body)
    expect((await postEvent(source.id, body)).json()).toEqual({ ok: true, duplicate: false })
    for (const retry of [1, 2]) {
      const again = await postEvent(source.id, body, slackSignatureHeaders(signingSecret, raw, undefined, retry))
      expect(again.json()).toEqual({ ok: true, duplicate: true })
    }
    await drainDeliveries(t.database, config)
    expect(await messagesOf(source.id)).toBe(1)
    const [message] = await t.database.query<any>(
      `SELECT m.external_id, m.content, i.display_name FROM messages m JOIN identities i ON i.id = m.author_identity_id WHERE m.source_id = $1`,
      [source.id],
    )
    expect(message).toEqual({
      external_id: 'C01N9PM1D53:1613563664.001200',
      content: 'this is a test message',
      display_name: 'member-u01nk1k9l68',
    })
  })

  it('applies an edit, keeps a deleted message for audit but out of search, and stores bot replies in their thread', async () => {
    const { source } = await fakeAndSource()
    const changed = readSlackFixture('payload_message_message_changed.json')
    const original = {
      ...changed.event.previous_message,
      channel: changed.event.channel,
      channel_type: 'channel',
      event_ts: changed.event.previous_message.ts,
    }
    await postEvent(source.id, envelope(original))
    await drainDeliveries(t.database, config)
    await postEvent(source.id, changed)
    const bot = readSlackFixture('payload_message_bot_message.json')
    await postEvent(source.id, envelope(bot.event))
    await drainDeliveries(t.database, config)
    const [edited] = await t.database.query<any>(
      `SELECT id, content, edited FROM messages WHERE source_id = $1 AND external_id = 'C01N9PM1D53:1613632675.006300'`,
      [source.id],
    )
    expect(edited).toMatchObject({ content: 'this is an edited message', edited: true })
    const [botMessage] = await t.database.query<any>(
      `SELECT m.thread_external_id, i.is_bot FROM messages m JOIN identities i ON i.id = m.author_identity_id WHERE m.source_id = $1 AND m.external_id = 'C01N9PM1D53:1614540108.001500'`,
      [source.id],
    )
    expect(botMessage).toEqual({ thread_external_id: 'C01N9PM1D53:1614540106.001400', is_bot: true })

    const ctx = ctxOf()
    await indexMessages(ctx, [edited.id], { embedder: null })
    const search = () => hybridSearch(ctx, { q: 'edited message', mode: 'fulltext', sourceId: source.id })
    expect((await search()).items.map((hit: any) => hit.message?.id ?? hit.messageId)).toContain(edited.id)

    // The shape of Slack's message_deleted (java-slack-sdk sample) with this message's values.
    const deletion = readSlackFixture('MessageDeletedPayload.json')
    await postEvent(
      source.id,
      envelope({
        ...deletion.event,
        channel: 'C01N9PM1D53',
        deleted_ts: '1613632675.006300',
        ts: '1613632800.000100',
        event_ts: '1613632800.000100',
        previous_message: changed.event.message,
      }),
    )
    await drainDeliveries(t.database, config)
    const [deleted] = await t.database.query<any>(`SELECT content, deleted_at FROM messages WHERE id = $1`, [edited.id])
    expect(deleted.content).toBe('this is an edited message')
    expect(deleted.deleted_at).not.toBeNull()
    await indexMessages(ctx, [edited.id], { embedder: null })
    expect(await countRows(t.database, `SELECT 1 FROM chunks WHERE owner_id = $1`, [edited.id])).toBe(0)
    expect((await search()).items).toHaveLength(0)
  })
  it('names a channel from channel_created and channel_rename, and resolves a member who joins', async () => {
    const { fake, source } = await fakeAndSource()
    const channel = { id: 'C0NEW00001', name: 'launch', created: 1613563000, creator: 'U01NK1K9L68' }
    await postEvent(source.id, envelope({ type: 'channel_created', channel, event_ts: '1613563000.000100' }))
    await postEvent(
      source.id,
      envelope({ type: 'channel_rename', channel: { ...channel, name: 'launch-2026' }, event_ts: '1613563100.000100' }),
    )
    await postEvent(
      source.id,
      envelope({
        type: 'member_joined_channel',
        user: 'U0JOINER01',
        channel: channel.id,
        channel_type: 'C',
        event_ts: '1613563200.000100',
      }),
    )
    await drainDeliveries(t.database, config)
    const [conversation] = await t.database.query<any>(`SELECT title FROM conversations WHERE source_id = $1 AND external_id = $2`, [
      source.id,
      channel.id,
    ])
    expect(conversation.title).toBe('launch-2026')
    expect(fake.callsOf('users.info').map((c) => c.user)).toContain('U0JOINER01')
    const [member] = await t.database.query<any>(
      `SELECT display_name FROM identities WHERE channel = 'slack' AND external_id = 'U0JOINER01'`,
    )
    expect(member.display_name).toBe('member-u0joiner01')
  })
})

describe('the backfill', () => {
  it('reads history and threads through the Web API, resolving each author once', async () => {
    const { fake, source, sync } = await fakeAndSource()
    const result = await sync()
    const channel = fake.channels[0]
    const expected = channel.messages.length + [...channel.replies.values()].reduce((n, r) => n + r.length, 0)
    expect(result.stored).toBe(expected)
    expect(await messagesOf(source.id)).toBe(expected)
    // A thread reply of the real dump points at its parent.
    const [reply] = await t.database.query<any>(
      `SELECT r.reply_to_message_id = p.id AS linked FROM messages r JOIN messages p ON p.external_id = 'CHY5HUESG:1736478630.905399' AND p.source_id = r.source_id
       WHERE r.source_id = $1 AND r.external_id = 'CHY5HUESG:1736554783.040199'`,
      [source.id],
    )
    expect(reply.linked).toBe(true)
    const authors = new Set([...channel.messages, ...[...channel.replies.values()].flat()].flatMap((m) => (m.user ? [m.user] : [])))
    expect(
      fake
        .callsOf('users.info')
        .map((c) => c.user)
        .sort(),
    ).toEqual([...authors].sort())

    const again = await sync()
    expect(again.stored).toBe(0)
    expect(fake.callsOf('users.info')).toHaveLength(authors.size)
    expect(fake.callsOf('conversations.history').at(-1)?.oldest).toBe('1737716342.919259')
  })

  it('waits out a 429 ratelimited answer for its Retry-After and then succeeds', async () => {
    const { fake, source, sync } = await fakeAndSource()
    fake.failNext({ status: 429, headers: { 'retry-after': '3' }, body: { ok: false, error: 'ratelimited' } })
    const waits: number[] = []
    await sync({ rest: { sleep: async (ms) => void waits.push(ms) } })
    expect(waits).toEqual([3000])
    expect(await messagesOf(source.id)).toBeGreaterThan(0)
  })

  it('resumes an interrupted backfill from its page cursor and ends with every message once', async () => {
    const { fake, source, sync } = await fakeAndSource([channelFromDump()], 3)
    fake.dropAfter(4)
    await expect(sync()).rejects.toThrow()
    const partial = await messagesOf(source.id)
    fake.dropAfter(null)
    await sync()
    const channel = fake.channels[0]
    const expected = channel.messages.length + [...channel.replies.values()].reduce((n, r) => n + r.length, 0)
    expect(await countRows(t.database, `SELECT DISTINCT external_id FROM messages WHERE source_id = $1`, [source.id])).toBe(expected)
    expect(await messagesOf(source.id)).toBe(expected)
    expect(partial).toBeLessThan(expected)
    // The second pass continued with a cursor instead of starting at the newest page again.
    expect(fake.callsOf('conversations.history').filter((c) => !c.cursor).length).toBe(1)
  })
})

describe('a channel imported from an export', () => {
  it('is continued by the live connector, by backfill and by events, without duplicates', async () => {
    const exportDir = path.resolve('test/fixtures/importers/slack/testarchive')
    const imported = await runImport(ctxOf(), { kind: 'slack', path: exportDir })
    const [exportSource] = await t.database.query<{ id: string }>(`SELECT id FROM sources WHERE type = 'slack' AND connector IS NULL`)
    const before = await messagesOf(exportSource.id)
    expect(before).toBe(imported.created)

    const channel = channelFromExport(exportDir, { id: 'C0JGLMMNX', name: 'enrique' })
    const last = channel.messages.reduce((a, b) => (Number(a.ts) > Number(b.ts) ? a : b))
    channel.messages.push({
      ...capturedMessage(),
      channel: undefined,
      ts: `${Math.floor(Number(last.ts)) + 100}.000100`,
      text: 'back after the export',
    })
    const { fake, source, sync } = await fakeAndSource([channel])
    await sync()
    expect(await messagesOf(exportSource.id)).toBe(before + 1)
    expect(await messagesOf(source.id)).toBe(0)
    // History was read after the export's newest message, not from the start.
    expect(Number(fake.callsOf('conversations.history')[0].oldest)).toBeGreaterThanOrEqual(Math.floor(Number(last.ts)))

    await postEvent(
      source.id,
      envelope({ ...capturedMessage(), channel: 'C0JGLMMNX', ts: `${Math.floor(Number(last.ts)) + 200}.000200`, text: 'said live' }),
    )
    await postEvent(source.id, envelope({ ...capturedMessage(), channel: 'C0JGLMMNX', ts: last.ts, text: last.text, user: last.user }))
    await drainDeliveries(t.database, config)
    expect(await messagesOf(exportSource.id)).toBe(before + 2)
    expect(await messagesOf(source.id)).toBe(0)
    expect(await countRows(t.database, `SELECT 1 FROM conversations WHERE source_id = $1 AND external_id = 'C0JGLMMNX'`, [source.id])).toBe(
      0,
    )
  })
})
