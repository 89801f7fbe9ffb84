// The IMAP connector against a real Dovecot on 127.0.0.1 (test/helpers/dovecot.ts) filled with real mail:
// first sync, new mail, a renumbered folder (UIDVALIDITY), a wrong password, and mail imported earlier from an mbox.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../providers.js'
import { silentLog, testContext } from '../../../../test/helpers/database.js'
import { waitFor } from '../../../../test/helpers/wait-for.js'
import { dovecotAvailable, dovecotSkipReason, startDovecot, type TestDovecot } from '../../../../test/helpers/dovecot.js'
import type { ServiceContext } from '../../../lib/context.js'
import { ValidationError } from '../../../lib/errors.js'
import { runImport, splitMbox } from '../../importers/index.js'
import { createConnectedSource, getSource, readWatermark, runSourceSync } from '../../sources/index.js'
import { folderStream, type FolderWatermark } from './sync-folder.js'
import { startImapPolling } from './poller.js'

const fixtures = path.resolve('test/fixtures/email-imap')
const mail = (name: string) => fs.readFileSync(path.join(fixtures, name))
const inboxMail = ['only_text.eml', 'only_html.eml', 'references.eml', 'non_utf_encoded_mail.eml', 'reply_cc.eml']

if (!dovecotAvailable) console.warn(dovecotSkipReason)

