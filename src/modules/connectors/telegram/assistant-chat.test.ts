// The assistant on Telegram: a linked person asks in a private chat with the bot (text or voice note) and gets a
// cited answer, through the real app, the fake Bot API, the fake OpenAI-compatible server (transcriptions) and an
// in-memory PGlite holding a small indexed team chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../../test/helpers/database.js'
import { createTestUser, login, type Session } from '../../../../test/helpers/identity.js'
import { connectBot, drainDeliveries, privateTextUpdate } from '../../../../test/helpers/telegram.js'
import { configureTranscriber, ingestTeamChat, messageIdOf } from '../../../../test/helpers/team-chat.js'
import { readUpdateFixture, startFakeBotApi, type FakeBotApi } from '../../../../test/fakes/telegram-bot-api.js'
import { startFakeOpenAi, type FakeOpenAi } from '../../../../test/fakes/openai-server.js'
import type { ServiceContext } from '../../../lib/context.js'
import { unlinkedExplanation } from './bot-handlers.js'
import { formatAnswerForTelegram, reminderUsage } from './assistant-chat.js'
import { deliverDueMessages } from '../../proactive/index.js'

const publicUrl = 'http://127.0.0.1:9'
const config = testConfig({ SIGNALBOX_PUBLIC_URL: publicUrl })
let t: Awaited<ReturnType<typeof testApp>>
let bot: FakeBotApi
let openai: FakeOpenAi
let source: { id: string }
let alice: { id: string; username: string }
let session: Session
let ctx: ServiceContext
const aliceTelegramId = 7101

beforeAll(async () => {
  bot = await startFakeBotApi()
  openai = await startFakeOpenAi()
  t = await testApp({ config })
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'local-token' }, log: silentLog, config }
  await ingestTeamChat(ctx)
  source = await connectBot(t, bot)
  alice = await createTestUser(t.database, { workspaceId: t.defaultWorkspaceId, role: 'member' })
  session = await login(t.app, alice.username)
  const link = await t.app.inject({ method: 'POST', url: '/api/v1/telegram/link', headers: session.headers, payload: {} })
  await deliver(privateTextUpdate({ fromId: aliceTelegramId, text: `/start ${link.json().token}` }))
}, 300_000)
afterAll(async () => {
  await t?.app.close()
  await bot?.close()
  await openai?.close()
})

async function deliver(update: object) {
  const response = await t.app.inject({
    method: 'POST',
    url: `/webhooks/telegram/${source.id}`,
    headers: { 'x-telegram-bot-api-secret-token': bot.webhook!.secret_token! },
    payload: update,
  })
  expect(response.statusCode).toBe(200)
  await drainDeliveries(t.database, config)
}
const lastReply = () => bot.callsOf('sendMessage').at(-1)!.params as { chat_id: string | number; text: string }

async function aliceThreads() {
  return t.database.query<{ id: string; source: string; title: string; messages: number }>(
    `SELECT th.id, th.source, th.title, (SELECT count(*)::int FROM assistant_messages m WHERE m.thread_id = th.id) AS messages
       FROM assistant_threads th WHERE th.user_id = $1 ORDER BY th.created_at`,
    [alice.id],
  )
}

/** A voice note shaped like the real VOICE-OGA.json capture (silikidi/Telegram-JSON-Response), from `fromId`. */
function voiceUpdate(fromId: number, fileId: string) {
  const update = JSON.parse(JSON.stringify(readUpdateFixture('VOICE-OGA.json')))
  update.update_id = Math.floor(Math.random() * 1e9)
  update.message.from.id = fromId
  update.message.chat.id = fromId
  update.message.voice.file_id = fileId
  return update
}

