// grammY clients for one bot: the Bot API root is configurable (tests point it at a local fake server), 429
// `retry_after` is honoured by @grammyjs/auto-retry, and outbound messages keep Telegram's global, per-group and
// per-chat rate limits through @grammyjs/transformer-throttler.
import { Api, Bot, GrammyError } from 'grammy'
import type { UserFromGetMe } from 'grammy/types'
import { autoRetry } from '@grammyjs/auto-retry'
import { apiThrottler } from '@grammyjs/transformer-throttler'

export const defaultApiRoot = 'https://api.telegram.org'

export type TelegramApiOptions = { apiRoot?: string; throttle?: boolean }

function retrying<T extends Api>(api: T, throttle: boolean): T {
  // Waits up to a minute for a 429's retry_after; longer waits fail the call (the delivery is retried later).
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }))
  if (throttle) api.config.use(apiThrottler())
  return api
}

/** For setup and polling: retries on 429, no outbound throttling (getUpdates must not queue behind sends). */
export function telegramApi(token: string, options: TelegramApiOptions = {}): Api {
  return retrying(new Api(token, { apiRoot: options.apiRoot ?? defaultApiRoot }), false)
}

/** A grammY Bot that handles updates we already stored; it never polls by itself. */
export function telegramBot(token: string, botInfo: UserFromGetMe, options: TelegramApiOptions = {}): Bot {
  const bot = new Bot(token, { botInfo, client: { apiRoot: options.apiRoot ?? defaultApiRoot } })
  retrying(bot.api, options.throttle ?? true)
  return bot
}

/** 403 Forbidden: the bot was blocked, kicked or removed from the chat. */
export function isBotRemovedError(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 403
}

export function describeTelegramError(error: unknown): string {
  if (error instanceof GrammyError) return `Telegram ${error.method}: ${error.error_code} ${error.description}`
  return error instanceof Error ? error.message : String(error)
}
