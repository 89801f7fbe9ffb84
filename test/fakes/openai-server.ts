// A scriptable OpenAI-compatible server on 127.0.0.1 for tests: chat completions (plain, json_schema, streaming SSE),
// embeddings and the models list. Each test queues the replies it wants; every request is recorded.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHash } from 'node:crypto'

export type FakeUsage = { prompt_tokens: number; completion_tokens: number; cached_tokens?: number }

export type FakeReply =
  /** A completion whose message content is `content` (objects are JSON-encoded). `usage: null` omits the usage block. */
  | { kind: 'content'; content: string | object; usage?: FakeUsage | null }
  | { kind: 'error'; status: number; message?: string; headers?: Record<string, string> }
  /** Never answers (until the server closes): for timeouts and cancellation. */
  | { kind: 'hang' }
  /** Content computed from the request body (e.g. citing a passage number found in the prompt). */
  | { kind: 'compute'; content: (body: any) => string; usage?: FakeUsage | null }
  /** Streams `content`, then drops the connection without finishing: a stream cut mid-way. */
  | { kind: 'cut'; content: string }

export type RecordedRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: any }

export type FakeOpenAi = {
  /** Base URL including /v1, as a provider's base_url. */
  url: string
  requests: RecordedRequest[]
  /** Replies for the next chat completions, in order; when empty, `defaultReply` answers. */
  enqueue(...replies: FakeReply[]): void
  defaultReply: FakeReply
  models: string[]
  /** False makes GET /v1/models answer 404, like servers without a models list. */
  serveModelsList: boolean
  /** When set, requests must carry `Authorization: Bearer <requiredKey>`; wrong keys get a 401 that echoes the key. */
  requiredKey?: string
  chatRequests(): RecordedRequest[]
  /** What POST /v1/audio/transcriptions answers (its recorded body is the form's fields and the file's name, type, size). */
  transcript: string
  close(): Promise<void>
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

function completion(model: string, content: string, usage: FakeUsage | null | undefined) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
    ...(usage === null
      ? {}
      : {
          usage: {
            prompt_tokens: usage?.prompt_tokens ?? 10,
            completion_tokens: usage?.completion_tokens ?? 5,
            total_tokens: (usage?.prompt_tokens ?? 10) + (usage?.completion_tokens ?? 5),
            prompt_tokens_details: { cached_tokens: usage?.cached_tokens ?? 0 },
          },
        }),
  }
}

function streamCompletion(res: http.ServerResponse, model: string, content: string, usage: FakeUsage | null | undefined) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model }
  const pieces = content.match(/.{1,8}/gs) ?? []
  for (const piece of pieces) {
    res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`)
  }
  res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`)
  if (usage !== null) {
    const u = { prompt_tokens: usage?.prompt_tokens ?? 10, completion_tokens: usage?.completion_tokens ?? 5 }
    res.write(`data: ${JSON.stringify({ ...base, choices: [], usage: { ...u, total_tokens: u.prompt_tokens + u.completion_tokens } })}\n\n`)
  }
  res.write('data: [DONE]\n\n')
  res.end()
}

/** A multipart form's fields, with files described by name, type and size (parsed by the platform's Request). */
async function formFields(raw: Buffer, contentType: string): Promise<Record<string, unknown>> {
  const form = await new Request('http://fake.local/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(raw),
  }).formData()
  const fields: Record<string, unknown> = {}
  for (const [key, value] of form.entries()) {
    fields[key] = typeof value === 'string' ? value : { name: value.name, type: value.type, size: value.size }
  }
  return fields
}

/** A deterministic 8-dimensional vector per text. */
function fakeEmbedding(text: string): number[] {
  const digest = createHash('sha256').update(text).digest()
  return Array.from({ length: 8 }, (_, i) => digest[i] / 255)
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const queue: FakeReply[] = []
  const hanging = new Set<http.ServerResponse>()
  const fake: FakeOpenAi = {
    url: '',
    requests: [],
    enqueue: (...replies) => queue.push(...replies),
    defaultReply: { kind: 'content', content: { ok: true } },
    models: ['gpt-4o-mini', 'fake-model'],
    serveModelsList: true,
    chatRequests: () => fake.requests.filter((r) => r.path.endsWith('/chat/completions')),
    transcript: 'What did we decide about the deploy?',
    close: async () => {
      for (const res of hanging) res.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      const raw = Buffer.concat(chunks)
      const path = (req.url ?? '').split('?')[0]
      const multipart = (req.headers['content-type'] ?? '').startsWith('multipart/form-data')
      const body = multipart ? await formFields(raw, req.headers['content-type']!) : raw.length ? JSON.parse(raw.toString('utf8')) : null
      fake.requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body })
      if (fake.requiredKey) {
        const presented = (req.headers.authorization ?? '').replace(/^Bearer /, '')
        if (presented !== fake.requiredKey) {
          return send(res, 401, { error: { message: `Incorrect API key provided: ${presented}`, type: 'invalid_request_error' } })
        }
      }
      if (req.method === 'GET' && path === '/v1/models') {
        if (!fake.serveModelsList) return send(res, 404, { error: { message: 'Not found' } })
        return send(res, 200, { object: 'list', data: fake.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) })
      }
      if (req.method === 'POST' && path === '/v1/embeddings') {
        const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input]
        return send(res, 200, {
          object: 'list',
          model: body.model,
          data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) })),
          usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
        })
      }
      if (req.method === 'POST' && path === '/v1/audio/transcriptions') {
        const reply = queue[0]?.kind === 'error' ? queue.shift()! : null
        if (reply?.kind === 'error') return send(res, reply.status, { error: { message: reply.message ?? `fake error ${reply.status}` } })
        return send(res, 200, { text: fake.transcript })
      }
      if (req.method === 'POST' && path === '/v1/chat/completions') {
        const reply = queue.shift() ?? fake.defaultReply
        if (reply.kind === 'hang') {
          hanging.add(res)
          res.on('close', () => hanging.delete(res))
          return
        }
        if (reply.kind === 'error') {
          return send(
            res,
            reply.status,
            { error: { message: reply.message ?? `fake error ${reply.status}`, type: 'server_error' } },
            reply.headers,
          )
        }
        if (reply.kind === 'cut') {
          res.writeHead(200, { 'content-type': 'text/event-stream' })
          const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model: body.model }
          res.write(
            `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: reply.content }, finish_reason: null }] })}\n\n`,
          )
          setTimeout(() => res.destroy(), 20)
          return
        }
        const content =
          reply.kind === 'compute' ? reply.content(body) : typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content)
        if (body.stream) return streamCompletion(res, body.model, content, reply.usage)
        return send(res, 200, completion(body.model, content, reply.usage))
      }
      send(res, 404, { error: { message: `No fake route for ${req.method} ${path}` } })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
  return fake
}
