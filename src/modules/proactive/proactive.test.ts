// Proactive messages through the real app on an in-memory PGlite: reminders set in plain words, delivery to the
// web notification centre, Telegram (fake Bot API) and email (a real SMTP server on 127.0.0.1), once only, after a
// crashed worker, cancelled, deferred by quiet hours, retried and failed visibly; digests and due reminders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'
import { testApp } from '../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import { createTestUser, login, type Session } from '../../../test/helpers/identity.js'
import { connectBot, drainDeliveries, privateTextUpdate } from '../../../test/helpers/telegram.js'
import { startFakeBotApi, type FakeBotApi } from '../../../test/fakes/telegram-bot-api.js'
import type { Config } from '../../config.js'
import type { ServiceContext } from '../../lib/context.js'
import { createTask } from '../tasks/index.js'
import { claimDueDeliveries, deliverDueMessages, maxDeliveryAttempts } from './delivery.js'
import { generateProactiveMessages } from './generate.js'
import { scheduleMessage } from './messages.js'
import { localTime } from './preferences.js'

type Received = { to: string[]; raw: string }
let smtp: SMTPServer
const inbox: Received[] = []
/** Recipients the SMTP server refuses with a temporary error (450), to exercise retries. */
const refusing = new Set<string>()

let t: Awaited<ReturnType<typeof testApp>>
let bot: FakeBotApi
let config: Config
let ctx: ServiceContext
let alice: { id: string; username: string }
let session: Session
const aliceTelegramId = 7301

async function startSmtp(): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refusing.has(address.address)) return callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 450 }))
      callback()
    },
    onData(stream, session, callback) {
      let raw = ''
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()))
  return (smtp.server.address() as AddressInfo).port
}

beforeAll(async () => {
  const port = await startSmtp()
  bot = await startFakeBotApi()
  config = testConfig({
    SIGNALBOX_PUBLIC_URL: 'http://127.0.0.1:9',
    SIGNALBOX_SMTP_URL: `smtp://127.0.0.1:${port}`,
    SIGNALBOX_MAIL_FROM: 'Signalbox <bot@example.test>',
  })
  t = await testApp({ config })
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'system' }, log: silentLog, config }
  alice = await createTestUser(t.database, { username: 'alice', email: 'alice@example.test', workspaceId: t.defaultWorkspaceId })
  session = await login(t.app, 'alice')
  await connectBot(t, bot)
  const link = await t.app.inject({ method: 'POST', url: '/api/v1/telegram/link', headers: session.headers, payload: {} })
  await t.app.inject({
    method: 'POST',
    url: `/webhooks/telegram/${link.json().sourceId}`,
    headers: { 'x-telegram-bot-api-secret-token': bot.webhook!.secret_token! },
    payload: privateTextUpdate({ fromId: aliceTelegramId, text: `/start ${link.json().token}` }),
  })
  await drainDeliveries(t.database, config)
}, 300_000)
afterAll(async () => {
  await t?.app.close()
  await bot?.close()
  await new Promise<void>((resolve) => smtp?.close(() => resolve()))
})

const api = (method: string, url: string, payload?: unknown) =>
  t.app.inject({ method: method as never, url: `/api/v1${url}`, headers: session.headers, payload: payload as never })
const telegramTexts = () =>
  bot
    .callsOf('sendMessage')
    .filter((c) => Number(c.params.chat_id) === aliceTelegramId)
    .map((c) => String(c.params.text))
const aliceCtx = (): ServiceContext => ({ ...ctx, actor: { kind: 'user', userId: alice.id, role: 'member' } })
const deps = () => ({ database: t.database, config, log: silentLog })
const minutes = (n: number, from = new Date()) => new Date(from.getTime() + n * 60_000)
/** Clears what earlier tests left due, so each test sees only its own deliveries. */
async function drainAll(now: Date) {
  while ((await deliverDueMessages(deps(), { now })).sent > 0);
}

