// The Chatwoot backfill and periodic sync. Contacts page by page; conversations by last activity (oldest first),
// and for each conversation with activity newer than its watermark, its messages after the last stored id.
// Pages are gathered into batches of ~1,000 messages (one commit costs ~2.5 ms on the embedded database, so a
// commit per 20-message page would cap the rate), applied, and only then the watermarks move: a process killed
// anywhere re-reads at most one batch, which the upserts store once.
import type { ServiceContext } from '../../../lib/context.js'
import type { KnownReferences } from '../../messages/index.js'
import { readWatermark, readWatermarks, writeWatermark, writeWatermarks } from '../../sources/index.js'
import type { ConnectedSource, SyncCounters } from '../connector.js'
import type { RestOptions } from '../rest-client.js'
import { chatwootApi, type ChatwootApi } from './api.js'
import { applyChatwootBatch, type ChatwootBatch } from './store.js'
import { chatwootTime, toContactRecord, toConversationRecord, toMessageRecord, type ChatwootObject } from './records.js'

export type ChatwootSyncOptions = {
  /** Messages gathered before a batch is stored (default 1,000). */
  batchMessages?: number
  rest?: Pick<RestOptions, 'sleep' | 'maxWaitSeconds'>
  /** Called after each stored batch with the running totals (progress bars, the benchmark). */
  onProgress?: (counters: SyncCounters) => void
}

type MessageCursor = { ts: string; id: number }
const messagesStream = (conversationId: number) => `messages:${conversationId}`

export function chatwootApiFor(
  source: Pick<ConnectedSource, 'config'>,
  secrets: Record<string, string>,
  rest?: ChatwootSyncOptions['rest'],
): ChatwootApi {
  return chatwootApi({
    baseUrl: String(source.config.baseUrl),
    accountId: Number(source.config.accountId),
    token: secrets.apiAccessToken,
    rest,
  })
}

export async function syncChatwoot(
  ctx: ServiceContext,
  source: ConnectedSource,
  secrets: Record<string, string>,
  options: ChatwootSyncOptions = {},
): Promise<SyncCounters> {
  const api = chatwootApiFor(source, secrets, options.rest)
  const accountId = Number(source.config.accountId)
  const totals: SyncCounters = { fetched: 0, stored: 0, skipped: 0, errors: 0 }
  const known: KnownReferences = { identities: new Map(), conversations: new Map() }
  const add = (c: SyncCounters) => {
    for (const key of Object.keys(totals) as Array<keyof SyncCounters>) totals[key] += c[key]
    options.onProgress?.({ ...totals })
  }

  await syncContacts(ctx, source, api, accountId, add)

  const limit = options.batchMessages ?? 1000
  const cursors = await readWatermarks(ctx, source.id, 'messages:')
  const resume = JSON.parse((await readWatermark(ctx, source.id, 'conversations')) ?? '{}') as { page?: number; inPass?: boolean }
  // An interrupted pass resumes one page early: conversations that got new activity meanwhile moved to the end
  // of the list and shifted the rest left. A finished pass starts again at page 1.
  let page = resume.inPass && resume.page ? Math.max(1, resume.page - 1) : 1
  let pending: ChatwootBatch = { contacts: [], conversations: [], messages: [] }
  let pendingCursors = new Map<string, string>()
  // A batch is stored while the next one is fetched (the fetching was a fifth of the time); batches still
  // commit, and move their watermarks, in order.
  let storing: Promise<void> = Promise.resolve()
  const flush = async (conversationsCursor: Record<string, unknown>) => {
    const batch = pending
    const batchCursors = pendingCursors
    pending = { contacts: [], conversations: [], messages: [] }
    pendingCursors = new Map()
    await storing
    storing = (async () => {
      if (batch.messages.length + batch.conversations.length > 0) add(await applyChatwootBatch(ctx, source, batch, known))
      await writeWatermarks(ctx, source.id, batchCursors)
      await writeWatermark(ctx, source.id, 'conversations', JSON.stringify(conversationsCursor))
    })()
    // A failed store surfaces at the next flush or at the end; meanwhile nothing after it is written.
    storing.catch(() => undefined)
  }

  for (; ; page++) {
    const conversations = await api.conversations(page)
    if (conversations.length === 0) break
    for (const raw of conversations) {
      const conversation = toConversationRecord(accountId, raw)
      pending.conversations.push(conversation)
      if (raw.meta?.sender?.id) pending.contacts.push(toContactRecord(accountId, raw.meta.sender))
      const lastActivity = chatwootTime(raw.last_activity_at) ?? chatwootTime(raw.timestamp)
      const stream = messagesStream(conversation.conversationId)
      const stored = cursors.get(stream)
      let cursor: MessageCursor | null = stored ? (JSON.parse(stored) as MessageCursor) : null
      if (cursor && lastActivity && Date.parse(cursor.ts) >= Date.parse(lastActivity)) continue
      for (;;) {
        const messages = await api.messagesAfter(conversation.conversationId, cursor?.id ?? 0)
        const fresh = messages.filter((m) => typeof m?.id === 'number' && m.id > (cursor?.id ?? 0))
        if (fresh.length === 0) break
        for (const m of fresh) pending.messages.push(toMessageRecord(accountId, m, { contactGlobalId: conversation.contactGlobalId }))
        const last = fresh[fresh.length - 1]
        cursor = { ts: chatwootTime(last.created_at) ?? new Date(0).toISOString(), id: last.id }
        pendingCursors.set(stream, JSON.stringify(cursor))
        cursors.set(stream, JSON.stringify(cursor))
        if (lastActivity && Date.parse(cursor.ts) >= Date.parse(lastActivity)) break
        if (pending.messages.length >= limit) await flush({ page, inPass: true })
      }
      if (pending.messages.length >= limit) await flush({ page, inPass: true, ts: lastActivity, id: conversation.conversationId })
    }
  }
  await flush({ page: 1, inPass: false, completedAt: new Date().toISOString() })
  await storing
  return totals
}

/** One pass over the contacts, resumable by page (the list has no "updated since" filter). */
async function syncContacts(
  ctx: ServiceContext,
  source: ConnectedSource,
  api: ChatwootApi,
  accountId: number,
  add: (c: SyncCounters) => void,
) {
  const resume = JSON.parse((await readWatermark(ctx, source.id, 'contacts')) ?? '{}') as { page?: number; inPass?: boolean }
  for (let page = resume.inPass && resume.page ? resume.page : 1; ; page++) {
    const contacts: ChatwootObject[] = await api.contacts(page)
    if (contacts.length === 0) break
    add({
      ...(await applyChatwootBatch(ctx, source, {
        contacts: contacts.map((c) => toContactRecord(accountId, c)),
        conversations: [],
        messages: [],
      })),
      fetched: 0,
    })
    await writeWatermark(ctx, source.id, 'contacts', JSON.stringify({ page: page + 1, inPass: true }))
  }
  await writeWatermark(ctx, source.id, 'contacts', JSON.stringify({ page: 1, inPass: false, completedAt: new Date().toISOString() }))
}
