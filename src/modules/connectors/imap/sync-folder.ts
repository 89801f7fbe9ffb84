// One folder's incremental sync. The watermark (sync_watermarks, stream "folder:<path>") is the folder's
// UIDVALIDITY and the last UID stored: a pass fetches only newer UIDs and advances the watermark after each stored
// batch, so a killed sync resumes where it stopped. When UIDVALIDITY changes the server has renumbered the folder:
// everything is fetched again and Message-IDs (a content hash without one) already stored are skipped. Flags and
// moves: flag-state.ts (the watermark also keeps the folder's HIGHESTMODSEQ for CONDSTORE).
import type { FetchMessageObject, ImapFlow, MailboxObject } from 'imapflow'
import type { ServiceContext } from '../../../lib/context.js'
import type { ConnectedSource, SyncCounters } from '../connector.js'
import { findStoredExternalIds, storeMessages, type IngestMessage } from '../../messages/index.js'
import { parseEmailMessage } from '../../importers/index.js'
import { readWatermark, writeWatermark } from '../../sources/index.js'
import { flagList, recordImapStates, refreshImapFlags, type ImapMessageState } from './flag-state.js'

export type FolderWatermark = { uidValidity: string; lastUid: number; highestModseq?: string }
export type FolderSyncOptions = {
  batchSize?: number
  /** UIDs per FETCH command (default 2,000). */
  fetchWindow?: number
  firstSyncDays?: number
  /** Awaited after each stored batch. */
  onProgress?: (counters: SyncCounters) => void | Promise<void>
}

export const folderStream = (path: string) => `folder:${path}`

function parseWatermark(cursor: string | null): FolderWatermark | null {
  if (!cursor) return null
  const parsed = JSON.parse(cursor) as FolderWatermark
  return typeof parsed.uidValidity === 'string' && Number.isInteger(parsed.lastUid) ? parsed : null
}

export async function syncImapFolder(
  ctx: ServiceContext,
  client: ImapFlow,
  source: ConnectedSource,
  path: string,
  options: FolderSyncOptions = {},
): Promise<SyncCounters> {
  const counters: SyncCounters = { fetched: 0, stored: 0, skipped: 0, errors: 0 }
  const stream = folderStream(path)
  const lock = await client.getMailboxLock(path, { readOnly: true })
  try {
    const mailbox = client.mailbox as MailboxObject
    const uidValidity = String(mailbox.uidValidity)
    const saved = parseWatermark(await readWatermark(ctx, source.id, stream))
    const renumbered = saved !== null && saved.uidValidity !== uidValidity
    if (renumbered)
      ctx.log.info(
        { sourceId: source.id, folder: path, was: saved.uidValidity, now: uidValidity },
        'UIDVALIDITY changed: re-syncing the folder',
      )
    let lastUid = saved && !renumbered ? saved.lastUid : 0
    // Read when the folder was opened: a flag changed during this pass is seen again by the next one.
    const highestModseq = mailbox.highestModseq?.toString()
    const save = () =>
      writeWatermark(
        { database: ctx.database, workspaceId: source.workspaceId },
        source.id,
        stream,
        JSON.stringify({ uidValidity, lastUid, highestModseq }),
      )
    if (saved && !renumbered && lastUid > 0 && mailbox.exists > 0) await refreshImapFlags(ctx, client, path, saved)
    if (mailbox.exists === 0 || mailbox.uidNext - 1 <= lastUid) {
      if (!saved || renumbered || saved.highestModseq !== highestModseq) await save()
      return counters
    }
    // The UIDs to fetch, fetched in windows of separate FETCH commands: a connection lost between two windows leaves
    // the watermark at the last stored batch. "N:*" always matches the newest message even below N (RFC 3501).
    const since = !saved && options.firstSyncDays ? new Date(Date.now() - options.firstSyncDays * 86_400_000) : undefined
    const found = (await client.search({ uid: `${lastUid + 1}:*`, ...(since ? { since } : {}) }, { uid: true })) || []
    const uids = found.filter((uid) => uid > lastUid).sort((a, b) => a - b)
    if (uids.length === 0) return (await save(), counters)
    const batchSize = options.batchSize ?? 200
    const fetchWindow = Math.max(options.fetchWindow ?? 2000, batchSize)
    let pending: FetchMessageObject[] = []
    const flush = async () => {
      const batch = pending
      pending = []
      if (batch.length === 0) return
      await storeFetchedBatch(ctx, source, path, uidValidity, batch, counters)
      lastUid = Math.max(lastUid, ...batch.map((m) => m.uid))
      await save()
      await options.onProgress?.({ ...counters })
    }
    for (let start = 0; start < uids.length; start += fetchWindow) {
      const window = uids.slice(start, start + fetchWindow)
      // Database work between batches runs while imapflow keeps buffering the FETCH response.
      for await (const message of client.fetch(window, { uid: true, source: true, internalDate: true, flags: true }, { uid: true })) {
        if (message.uid <= lastUid) continue
        pending.push(message)
        if (pending.length >= batchSize) await flush()
      }
      await flush()
    }
    return counters
  } finally {
    lock.release()
  }
}

async function storeFetchedBatch(
  ctx: ServiceContext,
  source: ConnectedSource,
  folder: string,
  uidValidity: string,
  batch: FetchMessageObject[],
  counters: SyncCounters,
): Promise<void> {
  counters.fetched += batch.length
  const mapped = await Promise.all(
    batch.map(async (fetched) => {
      if (!fetched.source) return null
      const internalDate = fetched.internalDate ? new Date(fetched.internalDate) : undefined
      const result = await parseEmailMessage(fetched.source, internalDate)
      if ('error' in result) {
        ctx.log.warn({ sourceId: source.id, folder, uid: fetched.uid, error: result.error }, 'IMAP message not stored')
        return null
      }
      const state: ImapMessageState = { folder, uid: fetched.uid, uidValidity, flags: flagList(fetched.flags) }
      const message: IngestMessage = { ...result.message, raw: { ...(result.message.raw as Record<string, unknown>), imap: state } }
      return { message, state }
    }),
  )
  const parsed = mapped.filter((m) => m !== null)
  const messages = parsed.map((p) => p.message)
  counters.errors += batch.length - messages.length
  // Mail already stored by any email source (an earlier mbox import, another folder, before a renumbering).
  const known = await findStoredExternalIds(
    ctx,
    'email',
    messages.map((m) => m.externalId),
  )
  const fresh = messages.filter((m) => !known.has(m.externalId))
  counters.skipped += messages.length - fresh.length
  if (fresh.length > 0) {
    const result = await storeMessages(ctx, { source: { type: 'email', name: source.name }, messages: fresh })
    counters.stored += result.created
    counters.skipped += fresh.length - result.created
  }
  // A known Message-ID under a new UID is the same message moved (or copied) here: only its location changes.
  const moved = parsed.filter((p) => known.has(p.message.externalId))
  await recordImapStates(
    ctx,
    moved.map((p) => ({ externalId: p.message.externalId, state: p.state })),
  )
}
