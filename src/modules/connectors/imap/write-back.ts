// Write-back of a label to the mailbox (email rules, issue 25 item 4): the stored message's `raw.imap` location
// (folder, UID, UIDVALIDITY) finds it on the server; a keyword is added to its flags, or it is moved to a folder
// (created when missing). The next sync sees the change like any other client's: the new flags, or the message in
// its new folder found by its Message-ID (no duplicate).
import type { ConnectedSource, WriteBackInput } from '../connector.js'
import { closeImapSession, describeImapError, ImapError, openImapSession, type ImapSourceConfig } from './imap-client.js'
import type { ImapMessageState } from './flag-state.js'

function locationOf(raw: unknown): ImapMessageState | null {
  const imap = (raw as { imap?: ImapMessageState } | null)?.imap
  return imap && typeof imap.folder === 'string' && typeof imap.uid === 'number' ? imap : null
}

export async function writeBackImapMessage(source: ConnectedSource, secrets: Record<string, string>, input: WriteBackInput): Promise<void> {
  const location = locationOf(input.raw)
  if (!location) throw new ImapError(`The email has no IMAP location in ${source.name} (it was not synced from that mailbox)`)
  const config = source.config as ImapSourceConfig
  const client = await openImapSession(config, secrets)
  try {
    const mailbox = await client.mailboxOpen(location.folder)
    if (String(mailbox.uidValidity) !== location.uidValidity)
      throw new ImapError(`The folder ${location.folder} was renumbered since the last sync; the next sync finds the email again`)
    const uid = String(location.uid)
    if (input.action.kind === 'keyword') {
      if (!(await client.messageFlagsAdd(uid, [input.action.target], { uid: true })))
        throw new ImapError(`The email (UID ${uid}) is no longer in ${location.folder}`)
      return
    }
    if (location.folder === input.action.target) return
    const exists = (await client.list()).some((m) => m.path === input.action.target)
    if (!exists) await client.mailboxCreate(input.action.target)
    const moved = await client.messageMove(uid, input.action.target, { uid: true })
    if (!moved) throw new ImapError(`The email (UID ${uid}) is no longer in ${location.folder}`)
  } catch (error) {
    throw new ImapError(describeImapError(error, config))
  } finally {
    await closeImapSession(client)
  }
}
