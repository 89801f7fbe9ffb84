// A fake GitHub REST API on 127.0.0.1 for one repository: GET /repos/:owner/:repo, …/issues (state, since, sort,
// direction, per_page, page, with Link rel="next"), …/pulls/:number, …/issues/comments and …/pulls/comments
// (since); Bearer tokens (401 "Bad credentials" otherwise); an ETag on every list answer and 304 for a matching
// If-None-Match; scripted rate-limit answers (403 with x-ratelimit-remaining: 0 and x-ratelimit-reset); POST
// …/issues (title, body, labels → 201 with the issue, as https://docs.github.com/en/rest/issues/issues#create-an-issue
// answers), whose scripted failures may come after the issue was created (a 5xx GitHub answered late). Its data are
// the objects of the real webhook payloads in test/fixtures/github/ (octokit/webhooks).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import fs from 'node:fs'
import path from 'node:path'
import { createHash, createHmac } from 'node:crypto'

type Obj = Record<string, any>
export const githubFixturesDir = path.join(import.meta.dirname, '..', 'fixtures', 'github')
export const readGithubFixture = (name: string): Obj => JSON.parse(fs.readFileSync(path.join(githubFixturesDir, name), 'utf8'))

export type FakeGithub = {
  url: string
  token: string
  repository: Obj
  issues: Obj[]
  pulls: Obj[]
  comments: Obj[]
  reviewComments: Obj[]
  requests: Array<{ method: string; path: string; status: number; authorization?: string; body?: Obj }>
  failNext(...failures: Failure[]): void
  close(): Promise<void>
}

/** A scripted answer for the next request (of `method`, when named); `afterCreate`: the issue is created first. */
type Failure = { status: number; headers?: Record<string, string>; body?: unknown; method?: string; afterCreate?: boolean }

export async function startFakeGithub(): Promise<FakeGithub> {
  const token = 'github_pat_fake_0123456789abcdef'
  const pull = readGithubFixture('pull_request_opened.json').pull_request
  const fake: FakeGithub = {
    url: '',
    token,
    repository: readGithubFixture('issues_opened.json').repository,
    issues: [readGithubFixture('issues_opened.json').issue],
    pulls: [pull],
    comments: [readGithubFixture('issue_comment_created.json').comment],
    reviewComments: [readGithubFixture('pull_request_review_comment_created.json').comment],
    requests: [],
    failNext: (...list) => void failures.push(...list),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
  const failures: Failure[] = []
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    let requestBody: Obj | undefined
    if (req.method === 'POST') {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      requestBody = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    }
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      fake.requests.push({
        method: req.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        status,
        authorization: req.headers.authorization,
        body: requestBody,
      })
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        ...headers,
      })
      res.end(status === 304 ? undefined : JSON.stringify(body))
    }
    const failure = failures[0] && (!failures[0].method || failures[0].method === req.method) ? failures.shift() : undefined
    if (failure && !failure.afterCreate)
      return send(failure.status, failure.body ?? { message: 'API rate limit exceeded' }, failure.headers)
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' })
    const prefix = `/repos/${fake.repository.full_name}`
    if (url.pathname === prefix) return send(200, fake.repository)
    const rest = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : null
    const since = url.searchParams.get('since')
    const list = (items: Obj[]) => {
      const perPage = Number(url.searchParams.get('per_page') ?? 30)
      const page = Number(url.searchParams.get('page') ?? 1)
      const selected = items
        .filter((i) => !since || i.updated_at >= since)
        .sort((a, b) => (a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : 0))
      const body = selected.slice((page - 1) * perPage, page * perPage)
      const etag = `"${createHash('sha1').update(JSON.stringify(body)).digest('hex')}"`
      if (req.headers['if-none-match'] === etag) return send(304, null, { etag })
      const next: Record<string, string> =
        page * perPage < selected.length ? { link: `<${fake.url}${url.pathname}?page=${page + 1}>; rel="next"` } : {}
      send(200, body, { etag, ...next })
    }
    if (rest === '/issues' && req.method === 'POST') {
      if (typeof requestBody?.title !== 'string' || !requestBody.title)
        return send(422, { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }] })
      const created = createIssue(fake, requestBody)
      if (failure) return send(failure.status, failure.body ?? { message: 'Server Error' }, failure.headers)
      return send(201, created, { location: created.url })
    }
    if (rest === '/issues') {
      const state = url.searchParams.get('state') ?? 'open'
      const asIssues: Obj[] = [...fake.issues, ...fake.pulls.map((p) => ({ ...p, pull_request: { url: p.url, html_url: p.html_url } }))]
      return list(asIssues.filter((i) => state === 'all' || i.state === state))
    }
    if (rest === '/issues/comments') return list(fake.comments)
    if (rest === '/pulls/comments') return list(fake.reviewComments)
    const pullMatch = rest ? /^\/pulls\/(\d+)$/.exec(rest) : null
    const found = pullMatch ? fake.pulls.find((p) => p.number === Number(pullMatch[1])) : undefined
    if (found) return send(200, found)
    send(404, { message: 'Not Found' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return fake
}

function createIssue(fake: FakeGithub, input: Obj): Obj {
  const number = Math.max(0, ...fake.issues.map((i) => i.number), ...fake.pulls.map((p) => p.number)) + 1
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
  const template = fake.issues[0]
  const issue = {
    ...template,
    id: 1_000_000 + number,
    number,
    title: input.title,
    body: input.body ?? null,
    labels: (input.labels ?? []).map((name: string, i: number) => ({ id: 9_000 + i, name, color: 'ededed', default: false })),
    state: 'open',
    comments: 0,
    url: `${fake.url}/repos/${fake.repository.full_name}/issues/${number}`,
    html_url: `https://github.com/${fake.repository.full_name}/issues/${number}`,
    created_at: now,
    updated_at: now,
    closed_at: null,
  }
  fake.issues.push(issue)
  return issue
}

/** Headers GitHub sends with a webhook delivery of `rawBody`. */
export function githubDeliveryHeaders(secret: string, rawBody: string, event: string, delivery: string) {
  return {
    'content-type': 'application/json',
    'x-github-event': event,
    'x-github-delivery': delivery,
    'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`,
  }
}
