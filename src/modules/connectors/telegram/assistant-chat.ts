// The assistant in a private chat with the bot: a linked person's text (or voice note, transcribed) is a question,
// answered with numbered citations that link into the web app. Questions within half an hour of each other share
// a thread, so follow-ups work; /new starts a fresh one.
import type { Bot } from 'grammy'
import type { ServiceContext } from '../../../lib/context.js'
import { answerQuestion, citationPath, endLatestThread, recentThread, type Citation } from '../../assistant/index.js'
import { transcribeAudio } from '../../llm/index.js'
import { createReminderFromText } from '../../proactive/index.js'
import { AppError } from '../../../lib/errors.js'

/** Telegram refuses messages longer than 4,096 characters. */
const telegramTextLimit = 4096
const threadIdleMinutes = 30
/** getFile serves files up to 20 MB; larger voice notes cannot be downloaded by a bot. */
const maxVoiceBytes = 20 * 1024 * 1024

export type TelegramAnswer = { text: string; threadId: string; citations: number; status: string }

function sourceLine(c: Citation, publicUrl: string | undefined): string {
  const who = c.authorName ? `${c.authorName} in ` : ''
  const link = publicUrl ? `\n${publicUrl}${citationPath(c)}` : ''
  return `[${c.n}] ${who}${c.conversationTitle ?? c.sourceType}, ${c.sentAt.slice(0, 10)}${link}`
}

/** The reply as Telegram shows it: the answer, then its sources, cut to Telegram's limit without losing the sources. */
export function formatAnswerForTelegram(content: string, citations: Citation[], publicUrl: string | undefined, heard?: string): string {
  const head = heard ? `🎤 “${heard}”\n\n` : ''
  const sources = citations.length > 0 ? `\n\nSources:\n${citations.map((c) => sourceLine(c, publicUrl)).join('\n')}` : ''
  const room = telegramTextLimit - head.length - sources.length
  const body = content.length > room ? `${content.slice(0, Math.max(0, room - 1))}…` : content
  return `${head}${body}${sources}`.slice(0, telegramTextLimit)
}

/** Answers one question from a linked person in their private chat, continuing their recent Telegram thread. */
export async function answerInTelegram(
  userCtx: ServiceContext,
  input: { question: string; chatId: string; telegramMessageId: number; heard?: string },
): Promise<TelegramAnswer> {
  const thread = await recentThread(userCtx, { source: 'telegram', idleMinutes: threadIdleMinutes })
  const result = await answerQuestion(userCtx, {
    threadId: thread?.id,
    question: input.question,
    source: 'telegram',
    metadata: { telegramChatId: input.chatId, telegramMessageId: input.telegramMessageId, ...(input.heard ? { voice: true } : {}) },
  })
  const content = result.error && !result.answer.content ? result.error.message : result.answer.content
  return {
    text: formatAnswerForTelegram(content, result.answer.citations, userCtx.config.publicUrl, input.heard),
    threadId: result.thread.id,
    citations: result.answer.citations.length,
    status: result.error ? 'error' : result.answer.status,
  }
}

export async function startNewTelegramThread(userCtx: ServiceContext): Promise<void> {
  await endLatestThread(userCtx, 'telegram')
}

export class VoiceNoteError extends AppError {
  constructor(message: string) {
    super('voice_note_unusable', message, 400)
  }
}

/** Downloads a voice note through the Bot API (getFile, then the file URL) and transcribes it. */
export async function transcribeVoiceNote(
  userCtx: ServiceContext,
  bot: Bot,
  input: { fileId: string; fileSize?: number; mimeType?: string; apiRoot?: string },
): Promise<string> {
  if ((input.fileSize ?? 0) > maxVoiceBytes) throw new VoiceNoteError('This voice note is larger than the 20 MB a bot may download.')
  const file = await bot.api.getFile(input.fileId)
  if (!file.file_path) throw new VoiceNoteError('Telegram did not give this voice note a download path.')
  const root = input.apiRoot ?? 'https://api.telegram.org'
  const response = await fetch(`${root}/file/bot${bot.token}/${file.file_path}`)
  if (!response.ok) throw new VoiceNoteError(`Telegram refused the voice note download (HTTP ${response.status}).`)
  const audio = Buffer.from(await response.arrayBuffer())
  const name = file.file_path.split('/').at(-1) ?? 'voice.ogg'
  // Telegram voice notes are Opus in Ogg; servers recognise ".ogg" more often than Telegram's ".oga".
  const filename = name.endsWith('.oga') ? name.replace(/\.oga$/, '.ogg') : name
  const { text } = await transcribeAudio(userCtx, { audio, filename, mimeType: input.mimeType ?? 'audio/ogg' })
  if (!text) throw new VoiceNoteError('No speech was recognised in this voice note.')
  return text
}

export const reminderUsage = 'Tell me when and what, e.g. "/remind Friday send the invoice" or "remind me tomorrow at 17:00 to call Bob".'

/** "remind me …" / "/remind …": a reminder that comes back here (and on the person's other channels). */
export async function remindFromTelegram(userCtx: ServiceContext, text: string): Promise<string> {
  const created = await createReminderFromText(userCtx, { text, alsoOn: ['telegram'] })
  if (!created) return reminderUsage
  const when = new Intl.DateTimeFormat('en-GB', {
    timeZone: created.timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(created.reminder.scheduledFor))
  return `⏰ I'll remind you ${when} (${created.timezone}): ${created.reminder.content}`
}

export const isReminderRequest = (text: string) => /^remind me\b/i.test(text.trim())
