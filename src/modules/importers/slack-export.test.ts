import { beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import { testContext } from '../../../test/helpers/database.js'
import type { ServiceContext } from '../../lib/context.js'
import { runImport } from './run-import.js'

const fixtures = path.resolve('test/fixtures/importers/slack')
let ctx: ServiceContext

beforeAll(async () => {
  ctx = await testContext()
})

describe('Slack export import', () => {
  it('imports the real 2016 export from its .zip, and the same folder unzipped adds nothing', async () => {
    const zip = await runImport(ctx, { kind: 'slack', path: path.join(fixtures, 'testarchive.zip') })
    expect(zip).toMatchObject({ status: 'completed', created: 158, failed: 0 })
    const folder = await runImport(ctx, { kind: 'slack', path: path.join(fixtures, 'testarchive') })
    expect(folder).toMatchObject({ status: 'completed', created: 0, skipped: 158 })

    const files = await ctx.database.query<{ attachments: Array<{ name: string; size: number }> }>(
      `SELECT attachments FROM messages WHERE external_id = 'C0JL6CGQ2:1459052866.000012'`,
    )
    expect(files[0].attachments[0]).toMatchObject({ kind: 'file', name: '100_cities.js', mimeType: 'text/plain', size: 4163 })
    const mention = await ctx.database.query<{ content: string }>(
      `SELECT content FROM messages WHERE external_id = 'C0JGLMMNX:1452837352.000006'`,
    )
    expect(mention[0].content).toBe('@abilinski: Created an issue for a setup.py so that it can be installed to a standard place')
  })

  it('rebuilds threads, resolves mentions, marks edits and reads groups and DMs', async () => {
    const summary = await runImport(ctx, { kind: 'slack', path: path.join(fixtures, 'threads-export') })
    expect(summary).toMatchObject({ created: 7, failed: 2 })
    expect(summary.errors.map((e) => `${e.file}: ${e.position}`)).toEqual([
      'secret-plans/2024-05-01.json: [1].text',
      'secret-plans/2024-05-01.json: [2].ts',
    ])
    const rows = await ctx.database.query<Record<string, any>>(
      `SELECT m.external_id, m.content, m.content_kind, m.edited, m.thread_external_id, m.reply_to_message_id,
         p.external_id AS parent, c.title, c.kind, i.display_name AS author, i.is_bot
       FROM messages m JOIN conversations c ON c.id = m.conversation_id
       LEFT JOIN messages p ON p.id = m.reply_to_message_id LEFT JOIN identities i ON i.id = m.author_identity_id
       JOIN sources s ON s.id = m.source_id WHERE s.name = 'Slack export T0TEAM' ORDER BY m.sent_at`,
    )
    const at = (ts: string) => rows.find((r) => r.external_id.endsWith(ts))!
    expect(at('1714554000.000100')).toMatchObject({ content_kind: 'service', title: 'general', kind: 'channel' })
    expect(at('1714554060.000200')).toMatchObject({
      content: 'Deploy of v2 is blocked, @Bob Stone can you check the <migration> in #general? See run 42 (https://ci.example.com/run/42)',
      edited: true,
      thread_external_id: 'C0GENERAL:1714554060.000200',
      parent: null,
      author: 'ada.l',
    })
    expect(at('1714554120.000300')).toMatchObject({ parent: 'C0GENERAL:1714554060.000200', author: 'Bob Stone' })
    expect(at('1714554180.000400').parent).toBe('C0GENERAL:1714554060.000200')
    expect(at('1714554240.000500')).toMatchObject({ author: 'CI', is_bot: true })
    expect(at('1714554300.000600')).toMatchObject({ content: 'thanks @Bob Stone!', kind: 'private', title: 'ada.l, Bob Stone' })
    expect(at('1714554360.000700')).toMatchObject({ kind: 'group', title: 'secret-plans' })
  })

  it('reports a broken day file by name and still imports the other days', async () => {
    const summary = await runImport(ctx, { kind: 'slack', path: path.join(fixtures, 'broken-export') })
    expect(summary.status).toBe('completed')
    expect(summary.errors).toEqual([
      expect.objectContaining({ file: 'general/2024-05-02.json', message: expect.stringMatching(/invalid JSON/) }),
    ])
    // The good day was already stored from threads-export (same team, same ids): nothing new, nothing lost.
    expect(summary).toMatchObject({ created: 0, skipped: 5, failed: 1 })
  })

  it('says so when the path is not a Slack export', async () => {
    const summary = await runImport(ctx, { kind: 'slack', path: path.resolve('test/fixtures/importers/jsonl') })
    expect(summary.status).toBe('failed')
    expect(summary.errors[0].message).toMatch(/not a Slack export/)
  })
})
