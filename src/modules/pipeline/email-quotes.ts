// Finds the part of an email body its author wrote: quoted replies ("> ..." and the "On ... wrote:" header),
// signatures ("-- ", "Sent from my iPhone") and mailing-list footers are dropped, because the quoted text is
// already indexed as the earlier message and would otherwise be found twice.

/** A kept range of the original text: [start, end) character offsets. */
export type TextRange = { start: number; end: number }

const quoteHeader = [
  /^\s*On\s.{1,200}\swrote:\s*$/i, // Gmail, Thunderbird, Apple Mail
  /^\s*On\s.{1,200}$/i, // "On ... " broken over two lines: checked with the next line (see below)
  /^\s*-{2,}\s*Original Message\s*-{2,}\s*$/i, // Outlook
  /^\s*-{2,}\s*Forwarded message\s*-{2,}\s*$/i,
  /^\s*(?:_{5,}|-{10,})\s*$/, // Outlook's rule above a quoted header, mailing-list footers
  /^\s*\*?From:\*?\s.+$/i, // Outlook's quoted header block starts with From: (bold in HTML-to-text)
  /^\s*Am\s.{1,200}\sschrieb:\s*$/i,
  /^\s*Le\s.{1,200}\sa écrit\s*:\s*$/i,
]
const signatureStart = [/^-- ?$/, /^Sent from my [\w\s-]{2,40}$/i, /^Get Outlook for \w+/i, /^Sent via .{2,40}$/i]

/** Ranges of `body` written by the author of this email (empty input gives one empty range). Replies may be
 * written above the quote (top-posting) or between quoted lines (bottom-posting): quoted lines and their
 * "On ... wrote:" header are skipped, and everything after a signature, an Outlook-style quoted header
 * (whose quote is not marked with ">") or a mailing-list footer is dropped. */
export function authoredEmailRanges(body: string): TextRange[] {
  const lines = splitLines(body)
  let cut = lines.length
  const skipped = new Set<number>()
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].text
    if (signatureStart.some((re) => re.test(text.trimEnd()))) {
      cut = i
      break
    }
    const header = quoteHeaderKind(lines, i)
    if (header === 'unmarked-quote-follows') {
      cut = i
      break
    }
    if (header === 'marked-quote-follows') {
      skipped.add(i)
      if (/^\s*On\s/i.test(text) && !/wrote:\s*$/i.test(text)) skipped.add(i + 1) // header wrapped over two lines
    }
  }
  const ranges: TextRange[] = []
  lines.slice(0, cut).forEach((line, i) => {
    if (skipped.has(i) || /^\s*>/.test(line.text)) return
    const last = ranges[ranges.length - 1]
    if (last && last.end === line.start) last.end = line.end
    else ranges.push({ start: line.start, end: line.end })
  })
  return ranges.length ? ranges : [{ start: 0, end: 0 }]
}

/** The authored text itself, for callers that do not need offsets. */
export function authoredEmailText(body: string): string {
  return authoredEmailRanges(body)
    .map((r) => body.slice(r.start, r.end))
    .join('')
    .trim()
}

/** Whether `text` looks like an email with quoted history (used for messages not marked as email). */
export function looksLikeQuotedEmail(text: string): boolean {
  return /^\s*On\s.{1,200}\swrote:\s*$/im.test(text) || /^\s*-{2,}\s*Original Message\s*-{2,}/im.test(text)
}

/** Whether line i starts a quotation, and whether the quoted text below it is marked with ">". */
function quoteHeaderKind(lines: Array<{ text: string }>, i: number): 'marked-quote-follows' | 'unmarked-quote-follows' | null {
  const text = lines[i].text
  const next = lines[i + 1]?.text ?? ''
  const following = lines.slice(i + 1, i + 4).map((l) => l.text)
  const nextContent = lines.slice(i + 1).find((l) => l.text.trim())?.text ?? ''
  const marked = (lineAfterHeader: string) => (/^\s*>/.test(lineAfterHeader) ? 'marked-quote-follows' : 'unmarked-quote-follows')
  if (quoteHeader[0].test(text) || quoteHeader[6].test(text) || quoteHeader[7].test(text)) return marked(nextContent)
  // "On Tue, ... Abhishek Kona <x@y>\n wrote:" wraps the header over two lines.
  if (quoteHeader[1].test(text) && /^\s*.{0,120}wrote:\s*$/i.test(next)) {
    return marked(lines.slice(i + 2).find((l) => l.text.trim())?.text ?? '')
  }
  if (quoteHeader[2].test(text) || quoteHeader[3].test(text)) return 'unmarked-quote-follows'
  if (quoteHeader[4].test(text)) {
    const footer = /^\s*\*?From:/i.test(nextContent) || /mailing list|unsubscribe|listinfo/i.test(following.join(' '))
    return footer ? 'unmarked-quote-follows' : null
  }
  if (quoteHeader[5].test(text) && /^\s*\*?(Sent|Date|To|Subject):/i.test(next)) return 'unmarked-quote-follows'
  return null
}

function splitLines(body: string): Array<{ text: string; start: number; end: number }> {
  const out: Array<{ text: string; start: number; end: number }> = []
  let start = 0
  while (start <= body.length) {
    const newline = body.indexOf('\n', start)
    const end = newline === -1 ? body.length : newline + 1
    out.push({ text: body.slice(start, newline === -1 ? body.length : newline).replace(/\r$/, ''), start, end })
    if (newline === -1) break
    start = end
  }
  return out
}
