// The Telegram bot connector: setup with getMe, webhooks with a secret token or long polling, ingest of what the
// bot sees, account linking, commands and review buttons.
import type { Connector } from '../connector.js'
import { describeTelegramError, telegramApi } from './bot-api.js'
import { updateKind } from './map-update.js'
import { pollTelegramOnce, startTelegramPollers } from './poller.js'
import { processTelegramDeliveries } from './process-updates.js'
import { disconnectTelegramBot, setUpTelegramBot, telegramSetupSchema, verifyTelegramWebhook } from './setup.js'

export const telegramConnector: Connector = {
  id: 'telegram',
  sourceType: 'telegram',
  title: 'Telegram bot',
  capabilities: { pullSync: true, webhooks: true, send: true },
  setupSchema: telegramSetupSchema,
  setup: setUpTelegramBot,
  disconnect: disconnectTelegramBot,
  /** "Sync now": one getUpdates pass in polling mode; in webhook mode, Telegram's own report of failed deliveries. */
  async sync(ctx, source, secrets) {
    if (source.config.mode === 'polling') return pollTelegramOnce(ctx, source, secrets, { timeoutSeconds: 0 })
    const api = await telegramApi(secrets.botToken, { apiRoot: source.config.apiRoot as string | undefined })
    const info = await api.getWebhookInfo().catch((error) => Promise.reject(new Error(describeTelegramError(error))))
    if (info.last_error_message) throw new Error(`Telegram cannot deliver to the webhook: ${info.last_error_message}`)
    return { fetched: 0, stored: 0, skipped: 0, errors: 0 }
  },
  webhook: {
    signatureKind: 'secret_token',
    verify: verifyTelegramWebhook,
    describe(body) {
      const update = body as Record<string, unknown> | null
      if (!update || typeof update !== 'object' || !Number.isInteger(update.update_id))
        return { error: 'expected an Update with an integer update_id' }
      return { eventType: updateKind(update), deliveryId: String(update.update_id) }
    },
  },
  processDeliveries: processTelegramDeliveries,
  startServices: (deps) => startTelegramPollers(deps),
}
