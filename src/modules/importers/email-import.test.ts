import { beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { testContext } from '../../../test/helpers/database.js'
import type { ServiceContext } from '../../lib/context.js'
import { runImport } from './run-import.js'
import { findQuote } from './email-message.js'
import { folderAsUpload } from './folder-upload.js'

const fixtures = path.resolve('test/fixtures/importers/email')
const fixture = (name: string) => path.join(fixtures, name)
let ctx: ServiceContext

beforeAll(async () => {
  ctx = await testContext()
})

type Row = {
  external_id: string
  content: string
  raw: any
  attachments: any[]
  conversation: string
  title: string
  parent: string | null
  author: string | null
}
async function message(externalId: string): Promise<Row> {
  const rows = await ctx.database.query<Row>(
    `SELECT m.external_id, m.content, m.raw, m.attachments, c.external_id AS conversation, c.title, p.external_id AS parent,
       i.external_id AS author
     FROM messages m JOIN conversations c ON c.id = m.conversation_id LEFT JOIN messages p ON p.id = m.reply_to_message_id
     LEFT JOIN identities i ON i.id = m.author_identity_id WHERE m.external_id = $1`,
    [externalId],
  )
  return rows[0]
}

describe('email import', () => {
  it('imports a real mailing-list mbox with threads rebuilt from In-Reply-To and References', async () => {
    const summary = await runImport(ctx, { kind: 'email', path: fixture('httpd-users-200606-part.mbox') })
    expect(summary).toMatchObject({ status: 'completed', created: 12, failed: 0 })

    const root = await message('BAY103-F28070ECF509B48E8F10ECEC2910@phx.gbl')
    expect(root.conversation).toBe(root.external_id)
    expect(root.title).toMatch(/^\[users@httpd\] bug\? LogFormat "%\{tid\}P" gives wrong tid/)
    const replies = await ctx.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE c.external_id = $1 AND m.reply_to_message_id IS NOT NULL`,
      [root.external_id],
    )
    expect(replies[0].n).toBeGreaterThan(0)
    const threads = await ctx.database.query<{ n: number }>(
      `SELECT count(DISTINCT conversation_id)::int AS n FROM messages WHERE content_kind = 'email'`,
    )
    expect(threads[0].n).toBeLessThan(12)

    const again = await runImport(ctx, { kind: 'email', path: fixture('httpd-users-200606-part.mbox') })
    expect(again).toMatchObject({ created: 0, skipped: 12 })
  })

  it('turns HTML-only mail into clean text, records attachments and marks the quoted reply', async () => {
    const summary = await runImport(ctx, { kind: 'email', path: fixtures })
    expect(summary.status).toBe('completed')
    const files = fs.readdirSync(fixtures).filter((f) => /\.(eml|mbox)$/.test(f))
    expect(summary.fetched).toBe(12 + files.filter((f) => f.endsWith('.eml')).length)

    const html = await ctx.database.query<{ content: string }>(`SELECT content FROM messages WHERE content LIKE 'test html only mail%'`)
    expect(html[0].content).not.toMatch(/<[a-z]+[ >]/i)

    const attached = await ctx.database.query<{ attachments: Array<{ name: string; mimeType: string; size: number }> }>(
      `SELECT attachments FROM messages WHERE content LIKE 'multiple attachments%'`,
    )
    expect(attached[0].attachments).toHaveLength(30) // the .eml carries 30 Content-Disposition parts
    expect(attached[0].attachments[0]).toMatchObject({ name: 'Screenshot 2023-05-03 at 3.32.04 PM.png', mimeType: 'image/png' })
    expect(attached[0].attachments[0]).toHaveProperty('size') // the fixture's parts are empty placeholders

    const quoted = await ctx.database.query<{ content: string; raw: { quote: { offset: number; marker: string } } }>(
      `SELECT content, raw FROM messages WHERE raw->>'quote' IS NOT NULL AND content ILIKE '%Any update on this%'`,
    )
    const { content, raw } = quoted[0]
    expect(content.slice(raw.quote.offset)).toMatch(/^On .*wrote:/s)
    expect(content.slice(0, raw.quote.offset)).not.toMatch(/Any update on this/)
  })

  it('finds the quote of a bottom-quoted reply and ignores interleaved answers', () => {
    expect(findQuote('Sounds good.\n\nOn Tue, 3 Jan 2023, Ada <ada@example.com> wrote:\n> Shall we ship?\n> Ada')).toEqual({
      offset: 14,
      marker: 'On Tue, 3 Jan 2023, Ada <ada@example.com> wrote:',
    })
    expect(findQuote('> question one\nanswer one\n> question two\nanswer two')).toBeNull()
    expect(findQuote('No quote at all')).toBeNull()
  })

  it('reports a message without any date, naming the mbox message and line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-mbox-'))
    const file = path.join(dir, 'two.mbox')
    fs.writeFileSync(
      file,
      'From ada@example.com Mon Jan  1 10:00:00 2024\nFrom: ada@example.com\nMessage-ID: <a1@example.com>\nSubject: ok\n\nfine\n>From the mbox escaping\n\n' +
        'From \nFrom: bob@example.com\nMessage-ID: <b1@example.com>\nSubject: no date\n\nbody\n',
    )
    const summary = await runImport(ctx, { kind: 'email', path: file })
    expect(summary).toMatchObject({ created: 1, failed: 1 })
    expect(summary.errors[0]).toMatchObject({ file: 'two.mbox', position: 'message 2 (line 9): Date' })
    // The From_ line gave the date of the first message; its escaped body line is unescaped.
    const first = await message('a1@example.com')
    expect(first.content).toBe('ok\n\nfine\nFrom the mbox escaping')
    expect(first.author).toBe('ada@example.com')
  })
})

describe('email import from a .zip', () => {
  it('imports a zipped mail folder (what the CLI uploads to a server) exactly as the folder', async () => {
    const folderCtx = await testContext()
    const folder = await runImport(folderCtx, { kind: 'email', path: path.resolve('test/fixtures/importers/email') })
    const upload = await folderAsUpload('email', path.resolve('test/fixtures/importers/email'))
    try {
      const zipCtx = await testContext()
      const zipped = await runImport(zipCtx, { kind: 'email', path: upload.file })
      expect(zipped).toMatchObject({ status: 'completed', failed: folder.failed, created: folder.created })
      expect(zipped.created).toBeGreaterThanOrEqual(16)
    } finally {
      upload.cleanup()
    }
    expect(fs.existsSync(upload.file)).toBe(false)
  })
})
