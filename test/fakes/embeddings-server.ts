// A fake OpenAI-compatible embeddings endpoint (POST /v1/embeddings) on 127.0.0.1 for tests. It can be told
// to fail the next requests in given ways (HTTP 500, HTTP 429 with Retry-After, a timeout by never answering)
// and then answers with deterministic vectors: feature hashing of the words, so similar texts stay similar.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export type FakeFailure = '500' | '429' | 'timeout'

export type FakeEmbeddingsServer = {
  baseUrl: string
  /** Requests received, including failed ones. */
  requests: Array<{ model: string; inputs: string[]; authorization?: string }>
  /** Queues failures for the next requests, in order. */
  failNext(...failures: FakeFailure[]): void
  close(): Promise<void>
}

export async function startFakeEmbeddingsServer(options: { dimension?: number } = {}): Promise<FakeEmbeddingsServer> {
  const dimension = options.dimension ?? 16
  const failures: FakeFailure[] = []
  const requests: FakeEmbeddingsServer['requests'] = []
  const hanging = new Set<http.ServerResponse>()
  const server = http.createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/embeddings') {
        response.writeHead(404).end()
        return
      }
      const parsed = JSON.parse(body) as { model: string; input: string | string[] }
      const inputs = Array.isArray(parsed.input) ? parsed.input : [parsed.input]
      requests.push({ model: parsed.model, inputs, authorization: request.headers.authorization })
      const failure = failures.shift()
      if (failure === '500') return void response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}')
      if (failure === '429') {
        return void response.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' }).end('{"error":"slow down"}')
      }
      if (failure === 'timeout') {
        hanging.add(response) // never answered; the client must give up on its own
        return
      }
      const data = inputs.map((text, index) => ({ object: 'embedding', index, embedding: hashVector(text, dimension) }))
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ object: 'list', data, model: parsed.model, usage: { prompt_tokens: 0, total_tokens: 0 } }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    failNext: (...next) => failures.push(...next),
    async close() {
      for (const response of hanging) response.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function hashVector(text: string, dimension: number): number[] {
  const vector = new Array<number>(dimension).fill(0)
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 2166136261
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 16777619)
    vector[(hash >>> 0) % dimension] += 1
  }
  const norm = Math.sqrt(vector.reduce((s, v) => s + v * v, 0)) || 1
  return vector.map((v) => v / norm)
}
