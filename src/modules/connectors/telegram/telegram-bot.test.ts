// The Telegram bot against a fake Bot API server on 127.0.0.1 (grammY's apiRoot pointed at it), the real app and
// an in-memory PGlite: setup, webhook receipt, ingest, dedupe against an export, polling, rate limits, errors.
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { testApp } from '../../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../../test/helpers/database.js'
import { connectBot, drainDeliveries, groupMessageUpdate, privateTextUpdate } from '../../../../test/helpers/telegram.js'
import { readUpdateFixture, startFakeBotApi, type FakeBotApi } from '../../../../test/fakes/telegram-bot-api.js'
import type { Database } from '../../../db/client.js'
import type { ServiceContext } from '../../../lib/context.js'
import { runImport } from '../../importers/index.js'
import { loadConnectedSource } from '../../sources/index.js'
import { pollTelegramOnce, startTelegramPollers } from './poller.js'
import { privacyModeNotice } from './setup.js'
import { unlinkedExplanation } from './bot-handlers.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
const publicUrl = 'http://127.0.0.1:9'
let fake: FakeBotApi
/** One app with a public URL (webhook mode), one without (long polling); each test connects a bot of its own. */
let t: TestApp
let local: TestApp
const config = testConfig({ SIGNALBOX_PUBLIC_URL: publicUrl })

beforeAll(async () => {
  t = await testApp({ config })
  local = await testApp({ config: testConfig() })
})
afterAll(async () => {
  await t?.app.close()
  await local?.app.close()
})
beforeEach(async () => {
  fake = await startFakeBotApi()
})
afterEach(async () => {
  await fake.close()
})

const ctxOf = (): ServiceContext => ({
  database: t.database,
  workspaceId: t.defaultWorkspaceId,
  actor: { kind: 'local-token' },
  log: silentLog,
  config,
})

function postUpdate(sourceId: string, update: unknown, secret: string | undefined) {
  return t.app.inject({
    method: 'POST',
    url: `/webhooks/telegram/${sourceId}`,
    headers: secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret },
    payload: update as object,
  })
}

