// The bot's conversation with people in private chats: /start <token> (link), /unlink, /search, /tasks, /review,
// /new, /help, review buttons, and questions to the assistant (any other text, or a voice note). Every interaction is logged in bot_logs. Unlinked people get one short explanation.
import { createHash } from 'node:crypto'
import type { Bot, Context } from 'grammy'
import type { InlineKeyboardButton } from 'grammy/types'
import type { ServiceContext } from '../../../lib/context.js'
import { AppError } from '../../../lib/errors.js'
import { hybridSearch } from '../../search/index.js'
import { listTasks } from '../../tasks/index.js'
import { membershipRole } from '../../workspaces/index.js'
import type { ConnectedSource } from '../connector.js'
import { describeTelegramError, isBotRemovedError, telegramBot } from './bot-api.js'
import { markChatInactive, recordBotLog } from './bot-logs.js'
import { consumeLinkToken, findConnection, unlinkTelegramAccount, type TelegramConnection } from './linking.js'
import { answerInTelegram, isReminderRequest, remindFromTelegram, startNewTelegramThread, transcribeVoiceNote } from './assistant-chat.js'
import { parseReviewCallback, remainingKeyboard, reviewFromButton, sendReviewPrompts } from './review-prompts.js'

type Interaction = {
  ctx: ServiceContext
  source: ConnectedSource
  bot: Bot
  outcome: string
  userId: string | null
  error?: string
}

// grammY builds its Context around the very update object handed to handleUpdate, so it keys our per-update state.
const interactions = new WeakMap<object, Interaction>()
const interactionOf = (g: Context) => interactions.get(g.update)!

export const unlinkedExplanation =
  'This bot belongs to a Signalbox workspace. To use it, sign in to Signalbox and choose "Link Telegram" on the Sources page; ' +
  'the link it gives you brings you back here.'

const helpText = [
  'Ask me anything about your workspace: write a question or send a voice note, and I answer with sources.',
  '/new — start a new conversation with the assistant',
  '/remind <when> <what> — a reminder, e.g. /remind Friday send the invoice',
  '/search <words> — search the workspace',
  '/tasks — your open tasks',
  '/review — proposals waiting for review',
  '/unlink — disconnect this Telegram account',
  '/help — this list',
].join('\n')

function commandOf(g: Context): string {
  if (g.callbackQuery?.data) return `button:${g.callbackQuery.data.split(':').slice(0, 2).join(':')}`
  const text = g.message?.text ?? ''
  return text.startsWith('/') ? text.split(/\s/)[0].replace(/@.*$/, '') : 'message'
}

async function reply(g: Context, text: string, extra: Parameters<Context['reply']>[1] = {}) {
  try {
    await g.reply(text, { link_preview_options: { is_disabled: true }, ...extra })
  } catch (error) {
    if (!isBotRemovedError(error)) throw error
    const it = interactionOf(g)
    await markChatInactive(it.ctx, it.source.id, String(g.chat!.id), 'bot blocked or removed (403)')
    it.outcome = 'chat_inactive'
  }
}

/** The linked user's service context, or null (and an explanation) when the sender is not linked. */
async function linkedUser(g: Context): Promise<{ connection: TelegramConnection; userCtx: ServiceContext } | null> {
  const it = interactionOf(g)
  const connection = await findConnection(it.ctx, it.source.id, String(g.from!.id))
  const role = connection ? await membershipRole(it.ctx, connection.workspaceId, connection.userId) : null
  if (!connection || !role) {
    it.outcome = 'unlinked'
    if (g.callbackQuery) await g.answerCallbackQuery({ text: 'Link your Telegram account in Signalbox first.', show_alert: true })
    else await reply(g, unlinkedExplanation)
    return null
  }
  it.userId = connection.userId
  return {
    connection,
    userCtx: { ...it.ctx, workspaceId: connection.workspaceId, actor: { kind: 'user', userId: connection.userId, role } },
  }
}

