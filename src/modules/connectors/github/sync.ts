// The GitHub backfill: issues and pull requests updated since the watermark (the first pass: every open one and
// those closed in the last `backfillDays`), then issue comments and review comments since theirs, all sorted by
// update time ascending so that the watermark moves after each stored page. The first page of each stream is
// asked for with the ETag of the last pass: 304 means nothing changed and costs no rate limit.
import type { ServiceContext } from '../../../lib/context.js'
import { readWatermark, writeWatermark } from '../../sources/index.js'
import type { ConnectedSource, SyncCounters } from '../connector.js'
import type { RestOptions } from '../rest-client.js'
import { githubApi, type GithubApi } from './api.js'
import { commentMessage, toItemRecord, type GithubObject } from './records.js'
import { applyGithubBatch, type GithubBatch } from './store.js'

type StreamCursor = { since?: string; etag?: string | null; openDone?: boolean }

export async function syncGithub(
  ctx: ServiceContext,
  source: ConnectedSource,
  secrets: Record<string, string>,
  options: { rest?: Pick<RestOptions, 'sleep' | 'maxWaitSeconds'>; now?: Date } = {},
): Promise<SyncCounters> {
  const repository = String(source.config.repository)
  const api = githubApi({ token: secrets.token, repository, apiRoot: source.config.apiRoot as string | undefined, rest: options.rest })
  const totals: SyncCounters = { fetched: 0, stored: 0, skipped: 0, errors: 0 }
  const add = (c: SyncCounters) => (Object.keys(totals) as Array<keyof SyncCounters>).forEach((k) => (totals[k] += c[k]))
  const firstSince = new Date((options.now ?? new Date()).getTime() - Number(source.config.backfillDays ?? 90) * 86_400_000).toISOString()

  const issuesCursor = await cursorOf(ctx, source, 'issues')
  if (!issuesCursor.since && !issuesCursor.openDone) {
    // Every open issue and pull request, however old, before the recent history.
    await readStream(api, 'issues?state=open&sort=updated&direction=asc&per_page=100', null, async (page) =>
      add(await applyGithubBatch(ctx, source, await itemsBatch(api, repository, page))),
    )
    await writeWatermark(ctx, source.id, 'issues', JSON.stringify({ openDone: true }))
  }
  await followStream(ctx, source, api, 'issues', 'issues?state=all&sort=updated&direction=asc&per_page=100', firstSince, async (page) =>
    add(await applyGithubBatch(ctx, source, await itemsBatch(api, repository, page))),
  )
  await followStream(ctx, source, api, 'comments', 'issues/comments?sort=updated&direction=asc&per_page=100', firstSince, async (page) =>
    add(await applyGithubBatch(ctx, source, commentsBatch(repository, page, 'comment'))),
  )
  await followStream(
    ctx,
    source,
    api,
    'review_comments',
    'pulls/comments?sort=updated&direction=asc&per_page=100',
    firstSince,
    async (page) => add(await applyGithubBatch(ctx, source, commentsBatch(repository, page, 'review_comment'))),
  )
  return totals
}

async function cursorOf(ctx: ServiceContext, source: ConnectedSource, stream: string): Promise<StreamCursor> {
  return JSON.parse((await readWatermark(ctx, source.id, stream)) ?? '{}') as StreamCursor
}

async function readStream(api: GithubApi, path: string, etag: string | null, store: (page: GithubObject[]) => Promise<void>) {
  for (let page = 1; ; page++) {
    const list = await api.list(`${path}&page=${page}`, page === 1 ? etag : null)
    if (list.notModified) return { etag, notModified: true }
    await store(list.items)
    if (page === 1) etag = list.etag
    if (!list.hasNext || list.items.length === 0) return { etag, notModified: false }
  }
}

/** A list sorted by update time, read from its watermark page by page; the watermark moves after each page. */
async function followStream(
  ctx: ServiceContext,
  source: ConnectedSource,
  api: GithubApi,
  stream: string,
  path: string,
  firstSince: string,
  store: (page: GithubObject[]) => Promise<void>,
) {
  const cursor = await cursorOf(ctx, source, stream)
  const since = cursor.since ?? firstSince
  let newest = since
  let etag: string | null = cursor.etag ?? null
  let first = true
  for (let page = 1; ; page++) {
    const list = await api.list(`${path}&since=${encodeURIComponent(since)}&page=${page}`, first ? etag : null)
    if (list.notModified) return
    if (first) etag = list.etag
    first = false
    await store(list.items)
    for (const item of list.items) if (item.updated_at && item.updated_at > newest) newest = item.updated_at
    // The ETag is worth keeping only for the URL the next pass will ask: the same `since`, one page.
    const reusable = !list.hasNext && page === 1 && newest === since
    await writeWatermark(ctx, source.id, stream, JSON.stringify({ ...cursor, since: newest, etag: reusable ? etag : null }))
    if (!list.hasNext || list.items.length === 0) return
  }
}

async function itemsBatch(api: GithubApi, repository: string, page: GithubObject[]): Promise<GithubBatch> {
  const items: GithubBatch['items'] = []
  for (const issue of page) {
    // The issues list has pull requests too, without their branches: those come from the pull itself.
    const pull = issue.pull_request ? await api.pull(issue.number) : undefined
    items.push({ record: toItemRecord(repository, issue, pull), raw: pull ?? issue })
  }
  return { items, messages: [] }
}

function commentsBatch(repository: string, page: GithubObject[], kind: 'comment' | 'review_comment'): GithubBatch {
  const messages = page.flatMap((comment) => {
    const url = String(kind === 'comment' ? comment.issue_url : comment.pull_request_url)
    const number = Number(url.split('/').pop())
    const message = Number.isInteger(number)
      ? commentMessage(repository, { number, title: '' }, kind === 'comment' ? 'issue' : 'pull_request', comment, kind)
      : null
    return message ? [message] : []
  })
  return { items: [], messages }
}
