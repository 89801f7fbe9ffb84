// A fake Telegram Bot API server on 127.0.0.1 speaking the real methods grammY calls (getMe, getUpdates with
// offset and long-poll timeout, setWebhook/deleteWebhook/getWebhookInfo, sendMessage, editMessageReplyMarkup,
// answerCallbackQuery, getFile and file downloads) at /bot<token>/<method>, with the real response envelope ({ok, result} or
// {ok: false, error_code, description, parameters}). Tests push real-shaped updates and script failures.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import fs from 'node:fs'
import path from 'node:path'

export type BotApiCall = { method: string; token: string; params: Record<string, any>; at: number }
export type BotApiFailure = { error_code: number; description: string; parameters?: Record<string, unknown> }

export const fixturesDir = path.join(import.meta.dirname, '..', 'fixtures', 'telegram-bot')

export function readUpdateFixture(name: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(fixturesDir, name), 'utf8'))
}

export type FakeBotApi = {
  /** The apiRoot to give grammY. */
  url: string
  token: string
  calls: BotApiCall[]
  callsOf(method: string): BotApiCall[]
  /** Queues updates for getUpdates (update_id kept as given). */
  pushUpdates(...updates: Array<Record<string, any>>): void
  /** The next calls of `method` fail with these errors, in order. */
  failNext(method: string, ...failures: BotApiFailure[]): void
  /** sendMessage to these chats answers 403 (the bot was blocked or removed). */
  blockedChats: Set<string>
  botInfo: Record<string, any>
  webhook: { url: string; secret_token?: string } | null
  /** Files the bot may download: getFile answers with a file_path, GET /file/bot<token>/<file_path> serves the bytes. */
  files: Map<string, Buffer>
  close(): Promise<void>
}

let bots = 0

/** Each fake is a different bot (its own token, id and username) so that tests can share one database. */
export async function startFakeBotApi(options: { token?: string; botInfo?: Record<string, any> } = {}): Promise<FakeBotApi> {
  const n = ++bots
  const captured = readUpdateFixture('getMe.json').result
  const botInfo = options.botInfo ?? { ...captured, id: captured.id + n, username: `${captured.username}${n}` }
  const token = options.token ?? `${botInfo.id}:AAFakeTokenForTestsOnly_abcdefghijk`
  const calls: BotApiCall[] = []
  const failures = new Map<string, BotApiFailure[]>()
  let pending: Array<Record<string, any>> = []
  const waiters = new Set<() => void>()
  let nextMessageId = 5000
  const openResponses = new Set<http.ServerResponse>()

  const fake: FakeBotApi = {
    url: '',
    token,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    pushUpdates(...updates) {
      pending.push(...updates)
      for (const wake of waiters) wake()
    },
    failNext(method, ...list) {
      failures.set(method, [...(failures.get(method) ?? []), ...list])
    },
    blockedChats: new Set(),
    botInfo,
    webhook: null,
    files: new Map(),
    async close() {
      for (const res of openResponses) res.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }

  const ok = (result: unknown) => ({ ok: true, result })
  const fail = (f: BotApiFailure) => ({ ok: false, ...f })

  async function answer(method: string, params: Record<string, any>): Promise<{ status: number; body: unknown }> {
    const scripted = failures.get(method)?.shift()
    if (scripted) return { status: scripted.error_code, body: fail(scripted) }
    switch (method) {
      case 'getMe':
        return { status: 200, body: ok(botInfo) }
      case 'getUpdates': {
        if (fake.webhook)
          return {
            status: 409,
            body: fail({
              error_code: 409,
              description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            }),
          }
        const offset = Number(params.offset ?? 0)
        // Telegram forgets every update below the offset: that is how getUpdates acknowledges.
        pending = pending.filter((u) => u.update_id >= offset)
        const timeoutMs = Number(params.timeout ?? 0) * 1000
        if (pending.length === 0 && timeoutMs > 0) {
          await new Promise<void>((resolve) => {
            const wake = () => {
              waiters.delete(wake)
              clearTimeout(timer)
              resolve()
            }
            const timer = setTimeout(wake, timeoutMs)
            waiters.add(wake)
          })
        }
        return { status: 200, body: ok(pending.filter((u) => u.update_id >= offset).slice(0, Number(params.limit ?? 100))) }
      }
      case 'setWebhook':
        fake.webhook = { url: params.url, secret_token: params.secret_token }
        return { status: 200, body: ok(true) }
      case 'deleteWebhook':
        fake.webhook = null
        return { status: 200, body: ok(true) }
      case 'getWebhookInfo':
        return { status: 200, body: ok({ url: fake.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 }) }
      case 'sendMessage': {
        if (fake.blockedChats.has(String(params.chat_id))) {
          return { status: 403, body: fail({ error_code: 403, description: 'Forbidden: bot was blocked by the user' }) }
        }
        const message = {
          message_id: nextMessageId++,
          from: { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username },
          chat: { id: Number(params.chat_id), type: Number(params.chat_id) > 0 ? 'private' : 'supergroup' },
          date: Math.floor(Date.now() / 1000),
          text: params.text,
          ...(params.reply_markup
            ? { reply_markup: typeof params.reply_markup === 'string' ? JSON.parse(params.reply_markup) : params.reply_markup }
            : {}),
        }
        return { status: 200, body: ok(message) }
      }
      case 'getFile': {
        const bytes = fake.files.get(String(params.file_id))
        if (!bytes) return { status: 400, body: fail({ error_code: 400, description: 'Bad Request: invalid file_id' }) }
        const index = [...fake.files.keys()].indexOf(String(params.file_id))
        return {
          status: 200,
          body: ok({
            file_id: params.file_id,
            file_unique_id: `unique${index}`,
            file_size: bytes.length,
            file_path: `voice/file_${index}.oga`,
          }),
        }
      }
      case 'editMessageReplyMarkup':
      case 'answerCallbackQuery':
      case 'sendChatAction':
        return { status: 200, body: ok(true) }
      default:
        return { status: 404, body: fail({ error_code: 404, description: 'Not Found: method not found' }) }
    }
  }

  const server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk) => (raw += chunk))
    req.on('end', async () => {
      const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '')
      const send = (status: number, body: unknown) => {
        openResponses.delete(res)
        if (res.destroyed) return
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      const download = /^\/file\/bot([^/]+)\/voice\/file_(\d+)\.oga$/.exec(req.url ?? '')
      if (download) {
        const bytes = download[1] === token ? [...fake.files.values()][Number(download[2])] : undefined
        if (!bytes) return send(404, fail({ error_code: 404, description: 'Not Found' }))
        res.writeHead(200, { 'content-type': 'application/octet-stream' })
        return res.end(bytes)
      }
      if (!match) return send(404, fail({ error_code: 404, description: 'Not Found' }))
      const [, sentToken, method] = match
      if (sentToken !== token) return send(401, fail({ error_code: 401, description: 'Unauthorized' }))
      const params = raw ? JSON.parse(raw) : Object.fromEntries(new URL(req.url!, 'http://x').searchParams)
      calls.push({ method, token: sentToken, params, at: Date.now() })
      openResponses.add(res)
      const { status, body } = await answer(method, params)
      send(status, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return fake
}
