// Builds the `triage_email` task input from an email as stored (messages.content = subject, blank line, text; the
// importer's raw keeps subject, from, to and the List-*/Precedence/Auto-Submitted/Return-Path headers).
// Mail imported before those headers were kept has none: triage then reads sender and text alone.
import type { BuiltinTaskInput } from '../llm/index.js'

export type StoredEmail = { id: string; content: string; sentAt: Date | string; raw: unknown; authorEmail?: string | null }

type RawEmail = { subject?: unknown; from?: unknown; fromName?: unknown; to?: unknown; headers?: unknown }

const maxTextLength = 8000

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {}
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
}

export function emailTriageInput(email: StoredEmail, senderHistory?: BuiltinTaskInput<'triage_email'>['senderHistory']) {
  const raw = (email.raw && typeof email.raw === 'object' ? email.raw : {}) as RawEmail
  const subject = typeof raw.subject === 'string' ? raw.subject : ''
  const text = subject && email.content.startsWith(subject) ? email.content.slice(subject.length).trimStart() : email.content
  const from = typeof raw.from === 'string' ? raw.from.toLowerCase() : (email.authorEmail ?? null)
  const input: BuiltinTaskInput<'triage_email'> = {
    email: {
      id: email.id,
      from,
      fromName: typeof raw.fromName === 'string' ? raw.fromName : null,
      to: Array.isArray(raw.to) ? raw.to.filter((a): a is string => typeof a === 'string').slice(0, 20) : [],
      subject,
      sentAt: new Date(email.sentAt).toISOString(),
      headers: stringRecord(raw.headers),
      text: text.slice(0, maxTextLength),
    },
    senderHistory: senderHistory ?? null,
  }
  return input
}

/** The sender's domain, lower-cased ('' when the address has none). */
export function senderDomain(address: string): string {
  return address.includes('@') ? address.slice(address.lastIndexOf('@') + 1).toLowerCase() : ''
}
