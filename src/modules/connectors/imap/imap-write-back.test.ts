// A rule's write-back to the mailbox against a real Dovecot (test/helpers/dovecot.ts): off by default; a keyword
// set on a corrected email is seen by a second mail client; a folder move of an email the rule triaged, after which
// the next sync finds it in its new folder instead of storing it twice.
import fs from 'node:fs'
import path from 'node:path'
import type { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../providers.js'
import { testContext } from '../../../../test/helpers/database.js'
import {
  connectMailClient,
  dovecotAvailable,
  dovecotSkipReason,
  imapSourceSettings,
  startDovecot,
  type TestDovecot,
} from '../../../../test/helpers/dovecot.js'
import type { ServiceContext } from '../../../lib/context.js'
import { createConnectedSource, runSourceSync } from '../../sources/index.js'
import { correctEmailCategory, listRules, listTriagedEmails, triageEmails, updateRule } from '../../email/index.js'
import type { ImapMessageState } from './flag-state.js'

const fixtures = path.resolve('test/fixtures/email-imap')
const mail = (name: string) => fs.readFileSync(path.join(fixtures, name))
const onlyTextId = '6215e5ca3e3b2_10bc6197e4224d1@tejaswinis-MacBook-Pro.local.mail'
const supportId = '20220211051551.0ac6490aa10da09b@chatwoot.com'

if (!dovecotAvailable) console.warn(dovecotSkipReason)

describe.skipIf(!dovecotAvailable)('email rule write-back to the IMAP mailbox', () => {
  let dovecot: TestDovecot
  let ctx: ServiceContext
  let sourceId: string
  let mailClient: ImapFlow

  beforeAll(async () => {
    dovecot = await startDovecot({ user: 'wanda' })
    ctx = await testContext()
    mailClient = await connectMailClient(dovecot)
    await mailClient.mailboxCreate('Archive')
    dovecot.deliver('INBOX', mail('only_text.eml'))
    dovecot.deliver('INBOX', mail('reply_cc.eml'))
    const source = await createConnectedSource(ctx, {
      connector: 'imap',
      settings: imapSourceSettings(dovecot, ['INBOX', 'Archive']),
    })
    sourceId = source.id
    expect(await runSourceSync(ctx, sourceId, 'test')).toMatchObject({ status: 'completed', stored: 2 })
    expect(await triageEmails(ctx, {})).toMatchObject({ triaged: 2, failed: 0 })
  })
  afterAll(async () => {
    await mailClient?.logout().catch(() => undefined)
    await dovecot?.stop()
  })

  /** What a second mail client sees: the folder holding the Message-ID and that message's flags. */
  async function onServer(messageId: string): Promise<{ folder: string; flags: string[] } | null> {
    for (const folder of ['INBOX', 'Archive']) {
      const lock = await mailClient.getMailboxLock(folder)
      try {
        const [uid] = (await mailClient.search({ header: { 'message-id': messageId } }, { uid: true })) || []
        if (uid === undefined) continue
        const message = await mailClient.fetchOne(String(uid), { flags: true }, { uid: true })
        return { folder, flags: [...((message && message.flags) || [])] }
      } finally {
        lock.release()
      }
    }
    return null
  }
  const messageIdOf = async (externalId: string) =>
    (await ctx.database.query<{ id: string }>(`SELECT id FROM messages WHERE external_id = $1`, [externalId]))[0].id
  const ruleOf = async (sender: string) => (await listRules(ctx, { sender }))[0]

  it('writes nothing back by default: a correction teaches the rule and leaves the mailbox alone', async () => {
    await correctEmailCategory(ctx, await messageIdOf(onlyTextId), 'junk')
    expect(await ruleOf('text@example.com')).toMatchObject({ labelName: 'junk', writeBack: null })
    expect((await onServer(onlyTextId))?.flags).not.toContain('$Junk')
  })

  it('with a keyword on the rule, the corrected email gets it on the server, seen by a second client', async () => {
    const rule = await ruleOf('text@example.com')
    expect(await updateRule(ctx, rule.id, { writeBack: { kind: 'keyword', target: '$Junk' } })).toMatchObject({
      writeBack: { kind: 'keyword', target: '$Junk' },
    })
    const id = await messageIdOf(onlyTextId)
    await correctEmailCategory(ctx, id, 'junk')
    expect(await onServer(onlyTextId)).toEqual({ folder: 'INBOX', flags: expect.arrayContaining(['$Junk']) })
    const [row] = await ctx.database.query<{ written_back: string }>(`SELECT written_back FROM email_triage WHERE message_id = $1`, [id])
    expect(row.written_back).toBe('keyword:$Junk')
    // The next sync reads the keyword back like any other client's flag change.
    await runSourceSync(ctx, sourceId, 'test')
    const [stored] = await ctx.database.query<{ imap: ImapMessageState }>(`SELECT raw->'imap' AS imap FROM messages WHERE id = $1`, [id])
    expect(stored.imap.flags).toContain('$Junk')
  })

  it('with a folder on the rule, the next email the rule triages is moved, and the sync stores it once', async () => {
    await correctEmailCategory(ctx, await messageIdOf('CAFkiBVw2B=CPf=8=VqBQqssFp7XfGm4u6LpByHuMXWsPZCxPYQ@mail.gmail.com'), 'promotional')
    const rule = await ruleOf('sony@chatwoot.com')
    await updateRule(ctx, rule.id, { writeBack: { kind: 'folder', target: 'Archive' } })
    dovecot.deliver('INBOX', mail('support_1.eml'))
    expect(await runSourceSync(ctx, sourceId, 'test')).toMatchObject({ status: 'completed', stored: 1 })
    expect(await triageEmails(ctx, {})).toMatchObject({ triaged: 1, byRule: 1 })
    expect(await onServer(supportId)).toMatchObject({ folder: 'Archive' })
    const before = await ctx.database.query(`SELECT count(*)::int AS n FROM messages`)
    await runSourceSync(ctx, sourceId, 'test')
    expect(await ctx.database.query(`SELECT count(*)::int AS n FROM messages`)).toEqual(before)
    const [stored] = await ctx.database.query<{ imap: ImapMessageState }>(
      `SELECT raw->'imap' AS imap FROM messages WHERE external_id = $1`,
      [supportId],
    )
    expect(stored.imap.folder).toBe('Archive')
    const triaged = await listTriagedEmails(ctx, { sender: 'sony@chatwoot.com' })
    expect(triaged.map((t) => t.category)).toEqual(['promotional', 'promotional'])
  })
})
