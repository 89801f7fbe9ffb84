// Account linking by one-time token and review from Telegram, through the real app, a signed-in user, the fake
// Bot API and proposals made by a real analysis run (local analyser) over a real Slack export.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../../test/helpers/database.js'
import { createTestUser, login, type Session } from '../../../../test/helpers/identity.js'
import { connectBot, drainDeliveries, privateTextUpdate } from '../../../../test/helpers/telegram.js'
import { startFakeBotApi, type FakeBotApi } from '../../../../test/fakes/telegram-bot-api.js'
import type { ServiceContext } from '../../../lib/context.js'
import { runImport } from '../../importers/index.js'
import { createRun, executeRun, getProposal, listProposals, reviewProposal } from '../../analysis/index.js'
import { indexMessages } from '../../pipeline/index.js'
import { loadConnectedSource } from '../../sources/index.js'
import { getSetting } from '../../settings/index.js'
import { botFor } from './bot-handlers.js'
import { reachOut } from './reach-out.js'
import { createNotification } from '../../notifications/index.js'
import { sendReviewPrompts, reviewCallbackData } from './review-prompts.js'
import { ingestMessages } from '../../messages/index.js'
import { listPendingEmailTasks, triageEmails } from '../../email/index.js'

const publicUrl = 'http://127.0.0.1:9'
const config = testConfig({ SIGNALBOX_PUBLIC_URL: publicUrl })
let t: Awaited<ReturnType<typeof testApp>>
let fake: FakeBotApi
let source: { id: string }
let alice: { id: string; username: string }
let session: Session
let ctx: ServiceContext
const aliceTelegramId = 7001

beforeAll(async () => {
  fake = await startFakeBotApi()
  t = await testApp({ config })
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'local-token' }, log: silentLog, config }
  source = await connectBot(t, fake)
  alice = await createTestUser(t.database, { workspaceId: t.defaultWorkspaceId, role: 'member' })
  session = await login(t.app, alice.username)
})
afterAll(async () => {
  await t?.app.close()
  await fake?.close()
})

const secret = () => fake.webhook!.secret_token!
async function deliver(update: object) {
  const response = await t.app.inject({
    method: 'POST',
    url: `/webhooks/telegram/${source.id}`,
    headers: { 'x-telegram-bot-api-secret-token': secret() },
    payload: update,
  })
  expect(response.statusCode).toBe(200)
  await drainDeliveries(t.database, config)
}
const lastReply = () => fake.callsOf('sendMessage').at(-1)!.params
async function askForLink(): Promise<string> {
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/telegram/link', headers: session.headers, payload: {} })
  expect(response.statusCode, response.body).toBe(201)
  const link = response.json()
  expect(link.deepLink).toBe(`https://t.me/${fake.botInfo.username}?start=${link.token}`)
  return link.token
}

describe('linking a Telegram account', () => {
  it('binds the account with a valid token, refuses it the second time, and /unlink undoes it', async () => {
    const token = await askForLink()
    await deliver(privateTextUpdate({ fromId: aliceTelegramId, text: `/start ${token}`, username: 'alice_tg' }))
    expect(lastReply().text).toContain(`Linked to Signalbox as ${alice.username}`)
    const links = await t.app.inject({ method: 'GET', url: '/api/v1/telegram/links', headers: session.headers })
    expect(links.json().items).toEqual([expect.objectContaining({ sourceId: source.id, telegramUsername: 'alice_tg' })])

    await deliver(privateTextUpdate({ fromId: 9999, text: `/start ${token}` }))
    expect(lastReply().text).toBe('This link was already used. Ask Signalbox for a new one.')

    await deliver(privateTextUpdate({ fromId: aliceTelegramId, text: '/unlink' }))
    expect(lastReply().text).toContain('Unlinked')
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/telegram/links', headers: session.headers })).json().items).toEqual([])
    const outcomes = await t.database.query<{ command: string; outcome: string }>(
      `SELECT command, outcome FROM bot_logs WHERE source_id = $1 ORDER BY id`,
      [source.id],
    )
    expect(outcomes).toEqual([
      { command: '/start', outcome: 'ok' },
      { command: '/start', outcome: 'invalid' },
      { command: '/unlink', outcome: 'ok' },
    ])
  })

  it('refuses an expired token and an unknown one', async () => {
    const token = await askForLink()
    await t.database.query(`UPDATE telegram_link_tokens SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL`)
    await deliver(privateTextUpdate({ fromId: aliceTelegramId, text: `/start ${token}` }))
    expect(lastReply().text).toBe('This link has expired. Ask Signalbox for a new one.')
    await deliver(privateTextUpdate({ fromId: aliceTelegramId, text: '/start not-a-real-token' }))
    expect(lastReply().text).toBe('This link is not valid. Ask Signalbox for a new one.')
    expect(await t.database.query(`SELECT 1 FROM telegram_connections`)).toHaveLength(0)
  })

  it('binds the owner chat (seed 4) with an admin-made owner token', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/telegram/link',
      headers: t.auth,
      payload: { purpose: 'owner', userId: alice.id },
    })
    expect(response.statusCode).toBe(201)
    await deliver(privateTextUpdate({ fromId: 8001, text: `/start ${response.json().token}` }))
    expect(await getSetting(t, 'telegram.ownerChatId')).toBe('8001')
    // A member cannot make an owner token.
    const forbidden = await t.app.inject({
      method: 'POST',
      url: '/api/v1/telegram/link',
      headers: session.headers,
      payload: { purpose: 'owner' },
    })
    expect(forbidden.statusCode).toBe(403)
  })
})

