// The IMAP mailbox connector: live email from any IMAP server (imapflow), synced per folder by UIDVALIDITY and
// UID, parsed and threaded exactly as the mbox/eml importer does, watched with IDLE and polled by the workers.
import type { Connector } from '../connector.js'
import { imapSetupSchema } from './imap-client.js'
import { startImapIdle } from './idle-watcher.js'
import { startImapPolling } from './poller.js'
import { setUpImapMailbox } from './setup.js'
import { syncImapMailbox } from './sync-mailbox.js'
import { writeBackImapMessage } from './write-back.js'

export const imapConnector: Connector = {
  id: 'imap',
  sourceType: 'email',
  title: 'Email (IMAP)',
  capabilities: { pullSync: true, webhooks: false, send: false },
  setupSchema: imapSetupSchema,
  setup: setUpImapMailbox,
  sync: (ctx, source, secrets) => syncImapMailbox(ctx, source, secrets),
  writeBack: (_ctx, source, secrets, input) => writeBackImapMessage(source, secrets, input),
  startServices: (deps) => {
    const services = [startImapPolling(deps), startImapIdle(deps)]
    return { stop: async () => void (await Promise.all(services.map((s) => s.stop()))) }
  },
}
