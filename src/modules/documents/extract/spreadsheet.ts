// XLSX with exceljs and CSV with papaparse, to Markdown: one section per sheet, rows as a pipe table (the header
// row first) so a search hit shows the row with its column names.
import type { CellValue } from 'exceljs'
import Papa from 'papaparse'
import { ExtractionError } from './extraction-error.js'
import { decodeText } from './text.js'

/** Big sheets are cut: a 100,000-row export is data, not a document; the first rows say what it holds. */
const maxRowsPerSheet = 2000

export async function xlsxToMarkdown(bytes: Uint8Array): Promise<string> {
  // Loaded on the first workbook, not by every process that loads the documents module.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  } catch (error) {
    throw new ExtractionError('broken', `The XLSX cannot be read (${(error as Error).message}); is it an Excel workbook?`)
  }
  const sections: string[] = []
  workbook.eachSheet((sheet) => {
    const rows: string[][] = []
    sheet.eachRow({ includeEmpty: false }, (row) => {
      if (rows.length >= maxRowsPerSheet) return
      const values: string[] = []
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        values[column - 1] = cellText(cell.value)
      })
      rows.push(Array.from(values, (v) => v ?? ''))
    })
    sections.push(`# ${sheet.name}\n\n${rowsToTable(rows)}`)
  })
  return sections.join('\n\n')
}

function cellText(value: CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value !== 'object') return String(value)
  if ('richText' in value) return value.richText.map((part) => part.text).join('')
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result as CellValue)
  if ('text' in value) return String(value.text)
  if ('error' in value) return String(value.error)
  return ''
}

export function csvToMarkdown(bytes: Uint8Array, name: string): string {
  const text = decodeText(bytes)
  // papaparse guesses the delimiter (comma, semicolon, tab) from the first lines.
  const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true })
  const rows = parsed.data.slice(0, maxRowsPerSheet)
  if (rows.length === 0) throw new ExtractionError('no_text', 'The CSV file has no rows')
  return `# ${name}\n\n${rowsToTable(rows)}`
}

function rowsToTable(rows: string[][]): string {
  if (rows.length === 0) return ''
  const width = Math.max(...rows.map((r) => r.length))
  const cell = (value: string | undefined) =>
    (value ?? '')
      .replace(/\|/g, '\\|')
      .replace(/\s*\n\s*/g, ' ')
      .trim()
  const line = (row: string[]) => `| ${Array.from({ length: width }, (_, i) => cell(row[i])).join(' | ')} |`
  const [header, ...body] = rows
  return [line(header), `|${' --- |'.repeat(width)}`, ...body.map(line)].join('\n')
}
