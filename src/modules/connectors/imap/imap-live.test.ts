// The IMAP connector kept live against a real Dovecot (test/helpers/dovecot.ts): new mail seen through IDLE, flags
// and folder moves made by another mail client (imapflow logged in as the same user), a server restart in the middle
// of a first sync. The connector's first sync, UIDVALIDITY and wrong password are in imap-sync.test.ts.
import fs from 'node:fs'
import path from 'node:path'
import type { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../providers.js'
import { silentLog, testContext } from '../../../../test/helpers/database.js'
import { waitFor } from '../../../../test/helpers/wait-for.js'
import {
  connectMailClient,
  dovecotAvailable,
  dovecotSkipReason,
  imapSourceSettings,
  startDovecot,
  type TestDovecot,
} from '../../../../test/helpers/dovecot.js'
import type { ServiceContext } from '../../../lib/context.js'
import { createConnectedSource, getSource, loadConnectedSource, readWatermark, runSourceSync, writeWatermark } from '../../sources/index.js'
import { folderStream, type FolderWatermark } from './sync-folder.js'
import { startImapIdle } from './idle-watcher.js'
import { startImapPolling } from './poller.js'
import { syncImapMailbox } from './sync-mailbox.js'
import type { ImapMessageState } from './flag-state.js'

const fixtures = path.resolve('test/fixtures/email-imap')
const mail = (name: string) => fs.readFileSync(path.join(fixtures, name))
/** only_text.eml under another Message-ID: many distinct real-format messages. */
const numbered = (n: number) =>
  mail('only_text.eml')
    .toString('latin1')
    .replace(/^Message-ID: .*$/im, `Message-ID: <restart-${n}@signalbox.test>`)
const replyCcId = 'CAFkiBVw2B=CPf=8=VqBQqssFp7XfGm4u6LpByHuMXWsPZCxPYQ@mail.gmail.com'
const onlyTextId = '6215e5ca3e3b2_10bc6197e4224d1@tejaswinis-MacBook-Pro.local.mail'

if (!dovecotAvailable) console.warn(dovecotSkipReason)

describe.skipIf(!dovecotAvailable)('IMAP mailbox kept live against Dovecot', () => {
  let dovecot: TestDovecot
  let ctx: ServiceContext
  let sourceId: string
  let mailClient: ImapFlow

  beforeAll(async () => {
    dovecot = await startDovecot({ user: 'dave' })
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
  })
  afterAll(async () => {
    await mailClient?.logout().catch(() => undefined)
    await dovecot?.stop()
  })

  const countMessages = async () =>
    (await ctx.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE source_id = $1`, [sourceId]))[0].n
  const imapState = async (externalId: string) =>
    (
      await ctx.database.query<{ imap: ImapMessageState }>(
        `SELECT raw->'imap' AS imap FROM messages WHERE source_id = $1 AND external_id = $2`,
        [sourceId, externalId],
      )
    )[0]?.imap
  const watermark = async (folder: string) => JSON.parse((await readWatermark(ctx, sourceId, folderStream(folder)))!) as FolderWatermark
  const countRuns = async () =>
    (await ctx.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_runs WHERE kind = 'sync:imap'`))[0].n
  const uidOf = async (folder: string, messageId: string) => {
    const lock = await mailClient.getMailboxLock(folder)
    try {
      const found = await mailClient.search({ header: { 'message-id': messageId } }, { uid: true })
      return (found || [])[0]
    } finally {
      lock.release()
    }
  }

  it('stores each message with its folder, UID and flags, and the folder HIGHESTMODSEQ in the watermark', async () => {
    expect(await imapState(onlyTextId)).toMatchObject({ folder: 'INBOX', uid: 1, flags: [] })
    // Dovecot announces CONDSTORE: later passes ask only for flags changed since this value.
    expect((await watermark('INBOX')).highestModseq).toMatch(/^\d+$/)
  })

  const idleRuns = () =>
    ctx.database.query<{ trigger: string; status: string }>(
      `SELECT DISTINCT trigger, status FROM job_runs WHERE kind = 'sync:imap' AND trigger = 'idle'`,
    )

  it('mail delivered while the workers hold IDLE is stored without waiting for a poll', async () => {
    const deps = { database: ctx.database, config: ctx.config, log: silentLog, queue: undefined as never }
    const idle = startImapIdle(deps, { scanMs: 100, settleMs: 50 })
    try {
      await waitFor('IDLE sessions on INBOX and Archive', async () => (idle.watchedFolders() === 2 ? true : undefined), 20)
      dovecot.deliver('INBOX', mail('support_1.eml'))
      // pollSeconds is 120 and no poller runs: only the IDLE notice can start this pass.
      // 10 s: well under the poll, and under the 15 s imapflow waits before an IDLE of its own.
      await waitFor('the IDLE-triggered sync to store the new mail', async () => ((await countMessages()) === 3 ? true : undefined), 10)
      // The pass records its run as completed just after the messages are committed.
      await waitFor(
        'the IDLE-triggered pass to finish',
        async () => ((await idleRuns()).some((r) => r.status === 'completed') ? true : undefined),
        10,
      )
    } finally {
      await idle.stop()
    }
    expect(await idleRuns()).toEqual([{ trigger: 'idle', status: 'completed' }])
    expect((await watermark('INBOX')).lastUid).toBe(3)
  })

  it('flags set and cleared by another mail client are kept current: \\Seen, \\Flagged, \\Answered and keywords', async () => {
    const lock = await mailClient.getMailboxLock('INBOX')
    try {
      await mailClient.messageFlagsAdd({ uid: '1' }, ['\\Seen', '\\Flagged', '$Work'], { uid: true })
      await mailClient.messageFlagsAdd({ uid: '2' }, ['\\Answered'], { uid: true })
    } finally {
      lock.release()
    }
    expect(await runSourceSync(ctx, sourceId, 'test')).toMatchObject({ status: 'completed', fetched: 0, stored: 0 })
    expect((await imapState(onlyTextId))?.flags).toEqual(['$Work', '\\Flagged', '\\Seen'])
    expect((await imapState(replyCcId))?.flags).toEqual(['\\Answered'])

    const again = await mailClient.getMailboxLock('INBOX')
    try {
      await mailClient.messageFlagsRemove({ uid: '1' }, ['\\Flagged', '$Work'], { uid: true })
    } finally {
      again.release()
    }
    await runSourceSync(ctx, sourceId, 'test')
    expect((await imapState(onlyTextId))?.flags).toEqual(['\\Seen'])
    expect((await imapState(replyCcId))?.flags).toEqual(['\\Answered'])
  })

  it("without a saved HIGHESTMODSEQ (a server without CONDSTORE, or an older watermark) every known UID's flags are read", async () => {
    const { highestModseq: _dropped, ...withoutModseq } = await watermark('INBOX')
    await writeWatermark(ctx, sourceId, folderStream('INBOX'), JSON.stringify(withoutModseq))
    const lock = await mailClient.getMailboxLock('INBOX')
    try {
      await mailClient.messageFlagsAdd({ uid: '2' }, ['$Later'], { uid: true })
    } finally {
      lock.release()
    }
    await runSourceSync(ctx, sourceId, 'test')
    expect((await imapState(replyCcId))?.flags).toEqual(['$Later', '\\Answered'])
    expect((await imapState(onlyTextId))?.flags).toEqual(['\\Seen'])
    expect((await watermark('INBOX')).highestModseq).toMatch(/^\d+$/)
  })

  it('a message moved to another followed folder is the same message in its new folder, never a duplicate', async () => {
    const lock = await mailClient.getMailboxLock('INBOX')
    try {
      await mailClient.messageMove({ uid: String(await uidOfOpen(mailClient, replyCcId)) }, 'Archive', { uid: true })
    } finally {
      lock.release()
    }
    const result = await runSourceSync(ctx, sourceId, 'test')
    expect(result).toMatchObject({ status: 'completed', fetched: 1, stored: 0, skipped: 1 })
    expect(await countMessages()).toBe(3)
    const moved = await imapState(replyCcId)
    expect(moved).toMatchObject({ folder: 'Archive', uid: await uidOf('Archive', replyCcId), flags: ['$Later', '\\Answered'] })
  })

  it('a server restart in the middle of a sync loses and duplicates nothing: the next pass resumes at the watermark', async () => {
    for (let n = 1; n <= 30; n++) dovecot.deliver('Archive', numbered(n))
    const { source, secrets } = await loadConnectedSource(ctx, sourceId)
    let restarted = false
    const interrupted = syncImapMailbox(ctx, source, secrets, {
      batchSize: 5,
      fetchWindow: 10,
      onProgress: async (counters) => {
        // After the first FETCH window of Archive (10 messages) is stored, the server goes away and comes back.
        if (!restarted && counters.fetched >= 10) {
          restarted = true
          await dovecot.restart()
        }
      },
    })
    await expect(interrupted).rejects.toThrow(/IMAP 127\.0\.0\.1:\d+/)
    const stopped = await watermark('Archive')
    expect(stopped.lastUid).toBeGreaterThanOrEqual(10)
    expect(stopped.lastUid).toBeLessThan(31)

    const resumed = await runSourceSync(ctx, sourceId, 'test')
    expect(resumed).toMatchObject({ status: 'completed', skipped: 0, errors: 0 })
    expect(resumed.fetched).toBe(31 - stopped.lastUid)
    expect((await watermark('Archive')).lastUid).toBe(31)
    const [{ n, distinct }] = await ctx.database.query<{ n: number; distinct: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS distinct FROM messages WHERE source_id = $1 AND external_id LIKE 'restart-%'`,
      [sourceId],
    )
    expect({ n, distinct }).toEqual({ n: 30, distinct: 30 })
  })

  it("a password changed on the server: the source fails once with the server's answer, then neither IDLE nor the poll retries before its backoff", async () => {
    const right = dovecot.password
    await dovecot.setPassword('changed elsewhere')
    try {
      const failed = await runSourceSync(ctx, sourceId, 'test')
      expect(failed).toMatchObject({ status: 'failed', stored: 0 })
      expect(failed.error).toMatch(/rejected the login for dave \(wrong user or password\?\): .*Authentication failed/)
      const view = await getSource(ctx, sourceId)
      expect(view).toMatchObject({ state: 'failing', consecutiveFailures: 1, messageCount: 33 })
      expect(new Date(view.nextRetryAt!).getTime()).toBeGreaterThan(Date.now())

      await ctx.database.query(`UPDATE sources SET last_attempt_at = now() - interval '1 hour' WHERE id = $1`, [sourceId])
      const runsBefore = await countRuns()
      const deps = { database: ctx.database, config: ctx.config, log: silentLog, queue: undefined as never }
      const idle = startImapIdle(deps, { scanMs: 50 })
      const poll = startImapPolling(deps, { scanMs: 50 })
      // About 30 scans of each while the backoff lasts.
      await new Promise((resolve) => setTimeout(resolve, 1500))
      const watched = idle.watchedFolders()
      await Promise.all([idle.stop(), poll.stop()])
      expect(watched).toBe(0)
      expect(await countRuns()).toBe(runsBefore)
    } finally {
      await dovecot.setPassword(right)
    }
  })
})

/** The UID of a message in the mailbox the client has open. */
async function uidOfOpen(client: ImapFlow, messageId: string): Promise<number> {
  const found = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || []
  if (found.length !== 1) throw new Error(`expected one message ${messageId}, found ${found.length}`)
  return found[0]
}
