// The analyser change of issue 24 (migrations *_search_analyser, *_search_analyser_columns, *_search_reindex) on a
// database that already holds indexed messages: the stored chunks are indexed again, with the new lexemes and
// lengths in chunk_search and the BM25 statistics recounted, and search finds a hyphenated word by its parts.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate } from 'drizzle-orm/pglite/migrator'
import { migrateDatabase, migrationsFolder, openPglite, type Database } from '../../db/client.js'
import { testContext } from '../../../test/helpers/database.js'
import { ingestMessages } from '../messages/index.js'
import { indexMessages } from '../pipeline/index.js'
import { rankChunksFulltext } from './chunk-rankings.js'

/** The migrations folder as it was before the analyser change: the journal cut before *_search_analyser. */
function migrationsBeforeAnalyser(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-migrations-'))
  fs.cpSync(migrationsFolder, folder, { recursive: true })
  const journalFile = path.join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> }
  const cut = journal.entries.findIndex((e) => e.tag.endsWith('_search_analyser'))
  expect(cut).toBeGreaterThan(0)
  journal.entries = journal.entries.slice(0, cut)
  fs.writeFileSync(journalFile, JSON.stringify(journal))
  return folder
}

let database: Database | undefined
afterAll(async () => database?.close())

describe('the search analyser migration', () => {
  // Migrates a fresh database twice (up to the change, then the rest): minutes on a loaded machine.
  it(
    'indexes chunks stored before it again: parts of hyphenated words, lengths in words, BM25 statistics recounted',
    { timeout: 300_000 },
    async () => {
      database = await openPglite()
      await database.exec('CREATE EXTENSION IF NOT EXISTS vector; CREATE EXTENSION IF NOT EXISTS pg_trgm;')
      await migrate(database.db as unknown as Parameters<typeof migrate>[0], { migrationsFolder: migrationsBeforeAnalyser() })
      const ctx = await testContext(database)
      const stored = await ingestMessages(ctx, {
        source: { type: 'api', name: 'before' },
        messages: [
          {
            externalId: 'a',
            conversation: { externalId: 'c' },
            sentAt: '2026-01-01T00:00:00Z',
            content: 'Anti-inflammatory drugs reduce the swelling of the knee swelling',
          },
          {
            externalId: 'b',
            conversation: { externalId: 'c' },
            sentAt: '2026-01-01T00:01:00Z',
            content: 'The knee recovered without drugs',
          },
        ],
      })
      await indexMessages(ctx, stored.changedMessageIds)
      const lexemes = async () =>
        (await database!.query<{ lexeme: string }>(`SELECT DISTINCT u.lexeme FROM chunk_search c, unnest(c.search_vector) u`)).map(
          (r) => r.lexeme,
        )
      expect(await lexemes()).toContain('anti-inflammatori') // the whole compound, as `english` indexes it

      await migrateDatabase(database)

      expect(await lexemes()).not.toContain('anti-inflammatori')
      expect(await lexemes()).toEqual(expect.arrayContaining(['anti', 'inflammatori', 'swell']))
      // doc_length counts words: "swelling" twice, stop words not at all.
      const lengths = await database.query<{ doc_length: number; expected: number }>(
        `SELECT s.doc_length, (SELECT count(*) FROM unnest(s.search_vector) u, unnest(u.positions) p)::int AS expected FROM chunk_search s`,
      )
      expect(lengths.map((r) => r.doc_length).sort()).toEqual([4, 7])
      for (const r of lengths) expect(r.doc_length).toBe(r.expected)
      const [stats] = await database.query<{ documents: number; total: number; knee: number; compound: number }>(
        `SELECT document_count AS documents, total_length::int AS total,
         (SELECT document_frequency FROM bm25_terms WHERE term = 'knee') AS knee,
         (SELECT count(*)::int FROM bm25_terms WHERE term = 'anti-inflammatori') AS compound
       FROM bm25_corpus WHERE workspace_id = $1`,
        [ctx.workspaceId],
      )
      expect(stats).toEqual({ documents: 2, total: 11, knee: 2, compound: 0 })
      const ranked = await rankChunksFulltext(ctx, { q: 'anti-inflammatory', limit: 5 })
      expect(ranked.map((r) => r.messageId)).toEqual([stored.changedMessageIds[0]])
    },
  )
})