describe('reviewing proposals from Telegram', () => {
  let proposals: Array<{ id: string; title: string }>

  beforeAll(async () => {
    // Four real developer-group chats: enough open questions that the analysis proposes several items for review.
    for (const chat of ['praktik-load-balancer', 'membuat-linq-efisien', 'oop', 'database-isolation-level']) {
      await runImport(ctx, {
        kind: 'telegram',
        path: path.resolve(import.meta.dirname, `../../../../test/fixtures/telegram-tgif/${chat}/exported.json`),
      })
    }
    const run = await createRun(ctx, { from: '2000-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' })
    await executeRun(ctx, run.id)
    proposals = (await listProposals(ctx, { status: 'pending', sort: 'created', limit: 100, offset: 0 })).items
    expect(proposals.length).toBeGreaterThanOrEqual(3)
    const token = await askForLink()
    await deliver(privateTextUpdate({ fromId: aliceTelegramId, text: `/start ${token}` }))
  })

  it('sends pending proposals batched in one message with buttons, and not again', async () => {
    const { source: connected, secrets } = await loadConnectedSource(ctx, source.id)
    const before = fake.callsOf('sendMessage').length
    const sent = await sendReviewPrompts(ctx, connected, await botFor(connected, secrets))
    expect(sent.messages).toBe(1)
    expect(sent.proposals).toBe(Math.min(8, proposals.length))
    const prompt = lastReply()
    expect(prompt.chat_id).toBe(String(aliceTelegramId))
    expect(prompt.reply_markup.inline_keyboard[0].map((b: any) => b.text)).toEqual(['✅ 1', '❌ 1', 'Open 1'])
    let total = sent.proposals
    let messages = 1
    for (let more = sent; more.messages > 0; messages += more.messages, total += more.proposals)
      more = await sendReviewPrompts(ctx, connected, await botFor(connected, secrets))
    // Every pending proposal was offered once, eight to a message; nothing is offered twice.
    expect(total).toBe(proposals.length)
    expect(messages).toBe(Math.ceil(proposals.length / 8))
    expect(fake.callsOf('sendMessage').length).toBe(before + messages)
  })

  function buttonPress(proposalId: string, action: 'approve' | 'reject', fromId = aliceTelegramId) {
    const prompt = fake.callsOf('sendMessage').at(-1)!.params
    return {
      update_id: Math.floor(Math.random() * 1e9),
      callback_query: {
        id: String(Math.floor(Math.random() * 1e12)),
        from: { id: fromId, is_bot: false, first_name: 'Alice', username: 'alice_tg', language_code: 'en' },
        message: {
          message_id: 5000,
          chat: { id: fromId, type: 'private' },
          date: 1700000000,
          text: prompt.text,
          reply_markup: prompt.reply_markup,
        },
        chat_instance: '-1234',
        data: reviewCallbackData(action, proposalId),
      },
    }
  }

  it('approves once; a second tap says who approved it and when', async () => {
    const target = proposals[0]
    await deliver(buttonPress(target.id, 'approve'))
    expect((await getProposal(ctx, target.id)).status).toBe('approved')
    expect(fake.callsOf('answerCallbackQuery').at(-1)!.params.text).toBe(`Approved: ${target.title}`)
    // The approved proposal's buttons are gone from the prompt.
    const markup = fake.callsOf('editMessageReplyMarkup').at(-1)!.params.reply_markup.inline_keyboard
    expect(markup.flat().some((b: any) => b.callback_data?.includes(target.id))).toBe(false)

    await deliver(buttonPress(target.id, 'approve'))
    const answer = fake.callsOf('answerCallbackQuery').at(-1)!.params
    expect(answer.text).toMatch(new RegExp(`^Already approved by ${alice.username} at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`))
    expect(answer.show_alert).toBe(true)
    const reviewed = await getProposal(ctx, target.id)
    expect(reviewed.createdTaskId ?? reviewed.createdAtomId).not.toBeNull()
  })

  it('says so when the proposal was already reviewed in the web app', async () => {
    const target = proposals[1]
    await reviewProposal({ ...ctx, actor: { kind: 'user', userId: alice.id, role: 'member' } }, target.id, {
      action: 'reject',
      reason: 'duplicate',
    })
    await deliver(buttonPress(target.id, 'approve'))
    expect(fake.callsOf('answerCallbackQuery').at(-1)!.params.text).toMatch(/^Already rejected by /)
    expect((await getProposal(ctx, target.id)).status).toBe('rejected')
  })

  it('refuses a button press from an unlinked account', async () => {
    const target = proposals[2]
    await deliver(buttonPress(target.id, 'reject', 424242))
    expect(fake.callsOf('answerCallbackQuery').at(-1)!.params.text).toBe('Link your Telegram account in Signalbox first.')
    expect((await getProposal(ctx, target.id)).status).toBe('pending')
  })

  it('answers /tasks and /search for a linked user', async () => {
    await deliver(privateTextUpdate({ fromId: aliceTelegramId, text: '/tasks' }))
    expect(lastReply().text).toBe('You have no open tasks.')
    const stored = await t.database.query<{ id: string }>(`SELECT id FROM messages`)
    await indexMessages(
      ctx,
      stored.map((m) => m.id),
    )
    await deliver(privateTextUpdate({ fromId: aliceTelegramId, text: '/search nginx' }))
    expect(lastReply().text).toMatch(/^1\. /)
    expect(lastReply().text).toContain(`${publicUrl}/conversations/`)
  })

  it('reaches out: a signup PIN to the owner chat, a notification to linked users who opted in, each once', async () => {
    const signup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { username: 'newcomer', password: 'correct-Horse-battery-9' },
      remoteAddress: '10.9.0.1',
    })
    expect(signup.statusCode).toBe(202)
    await createNotification(ctx, {
      type: 'budget_warning',
      title: 'Budget at 80%',
      message: 'Analysis spent 8 of 10 USD this month',
      severity: 'warning',
    })
    const { source: connected, secrets } = await loadConnectedSource(ctx, source.id)
    const before = fake.callsOf('sendMessage').length
    expect(await reachOut(ctx, connected, await botFor(connected, secrets))).toEqual({ pins: 1, notifications: 1 })
    const sent = fake
      .callsOf('sendMessage')
      .slice(before)
      .map((c) => c.params)
    expect(sent[0].chat_id).toBe('8001')
    expect(sent[0].text).toMatch(/^Signup request from newcomer: PIN \d{6}\. /)
    expect(sent[1]).toMatchObject({ chat_id: String(aliceTelegramId), text: '⚠️ Budget at 80%\nAnalysis spent 8 of 10 USD this month' })
    expect(await reachOut(ctx, connected, await botFor(connected, secrets))).toEqual({ pins: 0, notifications: 0 })

    // Opted out from the web profile: the next notification is not sent to her.
    const optOut = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/telegram/links/${source.id}`,
      headers: session.headers,
      payload: { notify: false },
    })
    expect(optOut.statusCode, optOut.body).toBe(200)
    expect(optOut.json()).toMatchObject({ sourceId: source.id, notify: false, reviews: true })
    await createNotification(ctx, {
      type: 'budget_warning',
      title: 'Budget at 90%',
      message: 'Analysis spent 9 of 10 USD this month',
      severity: 'warning',
    })
    expect(await reachOut(ctx, connected, await botFor(connected, secrets))).toEqual({ pins: 0, notifications: 0 })
    const stranger = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/telegram/links/${source.id}`,
      headers: t.auth,
      payload: { notify: true },
    })
    expect(stranger.statusCode).toBe(404)
  })

  it('offers an email’s action item with the same buttons; approving it there creates the task and the email task follows', async () => {
    await ingestMessages(ctx, {
      source: { type: 'email', name: 'mailbox' },
      messages: [
        {
          externalId: 'contract@example.org',
          conversation: { externalId: 'contract@example.org', kind: 'email_thread' },
          author: { externalId: 'ann@example.org', email: 'ann@example.org', displayName: 'Ann' },
          sentAt: '2026-03-02T09:00:00Z',
          content: 'Contract\n\nHi Alice,\n\nplease send me the signed contract by Friday, March 6.\n\nAnn',
          contentKind: 'email',
          raw: { subject: 'Contract', from: 'ann@example.org', fromName: 'Ann', headers: {} },
        },
      ],
    })
    await triageEmails(ctx, {})
    const [emailTask] = await listPendingEmailTasks(ctx)
    expect(emailTask).toMatchObject({ proposedTitle: expect.stringMatching(/signed contract/i), status: 'pending' })
    const { source: connected, secrets } = await loadConnectedSource(ctx, source.id)
    const sent = await sendReviewPrompts(ctx, connected, await botFor(connected, secrets))
    expect(sent).toEqual({ messages: 1, proposals: 1 })
    const prompt = lastReply()
    expect(prompt.text).toContain(emailTask.proposedTitle)
    expect(prompt.reply_markup.inline_keyboard[0][0].callback_data).toBe(reviewCallbackData('approve', emailTask.proposalId!))
    await deliver(buttonPress(emailTask.proposalId!, 'approve'))
    expect((await getProposal(ctx, emailTask.proposalId!)).status).toBe('approved')
    const [after] = await listPendingEmailTasks(ctx)
    expect(after).toMatchObject({ status: 'approved', taskId: expect.any(String) })
  })
})