describe('asking the assistant in a private chat', () => {
  it('answers a linked person with numbered sources that link into the web app, in a Telegram thread', async () => {
    await deliver(privateTextUpdate({ fromId: aliceTelegramId, text: 'When does the TLS certificate expire?' }))
    const reply = lastReply()
    expect(Number(reply.chat_id)).toBe(aliceTelegramId)
    expect(reply.text).toMatch(/March/)
    const [, sources] = reply.text.split('\n\nSources:\n')
    expect(sources).toMatch(/^\[\d+\] BOB in #ops, 2026-01-06\n/)
    const conversationLink = sources.split('\n')[1]
    expect(conversationLink).toMatch(new RegExp(`^${publicUrl}/conversations/[0-9a-f-]+\\?message=${await messageIdOf(ctx, 'ops-5')}$`))
    const threads = await aliceThreads()
    expect(threads).toEqual([expect.objectContaining({ source: 'telegram', title: 'When does the TLS certificate expire?', messages: 2 })])
    expect(bot.callsOf('sendChatAction').at(-1)!.params).toMatchObject({ chat_id: aliceTelegramId, action: 'typing' })
  })

  it('continues the thread with a follow-up, and /new starts a fresh one', async () => {
    await deliver(privateTextUpdate({ fromId: aliceTelegramId, text: 'Why did the production deploy fail?' }))
    expect(lastReply().text).toMatch(/migration/i)
    let threads = await aliceThreads()
    expect(threads).toHaveLength(1)
    expect(threads[0].messages).toBe(4)

    await deliver(privateTextUpdate({ fromId: aliceTelegramId, text: '/new' }))
    expect(lastReply().text).toBe('Your next question starts a new conversation.')
    await deliver(privateTextUpdate({ fromId: aliceTelegramId, text: 'Who signed the annual contract?' }))
    expect(lastReply().text).toMatch(/Acme/)
    threads = await aliceThreads()
    expect(threads.map((th) => th.messages)).toEqual([4, 2])
    expect(threads[1].title).toBe('Who signed the annual contract?')
  })

  it('says plainly when the data holds no answer', async () => {
    await deliver(privateTextUpdate({ fromId: aliceTelegramId, text: 'Which hotel did we book for the Lisbon offsite?' }))
    expect(lastReply().text).not.toContain('Sources:')
    const [row] = await t.database.query<{ status: string }>(
      `SELECT m.status FROM assistant_messages m JOIN assistant_threads th ON th.id = m.thread_id
        WHERE th.user_id = $1 AND m.role = 'assistant' ORDER BY m.created_at DESC LIMIT 1`,
      [alice.id],
    )
    expect(row.status).toBe('declined')
  })

  it('explains linking to someone not linked, and answers nothing', async () => {
    const before = (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM assistant_threads'))[0].n
    await deliver(privateTextUpdate({ fromId: 424243, text: 'When does the TLS certificate expire?' }))
    expect(lastReply()).toMatchObject({ chat_id: 424243, text: unlinkedExplanation })
    expect((await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM assistant_threads'))[0].n).toBe(before)
  })
})

describe('voice notes', () => {
  it('says clearly that voice needs a transcription model when none is configured', async () => {
    bot.files.set('voice-without-model', Buffer.from('OggS fake opus bytes'))
    await deliver(voiceUpdate(aliceTelegramId, 'voice-without-model'))
    expect(lastReply().text).toMatch(/^Voice needs a speech-to-text model: add an agent with the role "transcriber"/)
    expect(openai.requests.filter((r) => r.path.endsWith('/audio/transcriptions'))).toHaveLength(0)
  })

  it('downloads the note, transcribes it through /audio/transcriptions and answers the spoken question', async () => {
    await configureTranscriber(ctx, openai.url)
    openai.transcript = 'Who asked for a refund?'
    const audio = Buffer.from('OggS\u0000\u0002 a real note would be opus frames')
    bot.files.set('voice-question', audio)
    await deliver(voiceUpdate(aliceTelegramId, 'voice-question'))

    const request = openai.requests.filter((r) => r.path.endsWith('/audio/transcriptions')).at(-1)!
    expect(request.headers.authorization).toBe('Bearer sk-speech')
    expect(request.body).toMatchObject({ model: 'whisper-1', file: { name: 'file_1.ogg', size: audio.length } })
    const reply = lastReply().text
    expect(reply.startsWith('🎤 “Who asked for a refund?”\n\n')).toBe(true)
    expect(reply).toMatch(/Globex/)
    const [asked] = await t.database.query<{ content: string; metadata: { voice?: boolean } }>(
      `SELECT m.content, m.metadata FROM assistant_messages m JOIN assistant_threads th ON th.id = m.thread_id
        WHERE th.user_id = $1 AND m.role = 'user' ORDER BY m.created_at DESC LIMIT 1`,
      [alice.id],
    )
    expect(asked).toMatchObject({ content: 'Who asked for a refund?', metadata: { voice: true } })
    const [call] = await t.database.query<{ status: string; model: string }>(
      `SELECT status, model FROM ai_call_log WHERE purpose = 'transcription'`,
    )
    expect(call).toEqual({ status: 'ok', model: 'whisper-1' })
  })

  it('reports a transcription failure to the person and logs the failed call', async () => {
    bot.files.set('voice-failing', Buffer.from('OggS more bytes'))
    openai.enqueue({ kind: 'error', status: 400, message: 'Invalid file format.' })
    await deliver(voiceUpdate(aliceTelegramId, 'voice-failing'))
    expect(lastReply().text).toMatch(/Provider speech-\w+ failed after 1 attempt\(s\): .*Invalid file format/)
    const [failed] = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ai_call_log WHERE purpose = 'transcription' AND status = 'error'`,
    )
    expect(failed.n).toBe(1)
  })
})

describe('reminders from the chat', () => {
  it('"remind me Friday to …" sets a reminder that comes back in this chat on Friday at 09:00', async () => {
    await deliver(privateTextUpdate({ fromId: aliceTelegramId, text: 'remind me Friday to send the invoice' }))
    expect(lastReply().text).toMatch(/^⏰ I'll remind you Fri \d{1,2} \w{3}, 09:00 \(UTC\): send the invoice$/)
    const [reminder] = await t.database.query<{ scheduled_for: Date; channels: string[] }>(
      `SELECT m.scheduled_for, array_agg(d.channel ORDER BY d.channel) AS channels FROM proactive_messages m
         JOIN proactive_deliveries d ON d.message_id = m.id WHERE m.user_id = $1 AND m.content = 'send the invoice' GROUP BY m.id`,
      [alice.id],
    )
    expect(reminder.channels).toEqual(['telegram', 'web'])
    expect(new Date(reminder.scheduled_for).getUTCDay()).toBe(5)
    const pass = await deliverDueMessages(
      { database: t.database, config, log: silentLog },
      { now: new Date(new Date(reminder.scheduled_for).getTime() + 1000) },
    )
    expect(pass.sent).toBe(2)
    expect(lastReply()).toMatchObject({ chat_id: String(aliceTelegramId), text: '⏰ send the invoice' })
  })

  it('/remind without a time explains what it needs', async () => {
    await deliver(privateTextUpdate({ fromId: aliceTelegramId, text: '/remind send the invoice' }))
    expect(lastReply().text).toBe(reminderUsage)
  })
})

describe('formatting for Telegram', () => {
  it('keeps the sources when a long answer is cut to 4,096 characters', () => {
    const citation = {
      n: 1,
      messageId: 'm',
      conversationId: 'c',
      conversationTitle: '#ops',
      sourceType: 'slack',
      authorName: 'BOB',
      sentAt: '2026-01-06T10:00:00Z',
      quote: '',
    }
    const text = formatAnswerForTelegram('x'.repeat(6000), [citation], publicUrl)
    expect(text.length).toBeLessThanOrEqual(4096)
    expect(text.endsWith(`Sources:\n[1] BOB in #ops, 2026-01-06\n${publicUrl}/conversations/c?message=m`)).toBe(true)
  })
})
