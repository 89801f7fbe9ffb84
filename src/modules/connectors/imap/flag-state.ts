// Flags and folder moves kept current. Each stored message carries `raw.imap` = {folder, uid, uidValidity,
// flags}: written when a UID is first seen in a followed folder (a message moved there is found by its Message-ID,
// or its content hash, and only its location changes), and refreshed for the UIDs already seen: with CONDSTORE
// (RFC 7162) only those whose MODSEQ passed the folder's saved HIGHESTMODSEQ, else every known UID's flags.
import type { FetchMessageObject, ImapFlow, MailboxObject } from 'imapflow'
import type { ServiceContext } from '../../../lib/context.js'
import { setMessageRawKey } from '../../messages/index.js'
import { parseEmailMessage } from '../../importers/index.js'
import { listWorkspaceSourceRows } from '../../sources/index.js'

export type ImapMessageState = { folder: string; uid: number; uidValidity: string; flags: string[] }

/** \Seen, \Flagged, \Answered, \Draft, \Deleted and keywords ($Important, custom labels), in a stable order. */
export const flagList = (flags: Set<string> | undefined): string[] => [...(flags ?? [])].filter((f) => f !== '\\Recent').sort()

export async function recordImapStates(ctx: ServiceContext, states: { externalId: string; state: ImapMessageState }[]): Promise<number> {
  if (states.length === 0) return 0
  const emailSources = await listWorkspaceSourceRows(ctx, { type: 'email' })
  return setMessageRawKey(ctx, {
    sourceIds: emailSources.map((s) => s.id),
    key: 'imap',
    values: states.map((s) => ({ externalId: s.externalId, value: s.state })),
  })
}

/** The Message-ID as the importer stores it (without <>); a message without one needs its bytes for the hash. */
function envelopeMessageId(message: FetchMessageObject): string | null {
  const id = message.envelope?.messageId?.trim()
  return id ? id.replace(/^<|>$/g, '').slice(0, 512) : null
}

/** Re-reads the flags of UIDs 1..lastUid of the open folder that changed since `sinceModseq` (all without it). */
export async function refreshImapFlags(
  ctx: ServiceContext,
  client: ImapFlow,
  folder: string,
  saved: { uidValidity: string; lastUid: number; highestModseq?: string },
): Promise<number> {
  const mailbox = client.mailbox as MailboxObject
  const current = mailbox.highestModseq
  const since = saved.highestModseq && current ? BigInt(saved.highestModseq) : undefined
  if (since !== undefined && current !== undefined && current <= since) return 0
  const states: { externalId: string; state: ImapMessageState }[] = []
  const withoutId: number[] = []
  const stateOf = (m: FetchMessageObject): ImapMessageState => ({
    folder,
    uid: m.uid,
    uidValidity: saved.uidValidity,
    flags: flagList(m.flags),
  })
  const flagsOf = new Map<number, ImapMessageState>()
  for await (const message of client.fetch(
    `1:${saved.lastUid}`,
    { uid: true, flags: true, envelope: true },
    { uid: true, ...(since !== undefined ? { changedSince: since } : {}) },
  )) {
    if (message.uid > saved.lastUid) continue
    const externalId = envelopeMessageId(message)
    if (externalId) {
      states.push({ externalId, state: stateOf(message) })
    } else {
      withoutId.push(message.uid)
      flagsOf.set(message.uid, stateOf(message))
    }
  }
  if (withoutId.length > 0) {
    for await (const message of client.fetch(withoutId, { uid: true, source: true }, { uid: true })) {
      const parsed = message.source ? await parseEmailMessage(message.source, new Date()) : null
      const state = flagsOf.get(message.uid)
      if (parsed && 'message' in parsed && state) states.push({ externalId: parsed.message.externalId, state })
    }
  }
  return recordImapStates(ctx, states)
}