async function count(database: Database, sql: string, params: unknown[] = []) {
  const [row] = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) AS q`, params)
  return row.n
}

describe('connecting a bot', () => {
  it('validates the token with getMe, registers a webhook with a secret and says when privacy mode hides groups', async () => {
    const source = await connectBot(t, fake)
    expect(source.name).toBe(`@${fake.botInfo.username}`)
    expect(source.config.mode).toBe('webhook')
    expect(source.config.webhookUrl).toBe(`${publicUrl}/webhooks/telegram/${source.id}`)
    expect(fake.webhook?.url).toBe(source.config.webhookUrl)
    expect(fake.webhook?.secret_token).toMatch(/^[0-9a-f]{64}$/)
    // getMe.json (a real capture) has can_read_all_group_messages: false.
    expect(source.notices).toEqual([privacyModeNotice])
    // The token and the webhook secret are never returned.
    expect(JSON.stringify(source)).not.toContain(fake.token)
    expect(JSON.stringify(source)).not.toContain(fake.webhook!.secret_token)
  })

  it('rejects a token Telegram does not accept, naming the field', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      headers: t.auth,
      payload: { connector: 'telegram', settings: { botToken: '123456789:AAWrongTokenWrongTokenWrong', apiRoot: fake.url } },
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.details[0].path).toBe('settings.botToken')
    expect(await count(t.database, `SELECT 1 FROM sources WHERE config->>'apiRoot' = $1`, [fake.url])).toBe(0)
  })

  it('uses long polling without a public URL (and removes any webhook)', async () => {
    fake.webhook = { url: 'https://old.example/hook' }
    const source = await connectBot(local, fake)
    expect(source.config.mode).toBe('polling')
    expect(fake.webhook).toBeNull()
  })
})

describe('webhook deliveries', () => {
  it('stores group messages and their edits, with authors as people with Telegram profiles', async () => {
    const source = await connectBot(t, fake)
    const secret = fake.webhook!.secret_token
    const chatId = -1001234567890
    const first = groupMessageUpdate({ chatId, messageId: 10, text: 'Deploy is broken on staging' })
    const reply = groupMessageUpdate({ chatId, messageId: 11, text: 'Looking into it', fromId: 42, replyTo: 10 })
    const edit = groupMessageUpdate({ chatId, messageId: 10, text: 'Deploy is broken on staging and prod', edit: true })
    for (const update of [first, reply, edit]) expect((await postUpdate(source.id, update, secret)).statusCode).toBe(200)
    expect(await drainDeliveries(t.database, config)).toBe(3)

    const rows = await t.database.query<any>(
      `SELECT m.external_id, m.content, m.edited, m.reply_to_message_id IS NOT NULL AS linked, c.external_id AS chat, i.external_id AS author
       FROM messages m JOIN conversations c ON c.id = m.conversation_id LEFT JOIN identities i ON i.id = m.author_identity_id
       WHERE m.source_id = $1 ORDER BY m.external_id`,
      [source.id],
    )
    expect(rows).toEqual([
      {
        external_id: '1234567890:10',
        content: 'Deploy is broken on staging and prod',
        edited: true,
        linked: false,
        chat: '1234567890',
        author: 'user1850121251',
      },
      { external_id: '1234567890:11', content: 'Looking into it', edited: false, linked: true, chat: '1234567890', author: 'user42' },
    ])
    const [profile] = await t.database.query<any>(
      `SELECT username, first_name, language_code FROM telegram_profiles WHERE telegram_user_id = '1850121251'`,
    )
    expect(profile).toEqual({ username: 'johndoe', first_name: 'JOHN', language_code: 'en' })
    const [state] = await t.database.query<any>(
      `SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE source_id = $1 GROUP BY status`,
      [source.id],
    )
    expect(state).toEqual({ status: 'processed', n: 3 })
  })

  it('stores media as attachment metadata and forwards with their origin (real captures)', async () => {
    const source = await connectBot(t, fake)
    const photo = readUpdateFixture('PHOTO-JPG.json')
    // The capture is from a private chat; the bot archives groups, so it is replayed as if sent in one.
    photo.message.chat = { id: -1009876543210, title: 'Ops', type: 'supergroup' }
    photo.message.caption = 'the dashboard'
    expect((await postUpdate(source.id, photo, fake.webhook!.secret_token)).statusCode).toBe(200)
    await drainDeliveries(t.database, config)
    const [row] = await t.database.query<any>(`SELECT content, attachments FROM messages WHERE source_id = $1`, [source.id])
    expect(row.content).toBe('the dashboard')
    expect(row.attachments).toEqual([{ kind: 'photo', mimeType: 'image/jpeg', size: 51356, name: 'AQAD6q4xG6fdAVd9' }])
  })

  it('answers 401 to a wrong or missing secret and stores nothing but a counter', async () => {
    const source = await connectBot(t, fake)
    const update = groupMessageUpdate({ chatId: -1001234567890, messageId: 1, text: 'forged' })
    expect((await postUpdate(source.id, update, 'not-the-secret')).statusCode).toBe(401)
    expect((await postUpdate(source.id, update, undefined)).statusCode).toBe(401)
    expect(await count(t.database, `SELECT 1 FROM webhook_deliveries WHERE source_id = $1`, [source.id])).toBe(0)
    const view = (await t.app.inject({ method: 'GET', url: `/api/v1/sources/${source.id}`, headers: t.auth })).json()
    expect(view.rejectedDeliveries).toBe(2)
  })

  it('stores a re-sent update_id once and answers 2xx both times', async () => {
    const source = await connectBot(t, fake)
    const update = groupMessageUpdate({ chatId: -1001234567890, messageId: 5, text: 'once' })
    const first = await postUpdate(source.id, update, fake.webhook!.secret_token)
    const again = await postUpdate(source.id, update, fake.webhook!.secret_token)
    expect([first.json(), again.json()]).toEqual([
      { ok: true, duplicate: false },
      { ok: true, duplicate: true },
    ])
    await drainDeliveries(t.database, config)
    expect(await count(t.database, `SELECT 1 FROM webhook_deliveries WHERE source_id = $1`, [source.id])).toBe(1)
    expect(await count(t.database, `SELECT 1 FROM messages WHERE source_id = $1`, [source.id])).toBe(1)
  })

  it('marks a chat inactive when the bot is removed from it (my_chat_member, real capture)', async () => {
    const source = await connectBot(t, fake)
    const captured = readUpdateFixture('aramattamara-getUpdates.json').result as any[]
    const added = captured.find((u) => u.my_chat_member)
    const removed = {
      update_id: added.update_id + 1000,
      my_chat_member: { ...added.my_chat_member, new_chat_member: { ...added.my_chat_member.new_chat_member, status: 'kicked' } },
    }
    for (const update of [added, removed]) await postUpdate(source.id, update, fake.webhook!.secret_token)
    await drainDeliveries(t.database, config)
    const [chat] = await t.database.query<any>(`SELECT chat_id, active, inactive_reason FROM telegram_chats WHERE source_id = $1`, [
      source.id,
    ])
    expect(chat).toEqual({ chat_id: '-1001665229981', active: false, inactive_reason: 'the bot was removed from the chat' })
  })
})

describe('a chat imported from a Telegram Desktop export, then followed by the bot', () => {
  it('stores no message twice: the export ids and the Bot API -100 ids are one key; edits update the exported row', async () => {
    const exportPath = path.resolve(import.meta.dirname, '../../../../test/fixtures/importers/telegram/oop-result.json')
    const imported = await runImport(ctxOf(), { kind: 'telegram', path: exportPath })
    expect(imported.created).toBeGreaterThan(40)
    const before = await count(t.database, `SELECT 1 FROM messages`)
    const source = await connectBot(t, fake)
    // The export's supergroup is 1712691810; the Bot API calls it -1001712691810. Message 95364 ("btw",
    // from user368718073) is in the export; 999001 is new.
    const chatId = -1001712691810
    const updates = [
      groupMessageUpdate({ chatId, messageId: 95364, text: 'btw', fromId: 368718073 }),
      groupMessageUpdate({ chatId, messageId: 95364, text: 'btw (edited)', fromId: 368718073, edit: true }),
      groupMessageUpdate({ chatId, messageId: 999001, text: 'a new message after the export', fromId: 368718073, replyTo: 95364 }),
    ]
    for (const update of updates) await postUpdate(source.id, update, fake.webhook!.secret_token)
    await drainDeliveries(t.database, config)
    expect(await count(t.database, `SELECT 1 FROM messages`)).toBe(before + 1)
    expect(
      await count(
        t.database,
        `SELECT external_id FROM messages WHERE external_id LIKE '1712691810:%' GROUP BY external_id HAVING count(*) > 1`,
      ),
    ).toBe(0)
    const [edited] = await t.database.query<any>(`SELECT content, edited FROM messages WHERE external_id = '1712691810:95364'`)
    expect(edited).toEqual({ content: 'btw (edited)', edited: true })
    // The author is the same identity as in the export.
    expect(await count(t.database, `SELECT 1 FROM identities WHERE external_id = 'user368718073'`)).toBe(1)
  })
})

describe('long polling', () => {
  it('processes an update exactly once when the process dies between storing it and acknowledging it', async () => {
    {
      const created = await connectBot(local, fake)
      const ctx: ServiceContext = {
        database: local.database,
        workspaceId: local.defaultWorkspaceId,
        actor: { kind: 'system' },
        log: silentLog,
        config: testConfig(),
      }
      const { source, secrets } = await loadConnectedSource(ctx, created.id)
      fake.pushUpdates(groupMessageUpdate({ chatId: -1001111111111, messageId: 1, text: 'survives a crash' }))
      // The "kill": the offset watermark (the acknowledgement) is never written after the update was stored.
      const dying = {
        ...local.database,
        query: async (text: string, params?: unknown[]) => {
          if (text.includes('INSERT INTO sync_watermarks')) throw new Error('killed')
          return local.database.query(text, params)
        },
      } as Database
      await expect(pollTelegramOnce({ database: dying }, source, secrets, { timeoutSeconds: 0 })).rejects.toThrow('killed')
      expect(await count(local.database, `SELECT 1 FROM webhook_deliveries WHERE source_id = $1`, [source.id])).toBe(1)
      // After the restart: Telegram sends the same update again (offset not advanced); it is stored once.
      const again = await pollTelegramOnce(ctx, source, secrets, { timeoutSeconds: 0 })
      expect(again).toEqual({ fetched: 1, stored: 0, skipped: 1, errors: 0 })
      await drainDeliveries(local.database, testConfig())
      expect(await count(local.database, `SELECT 1 FROM messages WHERE content = 'survives a crash'`)).toBe(1)
      // The next poll acknowledges it: Telegram forgets it and nothing comes back.
      expect(await pollTelegramOnce(ctx, source, secrets, { timeoutSeconds: 0 })).toEqual({ fetched: 0, stored: 0, skipped: 0, errors: 0 })
      expect(fake.callsOf('getUpdates').at(-1)!.params.offset).toBeGreaterThan(700_000_000)
    }
  })

  it('runs one poller per bot when two workers start', async () => {
    {
      const created = await connectBot(local, fake)
      const deps = { database: local.database, config: testConfig(), log: silentLog, queue: undefined as never }
      const workers = [
        startTelegramPollers(deps, { scanMs: 50, timeoutSeconds: 1 }),
        startTelegramPollers(deps, { scanMs: 50, timeoutSeconds: 1 }),
      ]
      fake.pushUpdates(groupMessageUpdate({ chatId: -1002222222222, messageId: 1, text: 'polled' }))
      const deadline = Date.now() + 5000
      const stored = () => count(local.database, `SELECT 1 FROM webhook_deliveries WHERE source_id = $1`, [created.id])
      while (Date.now() < deadline && (await stored()) === 0) await new Promise((r) => setTimeout(r, 50))
      await new Promise((r) => setTimeout(r, 300))
      await Promise.all(workers.map((w) => w.stop()))
      expect(await stored()).toBe(1)
      // Long polls never overlap: each getUpdates starts after the previous one was answered.
      const polls = fake.callsOf('getUpdates')
      expect(polls.length).toBeGreaterThan(0)
      const offsets = polls.map((p) => p.params.offset ?? 0)
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b))
    }
  })
})

describe('talking to people', () => {
  it('answers an unlinked person in private with a short explanation, and logs it', async () => {
    const source = await connectBot(t, fake)
    await postUpdate(source.id, privateTextUpdate({ fromId: 555, text: 'hello?' }), fake.webhook!.secret_token)
    await drainDeliveries(t.database, config)
    const sent = fake.callsOf('sendMessage')
    expect(sent).toHaveLength(1)
    expect(sent[0].params).toMatchObject({ chat_id: 555, text: unlinkedExplanation })
    const [log] = await t.database.query<any>(`SELECT command, outcome, telegram_user_id FROM bot_logs WHERE source_id = $1`, [source.id])
    expect(log).toEqual({ command: 'message', outcome: 'unlinked', telegram_user_id: '555' })
    // Private chats are conversations with the bot, not archived.
    expect(await count(t.database, `SELECT 1 FROM messages WHERE source_id = $1`, [source.id])).toBe(0)
  })

  it('honours a 429 retry_after, then sends', async () => {
    const source = await connectBot(t, fake)
    fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } })
    await postUpdate(source.id, privateTextUpdate({ fromId: 556, text: '/start' }), fake.webhook!.secret_token)
    await drainDeliveries(t.database, config)
    const sent = fake.callsOf('sendMessage')
    expect(sent).toHaveLength(2)
    expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(900)
    expect(await count(t.database, `SELECT 1 FROM webhook_deliveries WHERE status = 'processed' AND source_id = $1`, [source.id])).toBe(1)
  })

  it('marks a private chat inactive on 403 instead of retrying forever', async () => {
    const source = await connectBot(t, fake)
    fake.blockedChats.add('557')
    await postUpdate(source.id, privateTextUpdate({ fromId: 557, text: '/help' }), fake.webhook!.secret_token)
    await drainDeliveries(t.database, config)
    const [chat] = await t.database.query<any>(`SELECT active, inactive_reason FROM telegram_chats WHERE chat_id = '557'`)
    expect(chat).toEqual({ active: false, inactive_reason: 'bot blocked or removed (403)' })
    expect(await count(t.database, `SELECT 1 FROM webhook_deliveries WHERE status = 'processed' AND source_id = $1`, [source.id])).toBe(1)
  })
})
