// A module's tables are read and written only by its own files (CONTRIBUTING.md, "Module rules"). This check maps
// every table to the module whose schema file declares it, then scans every other source file for SQL naming that
// table (FROM / JOIN / INTO / UPDATE / TABLE) and for imports of its Drizzle table object. `npm run lint` runs it;
// it prints each access as file:line and exits 1 when one is not on the allow-list below.
import fs from 'node:fs'
import path from 'node:path'

/** "src/modules/<module>" for module files, else the top folder ("src/jobs", "src/cli", ...). */
export function ownerOf(file: string): string {
  const parts = file.split('/')
  if (parts[0] === 'src' && parts[1] === 'modules' && parts.length > 3) return `src/modules/${parts[2]}`
  if (parts[0] === 'src' && parts.length > 2) return `src/${parts[1]}`
  return parts[0]
}

export type TableDeclaration = { table: string; exportName: string; owner: string; file: string }

/** Every `export const x = pgTable('name', ...)` of the given schema files. */
export function findTables(files: { file: string; text: string }[]): TableDeclaration[] {
  const declaration = /export const (\w+)\s*=\s*pgTable\(\s*'([a-z0-9_]+)'/g
  return files.flatMap(({ file, text }) =>
    [...text.matchAll(declaration)].map((match) => ({
      exportName: match[1],
      table: match[2],
      owner: ownerOf(file),
      file,
    })),
  )
}

export type TableAccess = { file: string; line: number; table: string; owner: string; how: 'sql' | 'import' }

// SQL lives in string and template literals; a table is named after one of these keywords.
const sqlKeyword = String.raw`\b(?:from|join|into|update|table|truncate)\s+(?:only\s+)?`

/** The string and template literals of a source file, with the offset where each starts. */
function literals(text: string): { start: number; body: string }[] {
  const found: { start: number; body: string }[] = []
  const literal = /`(?:\\[\s\S]|[^`\\])*`|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g
  // Comments may mention tables in prose ("rows come from messages"); blank them first, keeping offsets.
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`])\/\/[^\n]*/g, (comment) => comment.replace(/[^\n]/g, ' '))
  for (const match of withoutComments.matchAll(literal)) found.push({ start: match.index, body: match[0] })
  return found
}

/** A statement or a fragment of one (`JOIN x ON ...` built apart); error messages and prose start otherwise. */
function looksLikeSql(literal: string): boolean {
  const body = literal.slice(1).trimStart()
  const statementStart =
    /^\(?\s*(select|insert|update|delete|with|alter|truncate|lock|from|join|left join|inner join|where|and|or|exists|not exists)\b/i
  return statementStart.test(body) || /\bselect\b[\s\S]*\bfrom\b/i.test(body)
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length
}

/** Accesses of `file` to tables owned elsewhere. Table files may import others' tables for foreign keys. */
export function findForeignAccesses(file: string, text: string, tables: TableDeclaration[]): TableAccess[] {
  const owner = ownerOf(file)
  const foreign = tables.filter((table) => table.owner !== owner)
  const accesses: TableAccess[] = []
  if (foreign.length === 0) return accesses
  const byTable = new Map(foreign.map((table) => [table.table, table]))
  const names = [...byTable.keys()].join('|')
  const sqlPattern = new RegExp(`${sqlKeyword}"?(${names})"?\\b(?![.(-])`, 'gi')
  for (const { start, body } of literals(text)) {
    if (!looksLikeSql(body)) continue
    for (const match of body.matchAll(sqlPattern)) {
      const table = byTable.get(match[1].toLowerCase())!
      accesses.push({ file, line: lineAt(text, start + match.index), table: table.table, owner: table.owner, how: 'sql' })
    }
  }
  if (/(^|\/)[\w-]*schema\.ts$/.test(file)) return accesses
  const byExport = new Map(foreign.map((table) => [table.exportName, table]))
  const importStatement = /import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g
  for (const match of text.matchAll(importStatement)) {
    if (!match[2].startsWith('.')) continue
    for (const imported of match[1].split(',')) {
      const name = imported
        .trim()
        .split(/\s+as\s+/)[0]
        .replace(/^type\s+/, '')
      const table = byExport.get(name)
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[2]))
      // Only the owner's files can hand the table object over; a same-named local export is something else.
      if (table && ownerOf(target + (target.endsWith('.js') ? '' : '/x')) === table.owner)
        accesses.push({ file, line: lineAt(text, match.index), table: table.table, owner: table.owner, how: 'import' })
    }
  }
  return accesses
}

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.posix.join(directory, entry.name)
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourceFiles(full)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : []
  })
}

function main() {
  const files = sourceFiles('src').map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }))
  const tables = findTables(files.filter(({ file }) => /schema\.ts$/.test(file) && file !== 'src/db/schema.ts'))
  const allowList = readAllowList()
  const accesses = files
    .filter(({ file }) => file !== 'src/db/schema.ts')
    .flatMap(({ file, text }) => findForeignAccesses(file, text, tables))
  const unexplained = accesses.filter((access) => !allowList.has(`${access.file} ${access.table}`))
  const unused = [...allowList].filter((entry) => !accesses.some((access) => `${access.file} ${access.table}` === entry))
  for (const access of unexplained)
    console.error(
      `${access.file}:${access.line} ${access.how === 'sql' ? 'SQL on' : 'imports'} ${access.table}, a table of ${access.owner}`,
    )
  // Only a warning: an entry another branch has just made unnecessary must not turn the merged tree red.
  for (const entry of unused) console.warn(`scripts/table-owners-allowed.txt: "${entry}" no longer occurs; remove it`)
  if (unexplained.length > 0) {
    console.error(
      `${unexplained.length} access(es) to another module's tables: call the owning module's exported function instead ` +
        `(CONTRIBUTING.md, "Module rules"), or, for a measured hot path, add "<file> <table>" with a comment to scripts/table-owners-allowed.txt`,
    )
    process.exit(1)
  }
  console.log(`table owners: ${tables.length} tables, ${files.length} files, ${accesses.length} allowed cross-module accesses`)
}

/** "<file> <table>" lines; `#` starts a comment saying why the access is allowed. */
function readAllowList(): Set<string> {
  const text = fs.readFileSync('scripts/table-owners-allowed.txt', 'utf8')
  return new Set(
    text
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim().split(/\s+/).join(' '))
      .filter(Boolean),
  )
}

if (import.meta.url === `file://${path.resolve(process.argv[1] ?? '')}`) main()
