// PDF to Markdown with pdf.js: the text layer page by page; lines set in a font clearly larger than the body text
// become headings (the larger the font, the higher the level), since most PDFs carry no structure tags.
import { ExtractionError } from './extraction-error.js'

type TextItem = { str: string; height: number; transform: number[]; fontName: string }
/** A line of a page: its text, its largest font size, its font, and the gap above it (a new paragraph when large). */
type Line = { text: string; size: number; font: string; gapAbove: number }

/** pdf.js is large: loaded on the first PDF only, so the CLI and server start without it. */
async function loadPdfJs() {
  return import('pdfjs-dist/legacy/build/pdf.mjs')
}

export async function pdfToMarkdown(bytes: Uint8Array): Promise<string> {
  const pdfjs = await loadPdfJs()
  // pdf.js takes ownership of (detaches) the buffer it is given, so it gets a copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
    stopAtErrors: false,
  })
  let document
  try {
    document = await task.promise
  } catch (error) {
    const name = (error as Error).name
    if (name === 'PasswordException') {
      throw new ExtractionError('encrypted', 'The PDF is encrypted with a password; remove the password and upload it again')
    }
    throw new ExtractionError('broken', `The PDF cannot be read (${(error as Error).message}); the file may be damaged or not a PDF`)
  }
  try {
    const lines: Line[] = []
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
      const page = await document.getPage(pageNumber)
      const content = await page.getTextContent()
      lines.push(...toLines(content.items as TextItem[]))
      page.cleanup()
    }
    if (!lines.some((line) => line.text.trim())) {
      throw new ExtractionError(
        'no_text',
        `No text layer in ${document.numPages} page(s): the PDF is a scan or images only; it needs OCR before it can be indexed`,
      )
    }
    return linesToMarkdown(lines)
  } finally {
    await document.destroy()
  }
}

/** Items are grouped into lines by their baseline (transform[5]); producers disagree on where they put hasEOL. */
function toLines(items: TextItem[]): Line[] {
  const lines: Line[] = []
  let current: (Line & { y: number }) | null = null
  let previousY: number | null = null
  for (const item of items) {
    if (typeof item.str !== 'string' || !item.str) continue
    const y = item.transform[5]
    const height = Math.round(item.height * 10) / 10
    if (!current || Math.abs(y - current.y) > Math.max(current.size, height, 1) * 0.5) {
      if (current) lines.push(current)
      const gapAbove: number = previousY === null ? 0 : Math.abs(previousY - y)
      current = { text: '', size: 0, font: item.fontName, gapAbove, y }
      previousY = y
    }
    current.text += item.str
    if (item.str.trim() && height > current.size) {
      current.size = height
      current.font = item.fontName
    }
  }
  if (current) lines.push(current)
  return lines.map((line) => ({ ...line, text: line.text.replace(/\s+/g, ' ').trim() })).filter((line) => line.text)
}

/** The body is the size and font most characters are set in. A line is a heading when it is short and has letters,
 * and either its font is >= 8% larger than the body's (larger ranks higher) or it stands alone (a paragraph gap
 * above it) in another font than the body's without ending like a sentence (a bold heading at body size). */
function linesToMarkdown(lines: Line[]): string {
  const chars = (key: (line: Line) => string | number) => {
    const counts = new Map<string | number, number>()
    for (const line of lines) counts.set(key(line), (counts.get(key(line)) ?? 0) + line.text.length)
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0]
  }
  const bodySize = Number(chars((line) => line.size) ?? 0)
  const bodyFont = String(chars((line) => line.font) ?? '')
  const headingSizes = [...new Set(lines.map((line) => line.size))].filter((size) => size >= bodySize * 1.08).sort((a, b) => b - a)
  const out: string[] = []
  let paragraph: string[] = []
  const flush = () => {
    if (paragraph.length) out.push(joinHyphenated(paragraph))
    paragraph = []
  }
  const paragraphGap = bodySize * 1.6
  lines.forEach((line, index) => {
    const next = lines[index + 1]
    const looksLikeHeading =
      line.text.length <= 120 && /\p{L}/u.test(line.text) && !/[.,;:]$/.test(line.text) && !/^[•●▪◦\-–*]/u.test(line.text)
    const rank = headingSizes.indexOf(line.size)
    const standsAlone = (index === 0 || line.gapAbove > paragraphGap) && (!next || next.gapAbove > paragraphGap || next.font !== line.font)
    const level = rank >= 0 ? rank + 1 : line.font !== bodyFont && standsAlone ? headingSizes.length + 1 : 0
    if (looksLikeHeading && level > 0) {
      flush()
      out.push(`${'#'.repeat(Math.min(level, 6))} ${line.text}`)
      return
    }
    if (line.gapAbove > paragraphGap) flush()
    paragraph.push(line.text)
  })
  flush()
  return out.join('\n\n')
}

/** Lines of a paragraph joined with spaces; a word broken by a hyphen at the end of a line is mended. */
function joinHyphenated(lines: string[]): string {
  return lines.reduce((text, line) => (/\p{L}-$/u.test(text) ? text.slice(0, -1) + line : text ? `${text} ${line}` : line), '')
}