describe('notification preferences', () => {
  it('answers the defaults, saves changes and names a bad field', async () => {
    const defaults = (await api('GET', '/me/notification-preferences')).json()
    expect(defaults).toEqual({
      channels: ['web'],
      timezone: 'UTC',
      quietStartMinute: 0,
      quietEndMinute: 0,
      digestEnabled: true,
      digestMinute: 480,
      dueReminderHours: 24,
    })
    const bad = await api('PATCH', '/me/notification-preferences', { timezone: 'Mars/Olympus' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details[0].path).toBe('body.timezone')
    const saved = await api('PATCH', '/me/notification-preferences', { channels: ['web', 'telegram', 'email'], timezone: 'Europe/Berlin' })
    expect(saved.statusCode, saved.body).toBe(200)
    expect((await api('GET', '/me/notification-preferences')).json()).toMatchObject({
      channels: ['web', 'telegram', 'email'],
      timezone: 'Europe/Berlin',
    })
  })
})

describe('reminders', () => {
  it('reads "Friday" in the person’s time zone as Friday 09:00 there', async () => {
    const created = await api('POST', '/proactive-messages', { content: 'Send the Acme invoice', when: 'Friday' })
    expect(created.statusCode, created.body).toBe(201)
    const reminder = created.json()
    const at = new Date(reminder.scheduledFor)
    expect(at.getTime()).toBeGreaterThan(Date.now())
    expect(new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', weekday: 'long' }).format(at)).toBe('Friday')
    expect(localTime(at, 'Europe/Berlin').minute).toBe(9 * 60)
    expect(reminder.deliveries.map((d: { channel: string; status: string }) => `${d.channel}:${d.status}`)).toEqual([
      'email:pending',
      'telegram:pending',
      'web:pending',
    ])
    const nonsense = await api('POST', '/proactive-messages', { content: 'x', when: 'whenever suits' })
    expect(nonsense.statusCode).toBe(400)
    expect(nonsense.json().error.details[0].path).toBe('when')
  })

  it('is delivered on every channel once, even when two workers pass at the same moment', async () => {
    await drainAll(minutes(0))
    const due = new Date()
    const inboxBefore = inbox.length
    const telegramBefore = telegramTexts().length
    const reminder = (
      await api('POST', '/proactive-messages', { content: 'Renew the TLS certificate', scheduledFor: due.toISOString() })
    ).json()
    const [first, second] = await Promise.all([deliverDueMessages(deps()), deliverDueMessages(deps())])
    expect(first.sent + second.sent).toBe(3)
    expect((await deliverDueMessages(deps(), { now: minutes(10) })).sent).toBe(0)

    const read = (await api('GET', `/proactive-messages/${reminder.id}`)).json()
    expect(read.status).toBe('sent')
    expect(read.deliveries.every((d: { status: string; attempts: number }) => d.status === 'sent' && d.attempts === 1)).toBe(true)
    expect(telegramTexts().slice(telegramBefore)).toEqual(['⏰ Renew the TLS certificate'])
    const mails = inbox.slice(inboxBefore)
    expect(mails).toHaveLength(1)
    expect(mails[0].to).toEqual(['alice@example.test'])
    expect(mails[0].raw).toMatch(/^Subject: Reminder: Renew the TLS certificate/m)
    const notices = (await api('GET', '/notifications')).json()
    const items = (notices.items ?? notices) as Array<{ title: string; message: string }>
    expect(items.filter((n) => n.message === 'Renew the TLS certificate')).toHaveLength(1)
  })

  it('a delivery claimed by a worker that died is sent by another once its lease ends, and only then', async () => {
    const now = new Date()
    await drainAll(now)
    const telegramBefore = telegramTexts().length
    await scheduleMessage(ctx, { userId: alice.id, kind: 'custom', title: 'Reminder', content: 'Call the landlord', scheduledFor: now })
    const claimed = await claimDueDeliveries(deps(), now, 100)
    expect(claimed).toHaveLength(3)
    // The claiming worker is gone. Within its lease nobody else sends...
    expect((await deliverDueMessages(deps(), { now: minutes(1, now) })).sent).toBe(0)
    // ...after it, the next worker does, once.
    expect((await deliverDueMessages(deps(), { now: minutes(3, now) })).sent).toBe(3)
    expect((await deliverDueMessages(deps(), { now: minutes(6, now) })).sent).toBe(0)
    expect(telegramTexts().slice(telegramBefore)).toEqual(['⏰ Call the landlord'])
  })

  it('a cancelled reminder is never sent, and cannot be cancelled twice', async () => {
    const telegramBefore = telegramTexts().length
    const reminder = (await api('POST', '/proactive-messages', { content: 'Water the plants', when: 'in 2 hours' })).json()
    const cancelled = await api('POST', `/proactive-messages/${reminder.id}/cancel`)
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' })
    expect(cancelled.json().deliveries.every((d: { status: string }) => d.status === 'cancelled')).toBe(true)
    expect((await deliverDueMessages(deps(), { now: minutes(180) })).sent).toBe(0)
    expect(telegramTexts().slice(telegramBefore)).not.toContain('⏰ Water the plants')
    expect((await api('POST', `/proactive-messages/${reminder.id}/cancel`)).statusCode).toBe(409)
  })
})

describe('quiet hours', () => {
  it('hold Telegram and email until they end; the web notice goes at once', async () => {
    await drainAll(new Date('2031-03-04T12:00:00Z'))
    await api('PATCH', '/me/notification-preferences', { timezone: 'UTC', quietStartMinute: 22 * 60, quietEndMinute: 7 * 60 })
    const night = new Date('2031-03-04T23:30:00Z')
    await scheduleMessage(ctx, { userId: alice.id, kind: 'custom', title: 'Reminder', content: 'Take out the bins', scheduledFor: night })
    const atNight = await deliverDueMessages(deps(), { now: night })
    expect(atNight).toMatchObject({ sent: 1, deferred: 2 })
    expect((await deliverDueMessages(deps(), { now: new Date('2031-03-05T06:59:00Z') })).sent).toBe(0)
    const morning = await deliverDueMessages(deps(), { now: new Date('2031-03-05T07:00:30Z') })
    expect(morning).toMatchObject({ sent: 2, deferred: 0 })
    await api('PATCH', '/me/notification-preferences', { quietStartMinute: 0, quietEndMinute: 0 })
  })
})

describe('failures', () => {
  it('retries a temporary failure with backoff, then fails visibly after the last attempt', async () => {
    const start = new Date('2032-01-01T12:00:00Z')
    refusing.add('alice@example.test')
    const message = (await scheduleMessage(ctx, {
      userId: alice.id,
      kind: 'custom',
      title: 'Reminder',
      content: 'Pay the rent',
      scheduledFor: start,
    }))!
    let now = start
    for (let attempt = 1; attempt <= maxDeliveryAttempts; attempt++) {
      await deliverDueMessages(deps(), { now })
      now = minutes(61, now)
    }
    refusing.delete('alice@example.test')
    const read = (await api('GET', `/proactive-messages/${message.id}`)).json()
    expect(read.status).toBe('failed')
    const email = read.deliveries.find((d: { channel: string }) => d.channel === 'email')
    expect(email).toMatchObject({ status: 'failed', attempts: maxDeliveryAttempts })
    expect(email.lastError).toMatch(/Mailbox busy/)
    expect(read.deliveries.filter((d: { status: string }) => d.status === 'sent')).toHaveLength(2)
    const notices = (await api('GET', '/notifications')).json()
    const items = (notices.items ?? notices) as Array<{ title: string; message: string }>
    expect(items.some((n) => n.title === 'Could not send "Reminder" by email' && /Mailbox busy/.test(n.message))).toBe(true)
  })

  it('fails at once, without retries, when the channel cannot reach the person', async () => {
    const bob = await createTestUser(t.database, { username: 'bob', workspaceId: t.defaultWorkspaceId })
    const bobSession = await login(t.app, 'bob')
    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me/notification-preferences',
      headers: bobSession.headers,
      payload: { channels: ['telegram', 'email'] },
    })
    const now = new Date('2033-01-01T12:00:00Z')
    const message = (await scheduleMessage(ctx, {
      userId: bob.id,
      kind: 'custom',
      title: 'Reminder',
      content: 'Stand-up moved',
      scheduledFor: now,
    }))!
    // Nobody else sees it.
    expect((await api('GET', `/proactive-messages/${message.id}`)).statusCode).toBe(404)
    expect(await deliverDueMessages(deps(), { now })).toMatchObject({ failed: 2, retried: 0 })
    const read = (
      await t.app.inject({ method: 'GET', url: `/api/v1/proactive-messages/${message.id}`, headers: bobSession.headers })
    ).json()
    expect(read.deliveries.map((d: { channel: string; lastError: string }) => `${d.channel}: ${d.lastError}`)).toEqual([
      'email: This person has no email address in their profile',
      'telegram: No Telegram account is linked to this person in this workspace',
    ])
  })
})

