// Replays issue 18 item 4 (one NUL, lone surrogate or year-0 date sank a whole Telegram export with a raw
// PostgreSQL error; a JSON file that is not an export "completed" with zero counts) and fuzzes the parsers with
// fast-check: whatever an export holds, every item is either reported or storable, and nothing else is lost.
import { beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { testContext } from '../helpers/database.js'
import type { ServiceContext } from '../../src/lib/context.js'
import { findUnstorableValue, isStorableTime } from '../../src/lib/storable-values.js'
import { ingestMessageSchema } from '../../src/modules/messages/index.js'
import { runImport } from '../../src/modules/importers/run-import.js'
import { getImportRun } from '../../src/modules/importers/import-runs.js'
import { parseTelegramExport } from '../../src/modules/importers/telegram-export.js'
import { parseJsonl } from '../../src/modules/importers/jsonl.js'
import { ImportFileError, type ImportItem, type ImportParser } from '../../src/modules/importers/import-types.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-security-importers-'))
let fileCounter = 0
const writeFile = (name: string, text: string) => {
  const file = path.join(tmp, `${++fileCounter}-${name}`)
  fs.writeFileSync(file, text)
  return file
}
const chatExport = (messages: unknown[]) => JSON.stringify({ name: 'Fuzz chat', type: 'private_group', id: 4242, messages })

let ctx: ServiceContext
beforeAll(async () => {
  ctx = await testContext()
}, 300_000)

const telegramMessage = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'message',
  date: '2024-02-01T10:00:00',
  date_unixtime: String(1706781600 + id),
  from: 'Ann',
  from_id: 'user1',
  text: `message ${id}`,
  ...extra,
})

describe('Telegram export with bad items', () => {
  it('stores the good messages and reports each bad one with its position', async () => {
    const file = writeFile(
      'seven.json',
      chatExport([
        telegramMessage(1),
        telegramMessage(2, { text: 'a\u0000b' }),
        telegramMessage(3),
        telegramMessage(4, { from: 'broken \ud800 name' }),
        telegramMessage(5, { date: '0000-01-01T00:00:00', date_unixtime: undefined }),
        telegramMessage(6, { date_unixtime: '99999999999999999999' }),
        telegramMessage(7),
        telegramMessage(8, { type: 'service', actor: 'Ann', actor_id: 'user1', action: 'pin_message', text: '' }),
      ]),
    )
    const summary = await runImport(ctx, { kind: 'telegram', path: file })
    // Chat messages and service events counted apart (issue 17 item 6: "3,398 created" for 2,996 + 402).
    expect(summary).toMatchObject({ status: 'completed', fetched: 8, created: 4, createdServiceEvents: 1, failed: 4 })
    expect((await getImportRun(ctx, summary.jobRunId)).counts).toMatchObject({ created: 4, createdServiceEvents: 1 })
    expect(summary.errors.map((e) => e.position)).toEqual([
      expect.stringContaining('messages[1]'),
      expect.stringContaining('messages[3]'),
      expect.stringContaining('messages[4]'),
      expect.stringContaining('messages[5]'),
    ])
    expect(summary.errors[0].message).toMatch(/NUL/)
  })

  it.each([
    ['an unrelated object', '{"foo": 1}'],
    ['messages that are not a list', '{"messages": {"a": 1}}'],
  ])('fails a JSON file that is not an export (%s) with a clear message', async (_, text) => {
    const summary = await runImport(ctx, { kind: 'telegram', path: writeFile('not-export.json', text) })
    expect(summary.status).toBe('failed')
    expect(summary.errors[0].message).toMatch(/not a Telegram Desktop export/)
  })
})

