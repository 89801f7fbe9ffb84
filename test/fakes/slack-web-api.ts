// A fake Slack Web API on 127.0.0.1 speaking the methods the connector calls (auth.test, conversations.list,
// conversations.history with oldest/limit/cursor newest first, conversations.replies, users.info) with Slack's
// envelopes: HTTP 200 {ok: true, …, response_metadata: {next_cursor}} or {ok: false, error}; a Bearer token
// (invalid_auth otherwise); scripted 429 {ok: false, error: "ratelimited"} with Retry-After; dropped connections.
// Channels are built from real data: the slackdump conversations.history dump (threads with their replies) or
// the day files of a real Slack export.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import fs from 'node:fs'
import path from 'node:path'
import { createHmac } from 'node:crypto'

type Obj = Record<string, any>
export const slackFixturesDir = path.join(import.meta.dirname, '..', 'fixtures', 'slack')
export const readSlackFixture = (name: string): Obj => JSON.parse(fs.readFileSync(path.join(slackFixturesDir, name), 'utf8'))

export type FakeSlackChannel = {
  id: string
  name: string
  is_member: boolean
  is_private?: boolean
  messages: Obj[]
  replies: Map<string, Obj[]>
}

/** The real slackdump dump of channel CHY5HUESG (12 messages, threads with replies), optionally renamed. */
export function channelFromDump(id = 'CHY5HUESG', name = 'general'): FakeSlackChannel {
  const dump = readSlackFixture('CHY5HUESG.json')
  const replies = new Map<string, Obj[]>()
  const messages = (dump.messages as Obj[]).map(({ slackdump_thread_replies: threadReplies, ...m }) => {
    if (Array.isArray(threadReplies)) replies.set(m.ts, threadReplies)
    return m
  })
  return { id, name, is_member: true, messages, replies }
}

/** A channel of a real Slack export folder (day files), as its history would be served. */
export function channelFromExport(exportDir: string, channel: { id: string; name: string }): FakeSlackChannel {
  const folder = path.join(exportDir, channel.name)
  const messages = fs
    .readdirSync(folder)
    .sort()
    .flatMap((file) => JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as Obj[])
  return { id: channel.id, name: channel.name, is_member: true, messages, replies: new Map() }
}

export type FakeSlack = {
  url: string
  token: string
  channels: FakeSlackChannel[]
  calls: Array<{ method: string; params: Record<string, string> }>
  callsOf(method: string): Array<Record<string, string>>
  failNext(...failures: Array<{ status: number; headers?: Record<string, string>; body?: unknown }>): void
  dropAfter(count: number | null): void
  close(): Promise<void>
}

const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64')
const decodeCursor = (cursor: string | undefined) => (cursor ? Number(Buffer.from(cursor, 'base64').toString().split(':')[1]) : 0)

export async function startFakeSlack(options: { channels: FakeSlackChannel[]; pageSize?: number }): Promise<FakeSlack> {
  const token = 'xoxb-1111-2222-fakebottoken'
  const userTemplate = readSlackFixture('users.info.ok.json').user
  const auth = readSlackFixture('auth.test.ok.json')
  const failures: Array<{ status: number; headers?: Record<string, string>; body?: unknown }> = []
  let dropIn: number | null = null
  const calls: FakeSlack['calls'] = []
  const pageSize = options.pageSize ?? 200
  const fake: FakeSlack = {
    url: '',
    token,
    channels: options.channels,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method).map((c) => c.params),
    failNext: (...list) => void failures.push(...list),
    dropAfter: (n) => void (dropIn = n),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
  const paged = (items: Obj[], params: Record<string, string>, key: string) => {
    const limit = Math.min(Number(params.limit ?? pageSize), pageSize)
    const offset = decodeCursor(params.cursor)
    const next = offset + limit < items.length ? encodeCursor(offset + limit) : ''
    return { ok: true, [key]: items.slice(offset, offset + limit), has_more: Boolean(next), response_metadata: { next_cursor: next } }
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = url.pathname.replace(/^\/+/, '')
    const params = Object.fromEntries(url.searchParams)
    calls.push({ method, params })
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      res.end(JSON.stringify(body))
    }
    if (dropIn !== null && dropIn-- <= 0) return void req.socket.destroy()
    const failure = failures.shift()
    if (failure) return send(failure.status, failure.body ?? { ok: false, error: 'ratelimited' }, failure.headers)
    if (req.headers.authorization !== `Bearer ${token}`) return send(200, { ok: false, error: 'invalid_auth' })
    const channel = fake.channels.find((c) => c.id === params.channel)
    switch (method) {
      case 'auth.test':
        return send(200, auth)
      case 'conversations.list':
        return send(
          200,
          paged(
            fake.channels.map(({ messages: _m, replies: _r, ...c }) => ({ ...c, is_channel: !c.is_private, is_archived: false })),
            params,
            'channels',
          ),
        )
      case 'conversations.history': {
        if (!channel) return send(200, { ok: false, error: 'channel_not_found' })
        const oldest = params.oldest ? Number(params.oldest) : -Infinity
        const newestFirst = channel.messages.filter((m) => Number(m.ts) > oldest).sort((a, b) => Number(b.ts) - Number(a.ts))
        return send(200, paged(newestFirst, params, 'messages'))
      }
      case 'conversations.replies': {
        const parent = channel?.messages.find((m) => m.ts === params.ts)
        if (!channel || !parent) return send(200, { ok: false, error: 'thread_not_found' })
        return send(200, paged([parent, ...(channel.replies.get(params.ts) ?? [])], params, 'messages'))
      }
      case 'users.info': {
        if (!params.user) return send(200, { ok: false, error: 'user_not_found' })
        const name = `member-${params.user.toLowerCase()}`
        return send(200, {
          ok: true,
          user: {
            ...userTemplate,
            id: params.user,
            name,
            real_name: name,
            profile: { ...userTemplate.profile, display_name: name, real_name: name, email: `${name}@example.com` },
          },
        })
      }
      default:
        return send(200, { ok: false, error: 'unknown_method' })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return fake
}

/** Headers Slack sends with an Events API request of `rawBody` (signature v0). */
export function slackSignatureHeaders(
  signingSecret: string,
  rawBody: string,
  timestamp = Math.floor(Date.now() / 1000),
  retryNum?: number,
) {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')
  return {
    'content-type': 'application/json',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${signature}`,
    ...(retryNum ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
  }
}