function installHandlers(bot: Bot) {
  bot.use(async (g, next) => {
    const it = interactionOf(g)
    const started = performance.now()
    try {
      await next()
    } catch (error) {
      it.outcome = 'error'
      it.error = describeTelegramError(error)
      throw error
    } finally {
      await recordBotLog(it.ctx, {
        workspaceId: it.ctx.workspaceId,
        sourceId: it.source.id,
        telegramUserId: g.from ? String(g.from.id) : null,
        userId: it.userId,
        chatId: g.chat ? String(g.chat.id) : null,
        command: commandOf(g),
        latencyMs: performance.now() - started,
        outcome: it.outcome,
        error: it.error,
      })
    }
  })
  const dm = bot.chatType('private')
  dm.command('start', async (g) => {
    const it = interactionOf(g)
    const token = g.match.trim()
    if (!token) {
      const linked = await findConnection(it.ctx, it.source.id, String(g.from.id))
      if (!linked) {
        it.outcome = 'unlinked'
        return reply(g, unlinkedExplanation)
      }
      it.userId = linked.userId
      return reply(g, `You are linked to Signalbox.\n${helpText}`)
    }
    const outcome = await consumeLinkToken(it.ctx, {
      sourceId: it.source.id,
      token,
      telegramUserId: String(g.from.id),
      telegramUsername: g.from.username,
      chatId: String(g.chat.id),
    })
    if (!outcome.ok) {
      it.outcome = 'invalid'
      const why = { unknown: 'This link is not valid.', expired: 'This link has expired.', used: 'This link was already used.' }[
        outcome.reason
      ]
      return reply(g, `${why} Ask Signalbox for a new one.`)
    }
    it.userId = outcome.userId
    if (outcome.purpose === 'owner')
      return reply(g, 'This chat is now the owner chat of this Signalbox: signup PINs and admin notices come here.')
    return reply(g, `Linked to Signalbox as ${outcome.username ?? 'your account'}.\n${helpText}`)
  })
  dm.command('unlink', async (g) => {
    const it = interactionOf(g)
    const removed = await unlinkTelegramAccount(it.ctx, it.source.id, String(g.from.id))
    if (!removed) it.outcome = 'unlinked'
    return reply(g, removed ? 'Unlinked. This Telegram account is no longer connected to Signalbox.' : 'This account was not linked.')
  })
  dm.command('help', async (g) => {
    if (await linkedUser(g)) await reply(g, helpText)
  })
  dm.command('search', async (g) => {
    const linked = await linkedUser(g)
    if (!linked) return
    const q = g.match.trim()
    if (!q) {
      interactionOf(g).outcome = 'invalid'
      return reply(g, 'Usage: /search <words>')
    }
    const page = await hybridSearch(linked.userCtx, { q, k: 5 })
    if (page.items.length === 0) return reply(g, `Nothing found for "${q}".`)
    const base = linked.userCtx.config.publicUrl
    const lines = page.items.map((hit, i) => {
      const where = hit.conversationTitle ?? hit.sourceType
      const link = base ? `\n${base}/conversations/${hit.conversationId}` : ''
      return `${i + 1}. ${hit.author?.displayName ?? 'someone'} in ${where}, ${hit.sentAt.slice(0, 10)}: ${hit.snippet.slice(0, 200)}${link}`
    })
    return reply(g, lines.join('\n\n'))
  })
  dm.command('tasks', async (g) => {
    const linked = await linkedUser(g)
    if (!linked) return
    const page = await listTasks(linked.userCtx, { assignee: linked.connection.userId, limit: 50 })
    const open = page.items.filter((t) => !['done', 'cancelled', 'failed'].includes(t.status)).slice(0, 15)
    if (open.length === 0) return reply(g, 'You have no open tasks.')
    return reply(g, open.map((t) => `• [${t.priority}] ${t.title}${t.dueDate ? ` (due ${t.dueDate.slice(0, 10)})` : ''}`).join('\n'))
  })
  dm.command('review', async (g) => {
    const linked = await linkedUser(g)
    if (!linked) return
    const it = interactionOf(g)
    const sent = await sendReviewPrompts(linked.userCtx, it.source, it.bot, { chatId: String(g.chat.id) })
    if (sent.proposals === 0) return reply(g, 'Nothing new to review.')
  })
  bot.on('callback_query:data', async (g) => {
    const parsed = parseReviewCallback(g.callbackQuery.data)
    const it = interactionOf(g)
    if (!parsed) {
      it.outcome = 'invalid'
      return g.answerCallbackQuery({ text: 'This button is no longer valid.' })
    }
    const linked = await linkedUser(g)
    if (!linked) return
    const result = await reviewFromButton(linked.userCtx, parsed)
    if (!result.reviewedNow) it.outcome = 'already_reviewed'
    await g.answerCallbackQuery({ text: result.text, show_alert: !result.reviewedNow })
    const rows = (g.callbackQuery.message?.reply_markup?.inline_keyboard ?? []) as InlineKeyboardButton[][]
    if (rows.length > 0)
      await g.editMessageReplyMarkup({ reply_markup: { inline_keyboard: await remainingKeyboard(linked.userCtx, rows) } })
  })
  dm.command('new', async (g) => {
    const linked = await linkedUser(g)
    if (!linked) return
    await startNewTelegramThread(linked.userCtx)
    return reply(g, 'Your next question starts a new conversation.')
  })
  dm.command('remind', async (g) => {
    const linked = await linkedUser(g)
    if (!linked) return
    return reply(g, await remindFromTelegram(linked.userCtx, g.match))
  })
  dm.on('message:text', async (g) => {
    if (g.message.text.startsWith('/')) {
      if (await linkedUser(g)) await reply(g, `I don't know that command.\n${helpText}`)
      return
    }
    const linked = await linkedUser(g)
    if (!linked) return
    if (isReminderRequest(g.message.text)) return reply(g, await remindFromTelegram(linked.userCtx, g.message.text))
    await askAssistant(g, linked.userCtx, g.message.text)
  })
  dm.on('message:voice', async (g) => {
    const linked = await linkedUser(g)
    if (!linked) return
    const it = interactionOf(g)
    const voice = g.message.voice
    let heard: string
    try {
      heard = await transcribeVoiceNote(linked.userCtx, it.bot, {
        fileId: voice.file_id,
        fileSize: voice.file_size,
        mimeType: voice.mime_type,
        apiRoot: it.source.config.apiRoot as string | undefined,
      })
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      it.outcome = 'voice_unusable'
      it.error = error.message
      return reply(g, error.message)
    }
    await askAssistant(g, linked.userCtx, heard, heard)
  })
  dm.on('message', async (g) => {
    if (await linkedUser(g)) await reply(g, `I answer text and voice questions and these commands:\n${helpText}`)
  })
}

