// grammY clients for one bot: the Bot API root is configurable (tests point it at a local fake server), 429
// `retry_after` is honoured by @grammyjs/auto-retry, and outbound messages keep Telegram's global, per-group and
// per-chat rate limits through @grammyjs/transformer-throttler.
// grammY and its plugins are loaded on first use: importing them cost every CLI command ~0.3 s (2 s on the loaded
// development machine) before a bot was ever needed.
import type { Api, Bot } from 'grammy'
import type { UserFromGetMe } from 'grammy/types'

export const defaultApiRoot = 'https://api.telegram.org'

export type TelegramApiOptions = { apiRoot?: string; throttle?: boolean }

const loadGrammy = () => Promise.all([import('grammy'), import('@grammyjs/auto-retry'), import('@grammyjs/transformer-throttler')])

async function retrying<T extends Api>(api: T, throttle: boolean): Promise<T> {
  const [, { autoRetry }, { apiThrottler }] = await loadGrammy()
  // Waits up to a minute for a 429's retry_after; longer waits fail the call (the delivery is retried later).
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }))
  if (throttle) api.config.use(apiThrottler())
  return api
}

/** For setup and polling: retries on 429, no outbound throttling (getUpdates must not queue behind sends). */
export async function telegramApi(token: string, options: TelegramApiOptions = {}): Promise<Api> {
  const [{ Api: ApiClass }] = await loadGrammy()
  return retrying(new ApiClass(token, { apiRoot: options.apiRoot ?? defaultApiRoot }), false)
}

/** A grammY Bot that handles updates we already stored; it never polls by itself. */
export async function telegramBot(token: string, botInfo: UserFromGetMe, options: TelegramApiOptions = {}): Promise<Bot> {
  const [{ Bot: BotClass }] = await loadGrammy()
  const bot = new BotClass(token, { botInfo, client: { apiRoot: options.apiRoot ?? defaultApiRoot } })
  await retrying(bot.api, options.throttle ?? true)
  return bot
}

/** grammY's GrammyError, recognised by its shape (the class itself loads lazily). */
export function telegramErrorOf(error: unknown): { error_code: number; description: string; method: string } | null {
  const e = error as { error_code?: unknown; description?: unknown; method?: unknown } | null
  return e && typeof e === 'object' && typeof e.error_code === 'number' && typeof e.method === 'string'
    ? (e as { error_code: number; description: string; method: string })
    : null
}

/** 403 Forbidden: the bot was blocked, kicked or removed from the chat. */
export function isBotRemovedError(error: unknown): boolean {
  return telegramErrorOf(error)?.error_code === 403
}

export function describeTelegramError(error: unknown): string {
  const telegram = telegramErrorOf(error)
  if (telegram) return `Telegram ${telegram.method}: ${telegram.error_code} ${telegram.description}`
  return error instanceof Error ? error.message : String(error)
}
