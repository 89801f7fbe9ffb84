// Long polling (when no public URL is configured): getUpdates → store each update in the webhook inbox → only
// then advance the offset watermark. The next getUpdates with that offset is what acknowledges the updates to
// Telegram, so a process killed after storing gets the same updates again, and the inbox stores them once.
import type { Api } from 'grammy'
import type { WorkerDeps } from '../../../jobs/types.js'
import type { ServiceContext } from '../../../lib/context.js'
import type { ConnectedSource, SyncCounters } from '../connector.js'
import {
  findSourceRow,
  listActiveConnectedSources,
  readWatermark,
  recordSourceFailure,
  recordSourceSuccess,
  toConnectedSource,
  writeWatermark,
} from '../../sources/index.js'
import { storeDeliveries } from '../../webhooks/index.js'
import { tryPollerLock } from '../poller-lock.js'
import { describeTelegramError, telegramApi } from './bot-api.js'
import { updateKind } from './map-update.js'
import { decryptSourceSecrets } from '../source-secrets.js'

export const offsetStream = 'updates'
export const allowedUpdates = [
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'callback_query',
  'my_chat_member',
] as const

export type PollOptions = { timeoutSeconds: number; api?: Api; signal?: AbortSignal }

export async function pollTelegramOnce(
  ctx: Pick<ServiceContext, 'database'>,
  source: ConnectedSource,
  secrets: Record<string, string>,
  options: PollOptions,
): Promise<SyncCounters> {
  const api = options.api ?? (await telegramApi(secrets.botToken, { apiRoot: source.config.apiRoot as string | undefined }))
  const offset = await readWatermark(ctx, source.id, offsetStream)
  const updates = await api.getUpdates(
    { offset: offset ? Number(offset) : undefined, timeout: options.timeoutSeconds, allowed_updates: [...allowedUpdates] },
    // grammY types its signal with the abort-controller polyfill's class; the platform's is what it uses on Node.
    options.signal as never,
  )
  if (updates.length === 0) return { fetched: 0, stored: 0, skipped: 0, errors: 0 }
  const stored = await storeDeliveries(
    ctx.database,
    source,
    'poll',
    updates.map((update) => ({ eventType: updateKind(update as never), deliveryId: String(update.update_id), payload: update })),
  )
  const next = Math.max(...updates.map((u) => u.update_id)) + 1
  await writeWatermark({ database: ctx.database, workspaceId: source.workspaceId }, source.id, offsetStream, String(next))
  return { fetched: updates.length, stored: stored.length, skipped: updates.length - stored.length, errors: 0 }
}

export type PollerOptions = { scanMs?: number; timeoutSeconds?: number }

/** Runs one poller per polling bot that no other process polls; started with the workers. */
export function startTelegramPollers(deps: WorkerDeps, options: PollerOptions = {}): { stop(): Promise<void> } {
  const scanMs = options.scanMs ?? 5000
  const timeoutSeconds = options.timeoutSeconds ?? 25
  const running = new Map<string, Promise<void>>()
  const abort = new AbortController()
  let stopped = false

  const runPoller = async (sourceId: string) => {
    const lock = await tryPollerLock(deps.database, `telegram-poller:${sourceId}`)
    if (!lock) return
    try {
      while (!stopped) {
        const row = await findSourceRow(deps, sourceId, { connector: 'telegram' })
        if (!row || !row.active || row.config?.mode !== 'polling') return
        const waitMs = row.next_retry_at ? Date.parse(row.next_retry_at) - Date.now() : 0
        if (waitMs > 0) {
          await sleep(Math.min(waitMs, scanMs), abort.signal)
          continue
        }
        const source = toConnectedSource(row)
        try {
          await pollTelegramOnce(deps, source, decryptSourceSecrets(deps.config, row.secrets_encrypted), {
            timeoutSeconds,
            signal: abort.signal,
          })
          await recordSourceSuccess(deps, source.id)
        } catch (error) {
          if (stopped) return
          const message = describeTelegramError(error)
          deps.log.warn({ sourceId, error: message }, 'telegram polling failed')
          await recordSourceFailure(deps, source.id, message)
        }
      }
    } finally {
      await lock.release()
    }
  }

  const scan = async () => {
    const rows = await listActiveConnectedSources(deps, { connector: 'telegram', mode: 'polling' })
    for (const { id } of rows) {
      if (running.has(id)) continue
      const run = runPoller(id)
        .catch((error) => deps.log.error({ err: error, sourceId: id }, 'telegram poller stopped'))
        .finally(() => running.delete(id))
      running.set(id, run)
    }
  }
  const scanning = (async () => {
    while (!stopped) {
      await scan().catch((error) => deps.log.error({ err: error }, 'could not list telegram bots to poll'))
      await sleep(scanMs, abort.signal)
    }
  })()
  return {
    async stop() {
      stopped = true
      abort.abort()
      await scanning
      await Promise.all(running.values())
    },
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(resolve, ms)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve()
      },
      { once: true },
    )
  })
}
