import { beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { testContext } from '../../../test/helpers/database.js'
import type { ServiceContext } from '../../lib/context.js'
import { runImport } from './run-import.js'
import { getImportRun } from './import-runs.js'

const fixtures = path.resolve('test/fixtures/importers/telegram')
const fixture = (name: string) => path.join(fixtures, name)
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-telegram-test-'))
let ctx: ServiceContext

beforeAll(async () => {
  ctx = await testContext()
})

async function count(sql: string, params: unknown[] = []) {
  return (await ctx.database.query<{ n: number }>(sql, params))[0].n
}

describe('Telegram Desktop export import', () => {
  it('imports a single chat with replies, edits, forwards and media, then adds nothing on a re-run', async () => {
    const first = await runImport(ctx, { kind: 'telegram', path: fixture('oop-result.json') })
    expect(first).toMatchObject({ status: 'completed', fetched: 46, created: 46, failed: 0 })

    const rows = await ctx.database.query<Record<string, any>>(
      `SELECT m.external_id, m.content, m.edited, m.forwarded_from, m.reply_to_message_id, m.attachments, c.title, c.kind,
         i.display_name AS author
       FROM messages m JOIN conversations c ON c.id = m.conversation_id LEFT JOIN identities i ON i.id = m.author_identity_id
       WHERE m.external_id IN ('1712691810:95365', '1712691810:95366', '1712691810:95369', '1712691810:95370')
       ORDER BY m.external_id`,
    )
    const byId = Object.fromEntries(rows.map((r) => [r.external_id.split(':')[1], r]))
    // Text given as an array of entities is joined in order.
    expect(byId['95365'].content).toBe('https://t.me/dotnetcore_id/34404\n\ndapet insight dari ini')
    expect(byId['95365']).toMatchObject({ title: 'Teknologi Umum v2.0', kind: 'group', author: 'Ahmad Tohir' })
    expect(byId['95366'].edited).toBe(true)
    expect(byId['95369'].reply_to_message_id).not.toBeNull()
    expect(byId['95370'].forwarded_from).toBe('Ronny Gunawan ️')
    const withMedia = await count(`SELECT count(*)::int AS n FROM messages WHERE jsonb_array_length(attachments) > 0`)
    expect(withMedia).toBe(1)

    const again = await runImport(ctx, { kind: 'telegram', path: fixture('oop-result.json') })
    expect(again).toMatchObject({ status: 'completed', created: 0, updated: 0, skipped: 46 })
    expect(await count(`SELECT count(*)::int AS n FROM messages WHERE external_id LIKE '1712691810:%'`)).toBe(46)

    const run = await getImportRun(ctx, again.jobRunId)
    expect(run).toMatchObject({ status: 'completed', counts: { fetched: 46, created: 0, skipped: 46, failed: 0 } })
    expect(run.progress.bytesRead).toBe(fs.statSync(fixture('oop-result.json')).size)
  })

  it('imports every chat of a full-account export, left chats and service messages included', async () => {
    const summary = await runImport(ctx, { kind: 'telegram', path: fixture('full-account-result.json') })
    expect(summary).toMatchObject({ status: 'completed', created: 13, failed: 0 })
    const chats = await ctx.database.query<{ title: string; kind: string; n: number }>(
      `SELECT c.title, c.kind, count(m.id)::int AS n FROM conversations c JOIN messages m ON m.conversation_id = c.id
       WHERE c.external_id IN ('9999999999', '44444444444', '9888888888') GROUP BY c.title, c.kind ORDER BY c.title`,
    )
    expect(chats.map((c) => c.n).reduce((a, b) => a + b, 0)).toBe(13)
    const service = await ctx.database.query<{ content: string }>(
      `SELECT content FROM messages WHERE content_kind = 'service' AND external_id = '9888888888:-999678450'`,
    )
    expect(service[0].content).toBe('Ben: create group "test" Ben, BenBot')
  })

  it('keeps the valid messages of a file with wrong types and names each bad one by JSON path', async () => {
    const summary = await runImport(ctx, { kind: 'telegram', path: fixture('error-unexpected.json') })
    expect(summary.status).toBe('completed')
    expect(summary.failed).toBe(3)
    expect(summary.created).toBeGreaterThan(0)
    expect(summary.errors.map((e) => `${e.file}: ${e.position}`)).toEqual([
      'error-unexpected.json: messages[0].type',
      'error-unexpected.json: messages[2].text',
      'error-unexpected.json: messages[7].id',
    ])
    const run = await getImportRun(ctx, summary.jobRunId)
    expect(run.errors).toHaveLength(3)
  })

  it('stops at the break of a truncated export, keeping the messages before it', async () => {
    const whole = fs.readFileSync(fixture('oop-result.json'), 'utf8')
    const cut = whole.indexOf('"id": 95380')
    const file = path.join(tmp, 'truncated.json')
    fs.writeFileSync(
      file,
      whole.slice(0, cut + 20).replace(/95\d{3}/g, (id) => `7${id}`),
    )
    const summary = await runImport(ctx, { kind: 'telegram', path: file })
    expect(summary.status).toBe('failed')
    expect(summary.created).toBe(16) // messages 95364..95379 are complete before the cut
    expect(summary.errors.at(-1)).toMatchObject({ file: 'truncated.json', message: expect.stringMatching(/truncated/) })
    expect(summary.errors.at(-1)!.position).toMatch(/^messages\[16\]/)
  })

  it('names the position of a syntax error (error.json misses a comma upstream)', async () => {
    const summary = await runImport(ctx, { kind: 'telegram', path: fixture('error.json') })
    expect(summary).toMatchObject({ status: 'failed', created: 0, failed: 1 })
    expect(summary.errors[0]).toMatchObject({ file: 'error.json', position: 'id (char 67)' })
    expect(summary.errors[0].message).toMatch(/expected ',' or '}'/)
  })

  it('refuses files that are not UTF-8, naming the byte', async () => {
    const utf16 = path.join(tmp, 'utf16.json')
    fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"messages": []}', 'utf16le')]))
    const a = await runImport(ctx, { kind: 'telegram', path: utf16 })
    expect(a.errors[0]).toMatchObject({ position: 'byte 0', message: expect.stringMatching(/UTF-16/) })

    const latin1 = path.join(tmp, 'latin1.json')
    const bytes = Buffer.from(
      '{"id": 5, "messages": [{"id": 1, "type": "message", "date": "2024-01-01T00:00:00", "text": "caf\xe9"}]}',
      'latin1',
    )
    fs.writeFileSync(latin1, bytes)
    const b = await runImport(ctx, { kind: 'telegram', path: latin1 })
    expect(b).toMatchObject({ status: 'failed', created: 0 })
    expect(b.errors[0]).toMatchObject({ position: `byte ${bytes.indexOf(0xe9)}`, message: expect.stringMatching(/not valid UTF-8/) })
  })

  it('refuses a single value larger than the limit instead of buffering it', async () => {
    const file = path.join(tmp, 'huge.json')
    const fd = fs.openSync(file, 'w')
    fs.writeSync(fd, '{"id": 6, "messages": [{"id": 1, "type": "message", "date": "2024-01-01T00:00:00", "text": "')
    const block = 'x'.repeat(1024 * 1024)
    for (let i = 0; i < 17; i++) fs.writeSync(fd, block)
    fs.writeSync(fd, '"}]}')
    fs.closeSync(fd)
    const summary = await runImport(ctx, { kind: 'telegram', path: file })
    fs.rmSync(file)
    expect(summary.status).toBe('failed')
    expect(summary.errors[0]).toMatchObject({ file: 'huge.json', message: expect.stringMatching(/larger than 16 MiB/) })
    expect(summary.errors[0].position).toMatch(/^messages\[0\]/)
  })
})