describe.skipIf(!dovecotAvailable)('IMAP connector against Dovecot', () => {
  let dovecot: TestDovecot
  let ctx: ServiceContext
  let sourceId: string

  beforeAll(async () => {
    dovecot = await startDovecot()
    ctx = await testContext()
  })
  afterAll(async () => {
    await dovecot?.stop()
  })

  const settings = (extra: Record<string, unknown> = {}) => ({
    host: dovecot.host,
    port: dovecot.port,
    tls: false,
    user: dovecot.user,
    password: dovecot.password,
    ...extra,
  })
  const countMessages = async (id: string) =>
    (await ctx.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE source_id = $1`, [id]))[0].n
  const watermark = async (folder: string) => JSON.parse((await readWatermark(ctx, sourceId, folderStream(folder)))!) as FolderWatermark

  it('first sync stores INBOX and Sent, threaded as the email importer does, with the password sealed', async () => {
    for (const name of inboxMail) dovecot.deliver('INBOX', mail(name))
    dovecot.deliver('Sent', mail('mail_with_quote.eml'))
    const source = await createConnectedSource(ctx, { connector: 'imap', settings: settings() })
    sourceId = source.id
    expect(source).toMatchObject({ type: 'email', connector: 'imap', name: `${dovecot.user}@127.0.0.1`, state: 'connected' })
    expect(JSON.stringify(source.config)).not.toContain(dovecot.password)
    const [row] = await ctx.database.query<{ secrets_encrypted: string }>(`SELECT secrets_encrypted FROM sources WHERE id = $1`, [sourceId])
    expect(row.secrets_encrypted).not.toContain(dovecot.password)

    const result = await runSourceSync(ctx, sourceId, 'test')
    expect(result).toMatchObject({ status: 'completed', fetched: 6, stored: 6, skipped: 0, errors: 0 })
    expect(await countMessages(sourceId)).toBe(6)
    expect((await watermark('INBOX')).lastUid).toBe(5)
    expect((await watermark('Sent')).lastUid).toBe(1)

    // references.eml answers a message we do not have: its thread is the first id in References, as for an mbox.
    const [reply] = await ctx.database.query<{ conversation: string; kind: string; raw: any }>(
      `SELECT c.external_id AS conversation, c.kind, m.raw FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.source_id = $1 AND m.external_id = '0CB459E0-0336-41DA-BC88-E6E28C697DDBF@chatwoot.com'`,
      [sourceId],
    )
    expect(reply.kind).toBe('email_thread')
    expect(reply.conversation).toBe(reply.raw.references[0])
    expect(reply.raw.imap).toMatchObject({ folder: 'INBOX', uid: 3 })
  })

  it('a second pass fetches nothing; mail delivered afterwards is fetched alone', async () => {
    expect(await runSourceSync(ctx, sourceId, 'test')).toMatchObject({ status: 'completed', fetched: 0, stored: 0 })
    dovecot.deliver('INBOX', mail('support_1.eml'))
    expect(await runSourceSync(ctx, sourceId, 'test')).toMatchObject({ status: 'completed', fetched: 1, stored: 1, skipped: 0 })
    expect((await watermark('INBOX')).lastUid).toBe(6)
    expect(await countMessages(sourceId)).toBe(7)
  })

  it('a changed UIDVALIDITY re-reads the folder without storing duplicates', async () => {
    const before = await watermark('INBOX')
    await dovecot.renumber('INBOX')
    dovecot.deliver('INBOX', mail('bounced_gmail.eml'))
    const result = await runSourceSync(ctx, sourceId, 'test')
    const after = await watermark('INBOX')
    expect(after.uidValidity).not.toBe(before.uidValidity)
    expect(result).toMatchObject({ status: 'completed', fetched: 7, stored: 1, skipped: 6 })
    expect(after.lastUid).toBe(7)
    expect(await countMessages(sourceId)).toBe(8)
  })

  it('a wrong password leaves the source failing with a clear error and keeps its mail; the right one recovers', async () => {
    const right = dovecot.password
    await dovecot.setPassword('changed on the server')
    const failed = await runSourceSync(ctx, sourceId, 'test')
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatch(/rejected the login for alice \(wrong user or password\?\)/)
    const view = await getSource(ctx, sourceId)
    expect(view).toMatchObject({ state: 'failing', consecutiveFailures: 1, messageCount: 8 })
    expect(view.lastError).toMatch(/rejected the login/)
    expect(view.nextRetryAt).not.toBeNull()

    await dovecot.setPassword(right)
    expect(await runSourceSync(ctx, sourceId, 'test')).toMatchObject({ status: 'completed', fetched: 0 })
    expect(await getSource(ctx, sourceId)).toMatchObject({ state: 'connected', consecutiveFailures: 0, lastError: null })
  })

  it('the workers poll the mailbox: new mail arrives without "sync now", audited as a poll run', async () => {
    await ctx.database.query(`UPDATE sources SET last_attempt_at = now() - interval '1 hour' WHERE id = $1`, [sourceId])
    dovecot.deliver('Sent', mail('only_html.eml'))
    dovecot.deliver('Sent', mail('only_html.eml'))
    const deps = { database: ctx.database, config: ctx.config, log: silentLog, queue: undefined as never }
    const pollers = [startImapPolling(deps, { scanMs: 100 }), startImapPolling(deps, { scanMs: 100 })]
    try {
      await waitFor('the poll to store the new mail', async () => ((await watermark('Sent')).lastUid === 3 ? true : undefined), 30)
    } finally {
      await Promise.all(pollers.map((p) => p.stop()))
    }
    // only_html.eml was already in INBOX (the same Message-ID): the Sent copies are not stored again.
    expect(await countMessages(sourceId)).toBe(8)
    const runs = await ctx.database.query<{ trigger: string; status: string }>(
      `SELECT trigger, status FROM job_runs WHERE kind = 'sync:imap' AND trigger = 'poll'`,
    )
    expect(runs).toEqual([{ trigger: 'poll', status: 'completed' }])
  })

  it('setup refuses a wrong password, naming the field', async () => {
    const attempt = createConnectedSource(ctx, { connector: 'imap', name: 'other', settings: settings({ password: 'nope' }) })
    await expect(attempt).rejects.toBeInstanceOf(ValidationError)
    await expect(attempt).rejects.toMatchObject({ details: [{ path: 'settings.password' }] })
  })

  it('a first sync limited to a time window skips older mail; later passes take everything new', async () => {
    const other = await startDovecot({ user: 'carol' })
    try {
      const fresh = await testContext()
      other.deliver('INBOX', mail('only_text.eml'), new Date(Date.now() - 400 * 86_400_000))
      other.deliver('INBOX', mail('reply_cc.eml'))
      const source = await createConnectedSource(fresh, {
        connector: 'imap',
        settings: {
          host: other.host,
          port: other.port,
          tls: false,
          user: other.user,
          password: other.password,
          folders: ['INBOX'],
          firstSyncDays: 30,
        },
      })
      expect(await runSourceSync(fresh, source.id, 'test')).toMatchObject({ status: 'completed', fetched: 1, stored: 1 })
      other.deliver('INBOX', mail('support_1.eml'))
      expect(await runSourceSync(fresh, source.id, 'test')).toMatchObject({ status: 'completed', fetched: 1, stored: 1 })
      const stored = await fresh.database.query<{ external_id: string }>(`SELECT external_id FROM messages ORDER BY external_id`)
      expect(stored.map((r) => r.external_id)).not.toContain('6215e5ca3e3b2_10bc6197e4224d1@tejaswinis-MacBook-Pro.local.mail')
      expect(stored).toHaveLength(2)
    } finally {
      await other.stop()
    }
  })

  it('mail imported earlier from an mbox is not stored again when the mailbox is synced', async () => {
    const other = await startDovecot({ user: 'bob' })
    try {
      const fresh = await testContext()
      const mbox = path.resolve('test/fixtures/importers/email/httpd-users-200606-part.mbox')
      expect(await runImport(fresh, { kind: 'email', path: mbox })).toMatchObject({ status: 'completed', created: 12 })
      for await (const raw of splitMbox(mbox, 50 * 1024 * 1024, { bytesRead: 0, bytesTotal: 0 })) {
        if ('bytes' in raw) other.deliver('INBOX', raw.bytes)
      }
      other.deliver('INBOX', mail('only_text.eml'))
      const source = await createConnectedSource(fresh, {
        connector: 'imap',
        settings: { host: other.host, port: other.port, tls: false, user: other.user, password: other.password, folders: ['INBOX'] },
      })
      expect(await runSourceSync(fresh, source.id, 'test')).toMatchObject({ status: 'completed', fetched: 13, stored: 1, skipped: 12 })
      const [{ n }] = await fresh.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages`)
      expect(n).toBe(13)
    } finally {
      await other.stop()
    }
  })
})
