// One entry point from a file's bytes to Markdown: the format is chosen by the file name's extension (what a
// folder, WebDAV or an upload reliably gives), each format through its maintained library.
import path from 'node:path'
import { ExtractionError } from './extraction-error.js'
import { pdfToMarkdown } from './pdf.js'
import { docxToMarkdown } from './docx.js'
import { pptxToMarkdown } from './pptx.js'
import { csvToMarkdown, xlsxToMarkdown } from './spreadsheet.js'
import { htmlToMarkdown } from './html.js'
import { decodeText, textToMarkdown } from './text.js'

type Format = { fileType: string; mimeType: string; toMarkdown: (bytes: Uint8Array, name: string) => Promise<string> | string }

const formats: Record<string, Format> = {
  pdf: { fileType: 'pdf', mimeType: 'application/pdf', toMarkdown: pdfToMarkdown },
  docx: {
    fileType: 'docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    toMarkdown: docxToMarkdown,
  },
  pptx: {
    fileType: 'pptx',
    mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    toMarkdown: pptxToMarkdown,
  },
  xlsx: { fileType: 'xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', toMarkdown: xlsxToMarkdown },
  csv: { fileType: 'csv', mimeType: 'text/csv', toMarkdown: csvToMarkdown },
  html: { fileType: 'html', mimeType: 'text/html', toMarkdown: (bytes) => htmlToMarkdown(decodeText(bytes)) },
  md: { fileType: 'md', mimeType: 'text/markdown', toMarkdown: textToMarkdown },
  txt: { fileType: 'txt', mimeType: 'text/plain', toMarkdown: textToMarkdown },
}
const aliases: Record<string, string> = { htm: 'html', markdown: 'md', text: 'txt', log: 'txt', tsv: 'csv' }

/** Larger files are refused before parsing: one 200 MB upload must not take the server's memory. */
export const maxDocumentBytes = 50 * 1024 * 1024

export const supportedExtensions = [...Object.keys(formats), ...Object.keys(aliases)]

export function documentFormat(name: string): { fileType: string; mimeType: string } | null {
  const extension = path.extname(name).slice(1).toLowerCase()
  const format = formats[aliases[extension] ?? extension]
  return format ? { fileType: format.fileType, mimeType: format.mimeType } : null
}

export type ExtractedDocument = { markdown: string; fileType: string; mimeType: string }

/** Markdown of the document, or an ExtractionError saying why there is none. */
export async function extractDocument(name: string, bytes: Uint8Array): Promise<ExtractedDocument> {
  const extension = path.extname(name).slice(1).toLowerCase()
  const format = formats[aliases[extension] ?? extension]
  if (!format) {
    throw new ExtractionError(
      'unsupported',
      `Files of type "${extension || '(none)'}" are not read; supported: ${supportedExtensions.join(', ')}`,
    )
  }
  if (bytes.byteLength > maxDocumentBytes) {
    throw new ExtractionError('too_large', `The file has ${bytes.byteLength} bytes; the limit is ${maxDocumentBytes}`)
  }
  const markdown = (await format.toMarkdown(bytes, path.basename(name))).trim()
  if (!markdown) throw new ExtractionError('no_text', 'The document contains no text')
  return { markdown, fileType: format.fileType, mimeType: format.mimeType }
}