describe('digests and due reminders', () => {
  it('sends one digest per local day with the tasks due, and one reminder per task before it is due', async () => {
    await api('PATCH', '/me/notification-preferences', { channels: ['web'], timezone: 'UTC', digestMinute: 8 * 60, dueReminderHours: 24 })
    const morning = new Date('2034-05-02T08:15:00Z')
    const task = await createTask(aliceCtx(), { title: 'Ship the quarterly report', assignee: alice.id, dueDate: '2034-05-02T17:00:00Z' })
    expect(await generateProactiveMessages(ctx, new Date('2034-05-02T07:59:00Z'))).toEqual({ digests: 0, reminders: 1 })
    expect(await generateProactiveMessages(ctx, morning)).toEqual({ digests: 1, reminders: 0 })
    expect(await generateProactiveMessages(ctx, minutes(30, morning))).toEqual({ digests: 0, reminders: 0 })
    const listed = (await api('GET', '/proactive-messages?limit=200')).json().items as Array<{
      kind: string
      title: string
      content: string
    }>
    const digest = listed.find((m) => m.kind === 'digest')!
    expect(digest.title).toBe('Your Signalbox digest for 2034-05-02')
    expect(digest.content).toContain('• Due: Ship the quarterly report (2034-05-02 17:00 UTC)')
    const reminder = listed.find((m) => m.kind === 'due_reminder')!
    expect(reminder.content).toBe(`“Ship the quarterly report” is due 2034-05-02 17:00 UTC\nhttp://127.0.0.1:9/tasks/${task.id}`)
  })
})
