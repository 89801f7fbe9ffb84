// The Slack backfill: conversations.list, then for each channel the bot is in, conversations.history newer than
// the channel's watermark and conversations.replies of every thread it finds, with cursor pagination and the
// Retry-After of rate-limited calls. History pages come newest first, so the watermark (the newest ts stored)
// moves only when a channel is done; in between, the page cursor is kept so that an interrupted pass resumes on
// the page it stopped at. A channel imported before from an export starts after the export's newest message.
import type { ServiceContext } from '../../../lib/context.js'
import type { SlackChannel, SlackUser } from '../../importers/index.js'
import { readWatermark, writeWatermark } from '../../sources/index.js'
import { newestNumberedMessageId } from '../../messages/index.js'
import type { ConnectedSource, SyncCounters } from '../connector.js'
import type { RestOptions } from '../rest-client.js'
import { slackApi, type SlackApi, type SlackObject } from './api.js'
import { channelOwners, resolveSlackUsers, slackAuthors, storeSlackMessages, type SlackMessageInput } from './store.js'

type ChannelCursor = { oldest?: string; cursor?: string; newest?: string }

export async function syncSlack(
  ctx: ServiceContext,
  source: ConnectedSource,
  secrets: Record<string, string>,
  options: { rest?: Pick<RestOptions, 'sleep' | 'maxWaitSeconds'> } = {},
): Promise<SyncCounters> {
  const api = slackApi({ token: secrets.botToken, apiRoot: source.config.apiRoot as string | undefined, rest: options.rest })
  const totals: SyncCounters = { fetched: 0, stored: 0, skipped: 0, errors: 0 }
  const channels = new Map<string, SlackChannel>()
  const members: SlackObject[] = []
  for (let cursor: string | undefined; ;) {
    const page = await api.conversationsList(cursor)
    for (const c of page.items) {
      channels.set(c.id, { id: c.id, name: c.name ?? c.id, kind: c.is_private ? 'group' : 'channel' })
      if (c.is_member) members.push(c)
      else totals.skipped++
    }
    if (!page.nextCursor) break
    cursor = page.nextCursor
  }
  const users = new Map<string, SlackUser>()
  const owners = await channelOwners(
    ctx,
    source,
    members.map((c) => c.id),
  )
  for (const channel of members) {
    const stream = `history:${channel.id}`
    const saved = JSON.parse((await readWatermark(ctx, source.id, stream)) ?? '{}') as ChannelCursor
    const oldest =
      saved.oldest ??
      (owners.get(channel.id)!.id !== source.id ? await newestNumberedMessageId(ctx, owners.get(channel.id)!.id, channel.id) : undefined)
    let cursor = saved.cursor
    let newest = saved.newest ?? oldest
    for (;;) {
      const page = await api.conversationsHistory(channel.id, oldest, cursor)
      const batch: SlackMessageInput[] = page.items.map((message) => ({ channelId: channel.id, message }))
      for (const parent of page.items.filter((m) => Number(m.reply_count) > 0 && m.thread_ts === m.ts)) {
        batch.push(...(await threadReplies(api, channel.id, parent.ts)))
      }
      await storeBatch(ctx, source, api, batch, channels, users, totals)
      for (const m of page.items) if (!newest || Number(m.ts) > Number(newest)) newest = m.ts
      if (!page.nextCursor) break
      cursor = page.nextCursor
      await writeWatermark(ctx, source.id, stream, JSON.stringify({ oldest, cursor, newest }))
    }
    await writeWatermark(ctx, source.id, stream, JSON.stringify({ oldest: newest }))
  }
  return totals
}

async function threadReplies(api: SlackApi, channelId: string, ts: string): Promise<SlackMessageInput[]> {
  const replies: SlackMessageInput[] = []
  for (let cursor: string | undefined; ;) {
    const page = await api.conversationsReplies(channelId, ts, cursor)
    for (const m of page.items) if (m.ts !== ts) replies.push({ channelId, message: m })
    if (!page.nextCursor) return replies
    cursor = page.nextCursor
  }
}

async function storeBatch(
  ctx: ServiceContext,
  source: ConnectedSource,
  api: SlackApi,
  batch: SlackMessageInput[],
  channels: Map<string, SlackChannel>,
  users: Map<string, SlackUser>,
  totals: SyncCounters,
) {
  if (batch.length === 0) return
  await resolveSlackUsers(ctx, api, slackAuthors(batch), users)
  const result = await storeSlackMessages(ctx, source, { messages: batch, channels, users })
  totals.fetched += batch.length
  totals.stored += result.stored
  totals.skipped += result.skipped
}