// Strings that broke the store once, mixed with arbitrary ones.
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000', 'a\ud800', '\udc00b', '', '0000-01-01T00:00:00', '99999999999999999999', '-1', '1e400'),
)
const anyScalar = fc.oneof(nastyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null))
const fuzzedTelegramMessage = fc.record(
  {
    id: fc.oneof(fc.integer({ min: 0, max: 50 }), nastyString),
    type: fc.constantFrom('message', 'service', 'other'),
    date: fc.oneof(
      fc.integer({ min: -5000, max: 12000 }).map((y) => `${String(y).padStart(4, '0')}-01-01T00:00:00`),
      nastyString,
    ),
    date_unixtime: fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String), nastyString),
    from: anyScalar,
    from_id: anyScalar,
    actor: anyScalar,
    text: fc.oneof(nastyString, fc.array(fc.oneof(nastyString, fc.record({ type: nastyString, text: anyScalar })), { maxLength: 4 })),
    reply_to_message_id: anyScalar,
    edited: anyScalar,
    forwarded_from: anyScalar,
    photo: anyScalar,
    file: anyScalar,
    file_name: anyScalar,
    media_type: anyScalar,
    members: fc.array(anyScalar, { maxLength: 3 }),
    extra: fc.jsonValue({ maxDepth: 4 }),
  },
  { requiredKeys: ['type'] },
)
const fuzzedJsonlLine = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .record({
      externalId: nastyString,
      conversation: fc.record({ externalId: nastyString, title: anyScalar }, { requiredKeys: ['externalId'] }),
      sentAt: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        nastyString,
      ),
      content: nastyString,
      raw: fc.jsonValue({ maxDepth: 5 }),
    })
    .map((v) => JSON.stringify(v)),
  nastyString,
)

async function collect(parser: ImportParser, file: string): Promise<ImportItem[]> {
  const items: ImportItem[] = []
  for await (const item of parser(file, { bytesRead: 0, bytesTotal: 0 })) items.push(item)
  return items
}

/** The invariant of every parser: each item is reported, or valid and storable as it stands. */
function assertReportedOrStorable(items: ImportItem[]) {
  for (const item of items) {
    if ('error' in item) {
      expect(item.error.position).toBeTruthy()
      continue
    }
    const parsed = ingestMessageSchema.safeParse(item.message)
    if (!parsed.success) continue // run-import reports it with the path
    expect(findUnstorableValue(parsed.data)).toBeNull()
    expect(isStorableTime(Date.parse(parsed.data.sentAt))).toBe(true)
  }
}

describe('importer parsers under property-based fuzzing', () => {
  it('the Telegram parser yields one reported-or-storable item per message and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fuzzedTelegramMessage, { maxLength: 12 }), async (messages) => {
        const items = await collect(parseTelegramExport, writeFile('fuzz.json', chatExport(messages)))
        expect(items).toHaveLength(messages.length)
        assertReportedOrStorable(items)
      }),
      { numRuns: 150, seed: 18 },
    )
  })

  it('the JSONL parser yields reported-or-storable items and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fuzzedJsonlLine, { maxLength: 12 }), async (lines) => {
        const text = lines.map((l) => l.replace(/[\r\n]/g, ' ')).join('\n')
        const items = await collect(parseJsonl, writeFile('fuzz.jsonl', text)).catch((error) => {
          // Invalid UTF-8 is the one whole-file failure, and it must say so.
          expect(error).toBeInstanceOf(ImportFileError)
          return null
        })
        if (items) assertReportedOrStorable(items)
      }),
      { numRuns: 150, seed: 18 },
    )
  })

  it('a fuzzed Telegram export imports without a database error, every item counted once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fuzzedTelegramMessage, { minLength: 1, maxLength: 10 }), async (messages) => {
        const summary = await runImport(ctx, { kind: 'telegram', path: writeFile('fuzz-db.json', chatExport(messages)) })
        expect(summary.status).toBe('completed')
        expect(summary.created + summary.updated + summary.skipped + summary.failed).toBe(summary.fetched)
      }),
      { numRuns: 12, seed: 18 },
    )
  })
})
