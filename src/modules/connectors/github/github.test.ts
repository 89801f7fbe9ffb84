// The GitHub connector against a fake GitHub REST API (test/fakes/github-api.ts) and the real webhook payloads
// of octokit/webhooks, through the real app on PGlite: signatures, every followed event, version order, the
// backfill with ETags and a rate limit, and a comment seen by both paths stored once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { testApp } from '../../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../../test/helpers/database.js'
import { drainDeliveries } from '../../../../test/helpers/telegram.js'
import { connectSource, countRows } from '../../../../test/helpers/connectors.js'
import { githubDeliveryHeaders, readGithubFixture, startFakeGithub, type FakeGithub } from '../../../../test/fakes/github-api.js'
import type { ServiceContext } from '../../../lib/context.js'
import { loadConnectedSource } from '../../sources/index.js'
import { syncGithub } from './sync.js'

const config = testConfig()
let t: Awaited<ReturnType<typeof testApp>>
const fakes: FakeGithub[] = []
const webhookSecret = 'github-webhook-secret-0123'

beforeAll(async () => {
  t = await testApp({ config })
})
afterAll(async () => {
  await t?.app.close()
  await Promise.all(fakes.map((f) => f.close()))
})

const ctxOf = (): ServiceContext => ({
  database: t.database,
  workspaceId: t.defaultWorkspaceId,
  actor: { kind: 'local-token' },
  log: silentLog,
  config,
})

async function fakeAndSource() {
  const fake = await startFakeGithub()
  fakes.push(fake)
  const source = await connectSource(
    t,
    'github',
    { repository: 'Codertocat/Hello-World', token: fake.token, webhookSecret, apiRoot: fake.url, backfillDays: 3650 },
    `GitHub test ${fakes.length}`,
  )
  const { source: connected, secrets } = await loadConnectedSource(ctxOf(), source.id)
  return { fake, source, sync: (options?: Parameters<typeof syncGithub>[3]) => syncGithub(ctxOf(), connected, secrets, options) }
}

function deliver(sourceId: string, event: string, body: object, delivery: string = randomUUID(), secret = webhookSecret) {
  const raw = JSON.stringify(body)
  return t.app.inject({
    method: 'POST',
    url: `/webhooks/github/${sourceId}`,
    headers: githubDeliveryHeaders(secret, raw, event, delivery),
    payload: raw,
  })
}

