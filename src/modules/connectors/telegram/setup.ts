// Connecting a bot: the token is checked with getMe; webhook mode (setWebhook with a secret_token) when a public
// URL is configured, long polling otherwise. The privacy-mode notice says plainly what the bot will not see.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import type { ServiceContext } from '../../../lib/context.js'
import { ValidationError } from '../../../lib/errors.js'
import type { ConnectedSource, ConnectorSetup, WebhookRequest } from '../connector.js'
import { defaultApiRoot, describeTelegramError, telegramApi, telegramErrorOf } from './bot-api.js'
import { allowedUpdates } from './poller.js'

export const telegramSetupSchema = z.object({
  /** From BotFather: "123456789:AA...". Optional on an update (the stored one is kept). */
  botToken: z
    .string()
    .trim()
    .regex(/^\d{3,20}:[A-Za-z0-9_-]{20,100}$/, 'expected a bot token like 123456789:AAE...')
    .optional(),
  /** Bot API server (a self-hosted one, or a test double). */
  apiRoot: z.url().optional(),
  /** auto = webhook when SIGNALBOX_PUBLIC_URL is set, long polling otherwise. */
  mode: z.enum(['auto', 'webhook', 'polling']).default('auto'),
})

export const privacyModeNotice =
  'Privacy mode is on: in groups this bot only sees commands and replies to its own messages. To archive whole ' +
  'conversations, turn it off in @BotFather (/setprivacy → Disable) and re-add the bot to its groups, or make the bot a group admin.'

export function webhookUrl(publicUrl: string, sourceId: string): string {
  return `${publicUrl}/webhooks/telegram/${sourceId}`
}

export async function setUpTelegramBot(
  ctx: ServiceContext,
  rawInput: Record<string, unknown>,
  target: { sourceId: string; previous?: { source: ConnectedSource; secrets: Record<string, string> } },
): Promise<ConnectorSetup> {
  const input = rawInput as z.infer<typeof telegramSetupSchema>
  const token = input.botToken ?? target.previous?.secrets.botToken
  if (!token) throw new ValidationError('Paste the bot token from @BotFather', [{ path: 'settings.botToken', message: 'required' }])
  const apiRoot = input.apiRoot ?? (target.previous?.source.config.apiRoot as string | undefined) ?? defaultApiRoot
  const api = await telegramApi(token, { apiRoot })
  const me = await api.getMe().catch((error) => {
    const telegram = telegramErrorOf(error)
    if (telegram && (telegram.error_code === 401 || telegram.error_code === 404)) {
      throw new ValidationError('Telegram does not accept this bot token', [{ path: 'settings.botToken', message: telegram.description }])
    }
    throw new ValidationError(`Could not reach Telegram: ${describeTelegramError(error)}`, [
      { path: 'settings.apiRoot', message: 'unreachable' },
    ])
  })
  const mode = input.mode === 'auto' ? (ctx.config.publicUrl ? 'webhook' : 'polling') : input.mode
  if (mode === 'webhook' && !ctx.config.publicUrl) {
    throw new ValidationError('Webhook mode needs SIGNALBOX_PUBLIC_URL (the address Telegram can reach)', [
      { path: 'settings.mode', message: 'no public URL' },
    ])
  }
  const secrets: Record<string, string> = { botToken: token }
  const config: Record<string, unknown> = {
    botId: me.id,
    botUsername: me.username,
    botInfo: me,
    canReadAllGroupMessages: me.can_read_all_group_messages,
    mode,
    apiRoot,
    /** Reach-out starts here: notifications and signup requests older than the connection are not sent. */
    connectedAt: (target.previous?.source.config.connectedAt as string | undefined) ?? new Date().toISOString(),
  }
  if (mode === 'webhook') {
    // Telegram sends this secret in X-Telegram-Bot-Api-Secret-Token with every update (1-256 of A-Za-z0-9_-).
    secrets.webhookSecret = target.previous?.secrets.webhookSecret ?? randomBytes(32).toString('hex')
    config.webhookUrl = webhookUrl(ctx.config.publicUrl!, target.sourceId)
    await api.setWebhook(config.webhookUrl as string, { secret_token: secrets.webhookSecret, allowed_updates: [...allowedUpdates] })
  } else {
    // getUpdates answers 409 while a webhook is set.
    await api.deleteWebhook()
  }
  return {
    name: `@${me.username}`,
    config,
    secrets,
    notices: me.can_read_all_group_messages ? [] : [privacyModeNotice],
  }
}

export async function disconnectTelegramBot(_ctx: ServiceContext, source: ConnectedSource, secrets: Record<string, string>): Promise<void> {
  if (source.config.mode === 'webhook' && secrets.botToken) {
    await (await telegramApi(secrets.botToken, { apiRoot: source.config.apiRoot as string | undefined })).deleteWebhook()
  }
}

export function verifyTelegramWebhook(request: WebhookRequest, _source: ConnectedSource, secrets: Record<string, string>): boolean {
  const sent = request.headers['x-telegram-bot-api-secret-token']
  if (typeof sent !== 'string' || !secrets.webhookSecret) return false
  const a = Buffer.from(sent)
  const b = Buffer.from(secrets.webhookSecret)
  return a.length === b.length && timingSafeEqual(a, b)
}
