// A fake Chatwoot on 127.0.0.1 speaking the Application API paths the connector calls, with Chatwoot's envelopes:
// GET /api/v1/profile, /api/v1/accounts/:id/contacts?page= ({meta, payload}, 15 a page),
// /conversations?page=&sort_by=last_activity_at_asc ({data: {meta, payload}}, 25 a page) and
// /conversations/:id/messages?after= ({meta, payload}, ascending, up to `messagesPageSize`), authenticated by the
// api_access_token header (401 otherwise). Its data is built from the real payloads in test/fixtures/chatwoot/
// (the dashboard's message fixtures, a conversation object, a captured contact), renumbered. Tests script
// failures: a 429 with Retry-After, a 500, or a dropped connection after N requests.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import fs from 'node:fs'
import path from 'node:path'
import { createHmac } from 'node:crypto'

export const chatwootFixturesDir = path.join(import.meta.dirname, '..', 'fixtures', 'chatwoot')
export const readChatwootFixture = (name: string): Record<string, any> =>
  JSON.parse(fs.readFileSync(path.join(chatwootFixturesDir, name), 'utf8'))

type Obj = Record<string, any>

export type FakeChatwoot = {
  url: string
  token: string
  accountId: number
  contacts: Obj[]
  conversations: Obj[]
  /** Messages per conversation id, ascending by id. */
  messages: Map<number, Obj[]>
  requests: Array<{ path: string; at: number }>
  /** Bodies POSTed to …/conversations/:id/messages (the private notes the connector writes), with the conversation. */
  posted: Array<{ conversationId: number; body: Obj }>
  /** The next requests answer with these statuses (and headers) in order, e.g. a 429 with Retry-After. */
  failNext(...failures: Array<{ status: number; headers?: Record<string, string>; body?: unknown }>): void
  /** After `count` more requests, the connection of every request is destroyed (a process killed mid-backfill). */
  dropAfter(count: number | null): void
  messagesPageSize: number
  /** Adds a message to a conversation (new activity), returning it in the API shape. */
  addMessage(conversationId: number, input: { content: string; type?: 'incoming' | 'outgoing'; private?: boolean; at?: number }): Obj
  close(): Promise<void>
}

const messageTypes = { incoming: 0, outgoing: 1, activity: 2, template: 3 } as const

