import { beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { testContext } from '../../../test/helpers/database.js'
import type { ServiceContext } from '../../lib/context.js'
import { runImport } from './run-import.js'

const fixture = path.resolve('test/fixtures/importers/jsonl/messages.jsonl')
let ctx: ServiceContext

beforeAll(async () => {
  ctx = await testContext()
})

describe('JSONL import', () => {
  it('stores the valid lines, lists the invalid ones by line number and honours a per-line source', async () => {
    const summary = await runImport(ctx, { kind: 'jsonl', path: fixture })
    expect(summary).toMatchObject({ status: 'completed', fetched: 5, created: 3, failed: 2 })
    expect(summary.errors).toEqual([
      { file: 'messages.jsonl', position: 'line 4', message: expect.stringMatching(/^sentAt: /) },
      { file: 'messages.jsonl', position: 'line 5', message: expect.stringMatching(/^invalid JSON/) },
    ])
    const sources = await ctx.database.query<{ type: string; name: string; n: number }>(
      `SELECT s.type, s.name, count(m.id)::int AS n FROM sources s JOIN messages m ON m.source_id = s.id GROUP BY 1, 2 ORDER BY 2`,
    )
    expect(sources).toEqual([
      { type: 'api', name: 'jsonl:messages.jsonl', n: 2 },
      { type: 'web', name: 'website chat', n: 1 },
    ])
    const again = await runImport(ctx, { kind: 'jsonl', path: fixture })
    expect(again).toMatchObject({ created: 0, skipped: 3, failed: 2 })
  })

  it('skips a line longer than the limit and goes on with the next one', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-jsonl-')), 'huge.jsonl')
    const line = (id: string, content: string) =>
      JSON.stringify({ externalId: id, conversation: { externalId: 'c' }, sentAt: '2026-01-01T00:00:00Z', content })
    fs.writeFileSync(file, `${line('h1', 'short')}\n${line('h2', 'y'.repeat(5 * 1024 * 1024))}\n${line('h3', 'after')}\n`)
    const summary = await runImport(ctx, { kind: 'jsonl', path: file })
    expect(summary).toMatchObject({ created: 2, failed: 1 })
    expect(summary.errors[0]).toMatchObject({ file: 'huge.jsonl', position: 'line 2', message: expect.stringMatching(/longer than 4 MiB/) })
  })
})
