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
  /^\s*_{5,}\s*$/, // Outlook's rule above a quoted header, mailing-list footers
  /^\s*From:\s.+$/i, // Outlook's quoted header block starts with From:
  /^\s*Am\s.{1,200}\sschrieb:\s*$/i,
  /^\s*Le\s.{1,200}\sa écrit\s*:\s*$/i,
]
const signatureStart = [/^-- ?$/, /^Sent from my [\w\s-]{2,40}$/i, /^Get Outlook for \w+/i, /^Sent via .{2,40}$/i]

/** Ranges of `body` written by the author of this email (empty input gives one empty range). */
export function authoredEmailRanges(body: string): TextRange[] {
  const lines = splitLines(body)
  let cut = lines.length
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].text
    if (signatureStart.some((re) => re.test(text.trimEnd()))) {
      cut = i
      break
    }
    if (isQuoteHeader(lines, i)) {
      cut = i
      break
    }
  }
  const ranges: TextRange[] = []
  for (const line of lines.slice(0, cut)) {
    if (/^\s*>/.test(line.text)) continue // an inline quote between the author's own paragraphs
    const last = ranges[ranges.length - 1]
    if (last && last.end === line.start) last.end = line.end
    else ranges.push({ start: line.start, end: line.end })
  }
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

function isQuoteHeader(lines: Array<{ text: string }>, i: number): boolean {
  const text = lines[i].text
  const next = lines[i + 1]?.text ?? ''
  const following = lines.slice(i + 1, i + 4).map((l) => l.text)
  const quotedBelow = following.some((l) => /^\s*>/.test(l))
  if (quoteHeader[0].test(text)) return true
  // "On Tue, ... Abhishek Kona <x@y>\n wrote:" wraps the header over two lines.
  if (quoteHeader[1].test(text) && /^\s*.{0,120}wrote:\s*$/i.test(next)) return true
  if (quoteHeader[2].test(text) || quoteHeader[3].test(text)) return true
  if (quoteHeader[4].test(text)) return quotedBelow || /^\s*From:/i.test(next) || /mailing list|unsubscribe/i.test(following.join(' '))
  if (quoteHeader[5].test(text)) return /^\s*(Sent|Date|To|Subject):/i.test(next)
  if (quoteHeader[6].test(text) || quoteHeader[7].test(text)) return true
  return false
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