/** Builds an account of `conversations` conversations with `messagesPerConversation` messages each. */
export async function startFakeChatwoot(
  options: {
    conversations?: number
    messagesPerConversation?: number
    messagesPageSize?: number
    accountId?: number
    pageSizeOf?: (conversationId: number) => number
  } = {},
): Promise<FakeChatwoot> {
  const accountId = options.accountId ?? 7
  const token = 'cw_fake_access_token_0123456789'
  const templates = readChatwootFixture('textOnly.messages.json') as unknown as Obj[]
  const media = (readChatwootFixture('textWithMedia.messages.json') as unknown as Obj[]).filter((m) => Array.isArray(m.attachments))
  const conversationTemplate = readChatwootFixture('conversation_object.json')
  const contactTemplate = readChatwootFixture('01_contact_created.json')
  const agent = templates.find((m) => m.sender?.type === 'user')!.sender
  const contacts: Obj[] = []
  const conversations: Obj[] = []
  const messages = new Map<number, Obj[]>()
  let nextMessageId = 100_000
  const base = 1_760_000_000

  const count = options.conversations ?? 3
  const perConversation = options.messagesPerConversation ?? templates.length
  for (let c = 1; c <= count; c++) {
    const { event: _event, account: _account, ...contactFields } = contactTemplate
    const contact = {
      ...contactFields,
      id: 500 + c,
      name: `customer-${c}`,
      email: `customer${c}@example.com`,
      last_activity_at: base + c * 1000,
    }
    contacts.push(contact)
    const list: Obj[] = []
    for (let i = 0; i < perConversation; i++) {
      const template = i % 7 === 3 && media.length ? media[i % media.length] : templates[i % templates.length]
      const type = template.message_type as number
      list.push({
        ...template,
        id: nextMessageId++,
        account_id: accountId,
        conversation_id: c,
        inbox_id: 1,
        content: perConversation > templates.length ? `${template.content} (${c}.${i})` : template.content,
        created_at: base + c * 1000 + i,
        updated_at: new Date((base + c * 1000 + i) * 1000).toISOString(),
        sender: type === 0 ? { ...template.sender, ...contact, type: 'contact' } : type === 1 ? agent : undefined,
      })
    }
    messages.set(c, list)
    const last = list[list.length - 1]
    conversations.push({
      ...conversationTemplate,
      id: c,
      inbox_id: 1,
      status: c % 3 === 0 ? 'resolved' : 'open',
      messages: last ? [last] : [],
      meta: { ...conversationTemplate.meta, sender: { ...conversationTemplate.meta.sender, ...contact } },
      timestamp: last?.created_at ?? base,
      last_activity_at: last?.created_at ?? base,
      created_at: base + c * 1000,
      updated_at: last?.created_at ?? base,
    })
  }

  const failures: Array<{ status: number; headers?: Record<string, string>; body?: unknown }> = []
  let dropIn: number | null = null
  const requests: FakeChatwoot['requests'] = []
  const fake: FakeChatwoot = {
    url: '',
    token,
    accountId,
    contacts,
    conversations,
    messages,
    requests,
    messagesPageSize: options.messagesPageSize ?? 100,
    posted: [],
    failNext: (...list) => void failures.push(...list),
    dropAfter: (n) => void (dropIn = n),
    addMessage(conversationId, input) {
      const conversation = conversations.find((c) => c.id === conversationId)!
      const at = input.at ?? Math.max(conversation.last_activity_at + 1, Math.floor(Date.now() / 1000))
      const message = {
        ...templates[0],
        id: nextMessageId++,
        account_id: accountId,
        conversation_id: conversationId,
        content: input.content,
        message_type: messageTypes[input.type ?? 'incoming'],
        private: input.private ?? false,
        created_at: at,
        updated_at: new Date(at * 1000).toISOString(),
        sender:
          input.type === 'outgoing'
            ? agent
            : { ...templates[0].sender, ...contacts.find((c) => c.id === conversation.meta.sender.id), type: 'contact' },
      }
      messages.get(conversationId)!.push(message)
      conversation.last_activity_at = at
      conversation.timestamp = at
      conversation.updated_at = at
      return message
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    res.end(JSON.stringify(body))
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push({ path: `${url.pathname}${url.search}`, at: Date.now() })
    if (dropIn !== null && dropIn-- <= 0) return void req.socket.destroy()
    const failure = failures.shift()
    if (failure) return send(res, failure.status, failure.body ?? { error: 'scripted failure' }, failure.headers)
    if (req.headers.api_access_token !== token) return send(res, 401, { error: 'You need to sign in or sign up before continuing.' })
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1))
    if (url.pathname === '/api/v1/profile') {
      return send(res, 200, {
        id: 1,
        name: 'Admin',
        email: 'admin@example.com',
        accounts: [{ id: accountId, name: 'Acme Support', role: 'administrator' }],
      })
    }
    const prefix = `/api/v1/accounts/${accountId}`
    if (!url.pathname.startsWith(prefix)) return send(res, 404, { error: 'Resource could not be found' })
    const rest = url.pathname.slice(prefix.length)
    if (rest === '/contacts') {
      return send(res, 200, { meta: { count: contacts.length, current_page: page }, payload: contacts.slice((page - 1) * 15, page * 15) })
    }
    if (rest === '/conversations') {
      const sorted = [...conversations].sort((a, b) => a.last_activity_at - b.last_activity_at || a.id - b.id)
      const meta = { mine_count: 0, assigned_count: 0, unassigned_count: sorted.length, all_count: sorted.length }
      return send(res, 200, { data: { meta, payload: sorted.slice((page - 1) * 25, page * 25) } })
    }
    const match = /^\/conversations\/(\d+)\/messages$/.exec(rest)
    if (match && req.method === 'POST') {
      let raw = ''
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
      req.on('end', () => {
        const conversationId = Number(match[1])
        if (!messages.has(conversationId)) return send(res, 404, { error: 'Resource could not be found' })
        const body = JSON.parse(raw || '{}')
        fake.posted.push({ conversationId, body })
        send(res, 200, fake.addMessage(conversationId, { content: body.content, type: 'outgoing', private: body.private === true }))
      })
      return
    }
    if (match) {
      const list = messages.get(Number(match[1]))
      if (!list) return send(res, 404, { error: 'Resource could not be found' })
      const after = Number(url.searchParams.get('after') ?? 0)
      const payload = list.filter((m) => m.id > after).slice(0, options.pageSizeOf?.(Number(match[1])) ?? fake.messagesPageSize)
      return send(res, 200, { meta: { labels: [], additional_attributes: {}, contact: {}, assignee: null }, payload })
    }
    send(res, 404, { error: 'Resource could not be found' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return fake
}

/** Headers Chatwoot sends with a signed account-webhook delivery of `rawBody`. */
export function chatwootSignatureHeaders(secret: string, rawBody: string, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')
  return { 'content-type': 'application/json', 'x-chatwoot-timestamp': String(timestamp), 'x-chatwoot-signature': `sha256=${signature}` }
}
