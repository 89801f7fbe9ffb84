// The table-ownership check of `npm run lint`: which SQL and imports count as reaching into another module's tables.
import { describe, expect, it } from 'vitest'
import { findForeignAccesses, findTables, ownerOf } from '../../scripts/check-table-owners.js'

const tables = findTables([
  {
    file: 'src/modules/messages/schema.ts',
    text: `export const messages = pgTable(\n  'messages', {})\nexport const people = pgTable('people', {})`,
  },
  { file: 'src/modules/sources/schema.ts', text: `export const sources = pgTable('sources', {})` },
  { file: 'src/jobs/schema.ts', text: `export const jobRuns = pgTable('job_runs', {})` },
])

describe('check-table-owners', () => {
  it('maps each table to the module that declares it', () => {
    expect(tables.map((t) => `${t.table}:${t.owner}`)).toEqual([
      'messages:src/modules/messages',
      'people:src/modules/messages',
      'sources:src/modules/sources',
      'job_runs:src/jobs',
    ])
    expect(ownerOf('src/modules/connectors/telegram/poller.ts')).toBe('src/modules/connectors')
  })

  it('flags SQL on another module table, with its line', () => {
    const text = `const a = 1\nawait q.query(\`SELECT m.id FROM messages m JOIN sources s ON s.id = m.source_id\`)\n`
    const found = findForeignAccesses('src/modules/search/x.ts', text, tables)
    expect(found.map((f) => `${f.line} ${f.table} ${f.how}`)).toEqual(['2 messages sql', '2 sources sql'])
  })

  it('lets a module use its own tables and ignores prose in comments and non-SQL strings', () => {
    const own = findForeignAccesses('src/modules/messages/q.ts', "query('SELECT * FROM messages')", tables)
    const prose = findForeignAccesses(
      'src/modules/tasks/t.ts',
      "// select the rows from messages\nthrow new Error('No update from sources arrived')",
      tables,
    )
    expect(own).toEqual([])
    expect(prose).toEqual([])
  })

  it('flags INSERT INTO and UPDATE on another module table', () => {
    const text = "query(`INSERT INTO job_runs (id) VALUES ($1)`)\nquery('UPDATE people SET name = $1')"
    expect(findForeignAccesses('src/modules/pipeline/p.ts', text, tables).map((f) => f.table)).toEqual(['job_runs', 'people'])
  })

  it('flags importing another module table object except in table files', () => {
    const text = `import { messages, ingestMessages } from '../messages/index.js'`
    expect(findForeignAccesses('src/modules/topics/labels.ts', text, tables).map((f) => `${f.table} ${f.how}`)).toEqual(['messages import'])
    expect(findForeignAccesses('src/modules/topics/schema.ts', text, tables)).toEqual([])
  })
})
