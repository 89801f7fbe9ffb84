// Maps one parsed email (mailparser) to IngestMessage: the thread (conversation) is rebuilt from
// References / In-Reply-To, and a quoted reply is kept in the text but its offset is recorded in raw.quote.
import { createHash } from 'node:crypto'
import { simpleParser, type ParsedMail, type AddressObject } from 'mailparser'
import type { Attachment, IngestMessage } from '../messages/index.js'

export type MappedEmail = { message: IngestMessage } | { error: string; field?: string }

const stripBrackets = (id: string) => id.trim().replace(/^<|>$/g, '')

function idList(value: string | string[] | undefined): string[] {
  if (!value) return []
  const joined = Array.isArray(value) ? value.join(' ') : value
  return (joined.match(/<[^<>\s]+>/g) ?? (joined.trim() ? joined.trim().split(/\s+/) : [])).map(stripBrackets).filter(Boolean)
}

/** The thread's root: the first id in References (the root, by RFC 5322), else the parent, else the message itself. */
export function emailThreadRoot(messageId: string, inReplyTo: string[], references: string[]): string {
  return references[0] ?? inReplyTo[0] ?? messageId
}

const quoteHeader = /^(On\s.+\swrote:|Am\s.+\sschrieb.*:|Le\s.+\sa écrit\s?:|-{2,}\s*Original Message\s*-{2,}|_{10,}|From:\s.+)\s*$/im

/** Where the quoted part of a reply starts: an "On ... wrote:" style header before quoted lines, or the first
 * block of "> " lines that runs to the end (interleaved answers keep their quotes unmarked). */
export function findQuote(text: string): { offset: number; marker: string } | null {
  const lines = text.split('\n')
  let offset = 0
  for (let i = 0; i < lines.length; i++) {
    // Mail clients wrap a long "On <date>, <name> <address> wrote:" over two lines.
    const wrapped = i + 1 < lines.length && !quoteHeader.test(lines[i]) && /^On\s/.test(lines[i])
    const line = wrapped && quoteHeader.test(`${lines[i]} ${lines[i + 1]}`) ? `${lines[i]} ${lines[i + 1]}` : lines[i]
    if (quoteHeader.test(line) && i > 0) {
      const rest = lines.slice(i + (line === lines[i] ? 1 : 2)).filter((l) => l.trim() !== '')
      const quotedAfter = rest.length === 0 || rest.some((l) => l.startsWith('>')) || /Original Message|^_{10,}|^From:/i.test(line)
      if (quotedAfter) return { offset, marker: line.trim().slice(0, 200) }
    }
    if (line.startsWith('>')) {
      const rest = lines.slice(i).filter((l) => l.trim() !== '')
      const tailQuoted = rest.filter((l) => l.startsWith('>')).length / rest.length
      if (tailQuoted >= 0.8) return { offset, marker: '>' }
    }
    offset += line.length + 1
  }
  return null
}

function firstAddress(from: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(from) ? from : from ? [from] : []
  for (const group of list) for (const address of group.value) if (address.address) return address
  return undefined
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : []
  return list.flatMap((group) => group.value.map((a) => a.address).filter((a): a is string => Boolean(a)))
}

/** Headers that tell bulk and automated mail from personal mail; email triage reads them from raw.headers. */
const triageHeaderNames = new Set(['list-id', 'list-unsubscribe', 'list-post', 'precedence', 'auto-submitted', 'return-path', 'x-mailer'])

function triageHeaders(mail: ParsedMail): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const { key, line } of mail.headerLines ?? []) {
    if (!triageHeaderNames.has(key) || key in kept) continue
    kept[key] = line
      .slice(line.indexOf(':') + 1)
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 500)
  }
  return kept
}

/**
 * The body of a message whose MIME structure the parser could not follow (no text and no HTML part found), e.g. a
 * multipart whose first boundary runs into the header block, as bulk-mail tools often write it: the bytes after the
 * header block without boundary lines and part headers, so the text is not lost.
 */
export function unparsedBody(rawBytes: Buffer): string {
  const raw = rawBytes.subarray(0, 200_000).toString('latin1')
  const start = raw.search(/\r?\n\r?\n/)
  if (start < 0) return ''
  return raw
    .slice(start)
    .split(/\r?\n/)
    .filter((line) => !/^--[^\s]{6,}$/.test(line.trim()) && !/^content-[\w-]+:/i.test(line))
    .join('\n')
    .trim()
}

const normalizeSubject = (subject: string) => subject.replace(/^(\s*(re|fwd?|aw|sv|antw)(\[\d+\])?:\s*)+/i, '').trim()

export function mapEmail(mail: ParsedMail, rawBytes: Buffer, fallbackDate?: Date): MappedEmail {
  const messageId = mail.messageId
    ? stripBrackets(mail.messageId)
    : `sha256:${createHash('sha256').update(rawBytes).digest('hex').slice(0, 40)}`
  const inReplyTo = idList(mail.inReplyTo)
  const references = idList(mail.references)
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : fallbackDate
  if (!date) return { error: 'no usable Date header', field: 'Date' }
  const from = firstAddress(mail.from)
  const text = (mail.text || (mail.html ? '' : unparsedBody(rawBytes))).replace(/\r\n/g, '\n').trim()
  const quote = findQuote(text)
  const root = emailThreadRoot(messageId, inReplyTo, references)
  const subject = mail.subject ?? ''
  const attachments: Attachment[] = (mail.attachments ?? []).slice(0, 100).map((a) => ({
    kind: a.related ? 'inline' : 'file',
    name: a.filename?.slice(0, 1024),
    mimeType: a.contentType?.slice(0, 255),
    size: a.size,
  }))
  const message: IngestMessage = {
    externalId: messageId.slice(0, 512),
    conversation: { externalId: root.slice(0, 512), title: normalizeSubject(subject).slice(0, 1024) || undefined, kind: 'email_thread' },
    author: from?.address
      ? { externalId: from.address.toLowerCase(), email: from.address.toLowerCase(), displayName: from.name || undefined }
      : undefined,
    sentAt: date.toISOString(),
    content: subject && text ? `${subject}\n\n${text}` : subject || text,
    contentKind: 'email',
    replyToExternalId: inReplyTo[0]?.slice(0, 512),
    threadExternalId: root.slice(0, 512),
    attachments,
    raw: {
      messageId,
      subject,
      from: from?.address,
      to: addresses(mail.to),
      cc: addresses(mail.cc),
      inReplyTo,
      references,
      // Offset into `content` (the subject line and a blank line come first) where the quoted reply starts.
      quote: quote ? { offset: quote.offset + (subject && text ? subject.length + 2 : 0), marker: quote.marker } : null,
      html: Boolean(mail.html),
      fromName: from?.name || undefined,
      headers: triageHeaders(mail),
    },
  }
  return { message }
}

/** Parses raw RFC 5322 bytes and maps them; every email channel (mbox/eml import, IMAP) goes through here. */
export async function parseEmailMessage(rawBytes: Buffer, fallbackDate?: Date): Promise<MappedEmail> {
  let mail: ParsedMail
  try {
    mail = await simpleParser(rawBytes, { skipTextToHtml: true, skipImageLinks: true })
  } catch (error) {
    return { error: `unreadable message: ${(error as Error).message}` }
  }
  return mapEmail(mail, rawBytes, fallbackDate)
}
