// A sync pass over a source's mailbox: one session, the followed folders resolved on the server, each folder
// synced incrementally (sync-folder.ts). A folder that does not exist is counted as an error, not a failure.
import type { ServiceContext } from '../../../lib/context.js'
import type { ConnectedSource, SyncCounters } from '../connector.js'
import { closeImapSession, defaultImapFolders, describeImapError, openImapSession, type ImapSourceConfig } from './imap-client.js'
import { syncImapFolder, type FolderSyncOptions } from './sync-folder.js'
import type { ImapFlow } from 'imapflow'

/** Configured names to server paths: exact (INBOX in any case), else the special-use folder a common name means. */
export async function resolveImapFolders(client: ImapFlow, wanted: string[]): Promise<{ found: string[]; missing: string[] }> {
  const mailboxes = await client.list()
  const specialUse: Record<string, string> = {
    sent: '\\Sent',
    drafts: '\\Drafts',
    trash: '\\Trash',
    junk: '\\Junk',
    spam: '\\Junk',
    archive: '\\Archive',
  }
  const found: string[] = []
  const missing: string[] = []
  for (const name of wanted) {
    const exact = mailboxes.find((m) => m.path === name || (name.toUpperCase() === 'INBOX' && m.path.toUpperCase() === 'INBOX'))
    const special = specialUse[name.toLowerCase()]
    const match = exact ?? (special ? mailboxes.find((m) => m.specialUse === special) : undefined)
    if (match && !found.includes(match.path)) found.push(match.path)
    else if (!match) missing.push(name)
  }
  return { found, missing }
}

export async function syncImapMailbox(
  ctx: ServiceContext,
  source: ConnectedSource,
  secrets: Record<string, string>,
  options: Pick<FolderSyncOptions, 'batchSize' | 'fetchWindow' | 'onProgress'> = {},
): Promise<SyncCounters> {
  const config = source.config as ImapSourceConfig
  const client = await openImapSession(config, secrets)
  const total: SyncCounters = { fetched: 0, stored: 0, skipped: 0, errors: 0 }
  try {
    const { found, missing } = await resolveImapFolders(client, config.folders ?? defaultImapFolders)
    for (const name of missing) ctx.log.warn({ sourceId: source.id, folder: name }, 'IMAP folder not found on the server')
    total.errors += missing.length
    for (const path of found) {
      const before = { ...total }
      const counters = await syncImapFolder(ctx, client, source, path, {
        ...options,
        firstSyncDays: config.firstSyncDays,
        onProgress: options.onProgress && ((c) => options.onProgress!(sum(before, c))),
      })
      Object.assign(total, sum(total, counters))
    }
    return total
  } catch (error) {
    throw new Error(describeImapError(error, config), { cause: error })
  } finally {
    await closeImapSession(client)
  }
}

function sum(a: SyncCounters, b: SyncCounters): SyncCounters {
  return { fetched: a.fetched + b.fetched, stored: a.stored + b.stored, skipped: a.skipped + b.skipped, errors: a.errors + b.errors }
}