describe('GitHub webhooks', () => {
  it('refuses a forged delivery with 401 and stores nothing', async () => {
    const { source } = await fakeAndSource()
    const response = await deliver(source.id, 'issues', readGithubFixture('issues_opened.json'), randomUUID(), 'not-the-secret')
    expect(response.statusCode).toBe(401)
    expect(await countRows(t.database, `SELECT 1 FROM webhook_deliveries WHERE source_id = $1`, [source.id])).toBe(0)
  })

  it('keeps issues and pull requests current and makes their texts messages, once per delivery id', async () => {
    const { source } = await fakeAndSource()
    const events: Array<[string, string]> = [
      ['issues', 'issues_opened.json'],
      ['issue_comment', 'issue_comment_created.json'],
      ['pull_request', 'pull_request_opened.json'],
      ['pull_request_review', 'pull_request_review_submitted.json'],
      ['pull_request_review_comment', 'pull_request_review_comment_created.json'],
      ['push', 'push.json'],
      ['discussion', 'discussion_created.json'],
      ['discussion_comment', 'discussion_comment_created.json'],
    ]
    for (const [event, file] of events)
      expect((await deliver(source.id, event, readGithubFixture(file), `d-${file}`)).json().duplicate).toBe(false)
    expect((await deliver(source.id, 'issues', readGithubFixture('issues_opened.json'), 'd-issues_opened.json')).json().duplicate).toBe(
      true,
    )
    await drainDeliveries(t.database, config)
    expect(
      await countRows(t.database, `SELECT 1 FROM webhook_deliveries WHERE source_id = $1 AND status <> 'processed'`, [source.id]),
    ).toBe(0)

    const [issue] = await t.database.query<any>(
      `SELECT number, title, state, labels, author, conversation_id FROM github_issues WHERE source_id = $1`,
      [source.id],
    )
    expect(issue).toMatchObject({
      number: 1,
      title: 'Spelling error in the README file',
      state: 'open',
      labels: ['bug'],
      author: 'Codertocat',
    })
    const [pull] = await t.database.query<any>(
      `SELECT number, branch_from, branch_to, merged, review_status, conversation_id FROM pull_requests WHERE source_id = $1`,
      [source.id],
    )
    expect(pull).toMatchObject({ number: 2, branch_from: 'changes', branch_to: 'master', merged: false, review_status: 'commented' })
    const inConversation = (id: string) =>
      t.database.query<any>(`SELECT external_id, content FROM messages WHERE conversation_id = $1 ORDER BY sent_at`, [id])
    expect((await inConversation(issue.conversation_id)).map((m: any) => m.external_id)).toEqual([
      'issue:Codertocat/Hello-World#1',
      `comment:${readGithubFixture('issue_comment_created.json').comment.id}`,
    ])
    expect((await inConversation(pull.conversation_id)).length).toBe(3) // body, review, review comment
    expect(await countRows(t.database, `SELECT 1 FROM messages WHERE source_id = $1 AND external_id LIKE 'commit:%'`, [source.id])).toBe(
      readGithubFixture('push.json').commits.length,
    )
    expect(await countRows(t.database, `SELECT 1 FROM messages WHERE source_id = $1 AND external_id LIKE 'discussion%'`, [source.id])).toBe(
      2,
    )
  })

  it('ignores an issue update older than the stored one', async () => {
    const { source } = await fakeAndSource()
    const opened = readGithubFixture('issues_opened.json')
    const newer = {
      ...opened,
      action: 'edited',
      issue: { ...opened.issue, title: 'Spelling error (fixed title)', updated_at: '2019-05-15T16:00:00Z' },
    }
    await deliver(source.id, 'issues', newer)
    await deliver(source.id, 'issues', opened)
    await drainDeliveries(t.database, config)
    await deliver(source.id, 'issues', {
      ...opened,
      action: 'edited',
      issue: { ...opened.issue, title: 'stale', updated_at: '2019-05-15T15:30:00Z' },
    })
    await drainDeliveries(t.database, config)
    const [issue] = await t.database.query<any>(`SELECT title FROM github_issues WHERE source_id = $1`, [source.id])
    expect(issue.title).toBe('Spelling error (fixed title)')
  })
})

describe('the GitHub backfill', () => {
  it('reads issues, pull requests and comments once, asks again with ETags, and a webhook after it adds nothing', async () => {
    const { fake, source, sync } = await fakeAndSource()
    await sync()
    expect(await countRows(t.database, `SELECT 1 FROM github_issues WHERE source_id = $1`, [source.id])).toBe(1)
    expect(await countRows(t.database, `SELECT 1 FROM pull_requests WHERE source_id = $1 AND branch_from = 'changes'`, [source.id])).toBe(1)
    const messages = await countRows(t.database, `SELECT 1 FROM messages WHERE source_id = $1`, [source.id])
    expect(messages).toBe(4) // issue body, PR body, issue comment, review comment

    // `since` is inclusive: the next pass reads the newest items again (nothing changes) and keeps their ETags;
    // the pass after that is answered 304 on every stream.
    expect((await sync()).stored).toBe(0)
    const before = fake.requests.length
    await sync()
    const again = fake.requests.slice(before)
    expect(again.filter((r) => r.status === 304).length).toBe(3)
    expect(again.filter((r) => r.status === 200).length).toBe(0)
    await deliver(source.id, 'issue_comment', readGithubFixture('issue_comment_created.json'))
    await drainDeliveries(t.database, config)
    expect(await countRows(t.database, `SELECT 1 FROM messages WHERE source_id = $1`, [source.id])).toBe(messages)
  })

  it('waits for the rate-limit reset GitHub names, then goes on', async () => {
    const { fake, source, sync } = await fakeAndSource()
    const reset = Math.floor(Date.now() / 1000) + 5
    fake.failNext({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } })
    const waits: number[] = []
    await sync({ rest: { sleep: async (ms) => void waits.push(ms) } })
    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeGreaterThanOrEqual(4000)
    expect(waits[0]).toBeLessThanOrEqual(6000)
    expect(await countRows(t.database, `SELECT 1 FROM github_issues WHERE source_id = $1`, [source.id])).toBe(1)
  })
})