async function askAssistant(g: Context, userCtx: ServiceContext, question: string, heard?: string) {
  const it = interactionOf(g)
  // "typing…" while retrieval and the model work; a failure to show it must not cost the answer.
  await g.replyWithChatAction('typing').catch(() => undefined)
  const answer = await answerInTelegram(userCtx, { question, chatId: String(g.chat!.id), telegramMessageId: g.message!.message_id, heard })
  it.outcome = answer.status === 'complete' ? 'ok' : answer.status
  await reply(g, answer.text)
}

const bots = new Map<string, Promise<Bot>>()

/** One grammY Bot per source and token in this process, so its rate limiter sees all of its sends. */
export function botFor(source: ConnectedSource, secrets: Record<string, string>): Promise<Bot> {
  const key = `${source.id}:${createHash('sha256')
    .update(secrets.botToken ?? '')
    .digest('hex')}`
  let bot = bots.get(key)
  if (!bot) {
    bot = telegramBot(secrets.botToken, source.config.botInfo as never, { apiRoot: source.config.apiRoot as string | undefined }).then(
      (created) => {
        installHandlers(created)
        return created
      },
    )
    bots.set(key, bot)
  }
  return bot
}

export async function handleInteraction(ctx: ServiceContext, source: ConnectedSource, bot: Bot, update: object): Promise<void> {
  interactions.set(update, { ctx, source, bot, outcome: 'ok', userId: null })
  await bot.handleUpdate(update as never)
}
