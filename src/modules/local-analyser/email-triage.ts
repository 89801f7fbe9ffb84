// The local answer to `triage_email`: sorts one email into actionable / informational / promotional / junk from its
// headers (List-Id, List-Unsubscribe, Precedence, Auto-Submitted, Return-Path), its sender (noreply addresses, the
// sender's earlier mail) and its text (spam and sales cues, requests addressed to the reader), and extracts
// deadlines (chrono-node), contacts and action items. Cue weights were tuned on eval/email's dev split only.
import * as chrono from 'chrono-node'
import type { BuiltinTaskInput, BuiltinTaskOutput } from '../llm/index.js'
import { isAnnouncement, isCourtesy, isNotification } from './boilerplate.js'
import { scoreRequest, requestThreshold } from './request-detection.js'
import { cleanMessageText, splitSentences, truncateAtWord } from './text.js'
import { titleFromSentence } from './task-attributes.js'

type Input = BuiltinTaskInput<'triage_email'>
type Output = BuiltinTaskOutput<'triage_email'>
type Category = Output['category']
type Evidence = { scores: Record<Category, number>; reasons: string[] }

const automatedSender = /^(?:no-?reply|do-?not-?reply|donotreply|mailer-daemon|postmaster|notifications?|alerts?|bounces?|auto-?confirm|info|news(?:letter)?|updates?|marketing|promo(?:tions)?|offers?|deals|support|service|billing|orders?)(?:[+._-][^@]*)?@/i

/** Spam cues: the vocabulary and formatting of unsolicited bulk mail (SpamAssassin-era and current). */
const junkCues: Array<[RegExp, number, string]> = [
  [/XJS\*C4JDBQADN1\.NSBN3\*2IDNEN\*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL\*C\.34X/, 5, 'GTUBE test string'],
  [/\*{3,}\s*SPAM\s*\*{3,}/, 1.5, 'subject tagged as spam by a filter'],
  [/\b(?:viagra|cialis|pharmacy|prescription drugs?|weight loss|lose weight|herbal|penis|enlarge|teeth whitening|xxx|adult|porn|casino|lottery|winner|you have won|million dollars|nigeria|inheritance|bank transfer|wire transfer)\b/i, 1.5, 'spam vocabulary'],
  [/\b(?:mortgage|refinance|debt|credit (?:card|repair)|low(?:est)? rates?|home loan|make money|earn \$|work from home|extra income|cash bonus|no cost|risk[- ]free|100% (?:free|guaranteed)|act now|limited time|order now|buy now|guaranteed)\b/i, 0.8, 'bulk-offer vocabulary'],
  [/\b(?:to be removed|remove me|removal instructions|you (?:are|were) receiving this (?:e-?mail|message) because you|this is not spam|opt[- ]?out|unsubscribe)\b/i, 0.4, 'opt-out text in the body'],
  [/^ADV\b|\bADV:/m, 1.5, 'ADV: subject'],
  [/[$€£]\s?\d[\d,]*(?:\.\d\d)?\b.{0,40}\b(?:free|per|off|save)/i, 0.4, 'money offer'],
  [/\bclick (?:here|below|the link)\b/i, 0.5, 'click here'],
]

const promotionalCues: Array<[RegExp, number, string]> = [
  [/\b(?:sale|on sale|\d+\s?% off|discount|coupon|promo(?:tion(?:al)?)? code|special offer|exclusive offer|deals?|bargain|fares? from|save up to|lowest fares?|free shipping|bonus points|earn points|redeem|shop now|book now|limited[- ]time)\b/i, 1, 'sales vocabulary'],
  [/\b(?:new products?|product announcement|introducing|now available|upgrade today|buy|order|subscribe|register now|sign up)\b/i, 0.3, 'product marketing'],
]

const informationalCues: Array<[RegExp, number, string]> = [
  [/\b(?:has (?:been )?(?:shipped|dispatched|delivered)|your order|order confirmation|receipt|payment (?:received|sent|confirmation)|invoice|statement|itinerary|booking (?:confirmation|reference)|renewal|password|verify your e-?mail|account (?:notice|update)|security (?:advisory|alert|bulletin)|advisory)\b/i, 1, 'transactional notice'],
  [/\b(?:newsletter|digest|weekly|monthly|issue #?\d+|bulletin|news(?:wire)?|in this issue|table of contents|headlines|announce(?:ment|s)?|released?|release notes)\b/i, 0.8, 'newsletter or announcement'],
  [/\b(?:bug#?\s?\d+|reassign(?:ed)?|processed:|control message|changelog|build (?:failed|succeeded))\b/i, 0.8, 'tracker or build notice'],
]

/** Lower-cased header names to their values (the stored message keeps a few; see importers/email-message.ts). */
function headerMap(headers: Input['email']['headers']): Map<string, string> {
  return new Map(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]))
}

function addCues(evidence: Evidence, category: Category, cues: Array<[RegExp, number, string]>, text: string) {
  for (const [pattern, weight, reason] of cues) {
    if (!pattern.test(text)) continue
    evidence.scores[category] += weight
    evidence.reasons.push(reason)
  }
}

function headerEvidence(evidence: Evidence, headers: Map<string, string>, from: string | null) {
  const precedence = headers.get('precedence')?.toLowerCase() ?? ''
  const autoSubmitted = headers.get('auto-submitted')?.toLowerCase() ?? ''
  if (headers.has('list-id') || headers.has('list-post') || headers.has('mailing-list') || /list/.test(precedence)) {
    evidence.scores.informational += 1.2
    evidence.reasons.push('sent through a mailing list (List-Id)')
  }
  if (headers.has('list-unsubscribe')) {
    evidence.scores.informational += 0.4
    evidence.scores.promotional += 0.4
    evidence.reasons.push('bulk mail with List-Unsubscribe')
  }
  if (/bulk|junk/.test(precedence)) {
    evidence.scores.informational += 0.5
    evidence.scores.promotional += 0.5
    evidence.reasons.push(`Precedence: ${precedence}`)
  }
  if (autoSubmitted && autoSubmitted !== 'no') {
    evidence.scores.informational += 1.5
    evidence.reasons.push(`Auto-Submitted: ${autoSubmitted}`)
  }
  const returnPath = headers.get('return-path') ?? ''
  if (/^<?>?$/.test(returnPath.trim()) && headers.has('return-path')) {
    evidence.scores.informational += 1
    evidence.reasons.push('empty Return-Path (a bounce or automatic reply)')
  } else if (/bounce|mailer|return|bulk|\+|=|[0-9a-f]{10,}/i.test(returnPath.split('@')[0] ?? '')) {
    evidence.scores.informational += 0.3
    evidence.scores.promotional += 0.3
    evidence.reasons.push('bulk-mailer Return-Path')
  }
  if (from && automatedSender.test(from)) {
    evidence.scores.informational += 0.8
    evidence.scores.promotional += 0.3
    evidence.reasons.push(`automated sender ${from}`)
  }
}

function historyEvidence(evidence: Evidence, history: Input['senderHistory']) {
  if (!history || history.total < 2) return
  for (const category of ['actionable', 'informational', 'promotional', 'junk'] as const) {
    const share = history[category] / history.total
    if (share >= 0.6) {
      evidence.scores[category] += 1.5 * share
      evidence.reasons.push(`${Math.round(share * 100)}% of ${history.total} earlier emails from this sender were ${category}`)
    }
  }
}

/** Sentences that ask the reader to act, from the author's own words (quotes and signatures removed). */
function actionItemsOf(text: string): string[] {
  const items: string[] = []
  for (const sentence of splitSentences(cleanMessageText(text))) {
    if (sentence.length > 300 || isCourtesy(sentence)) continue
    if (scoreRequest(sentence).score < requestThreshold) continue
    items.push(titleFromSentence(sentence))
    if (items.length === 5) break
  }
  return items
}

const deadlineCue = /\b(?:by|before|until|till|due|deadline|no later than|expires?|ends?|closes?)\b[^.\n]{0,20}$/i
const meetingCue = /\b(?:meeting|call|meet|conference|webinar|appointment|interview)\b/i

function deadlinesOf(text: string, sentAt: Date): Output['deadlines'] {
  const found: Output['deadlines'] = []
  for (const result of chrono.parse(text.slice(0, 5000), sentAt, { forwardDate: true })) {
    if (!result.start.isCertain('day') && !result.start.isCertain('weekday')) continue
    const before = text.slice(Math.max(0, result.index - 40), result.index)
    const around = text.slice(Math.max(0, result.index - 60), result.index + result.text.length + 40)
    const type = deadlineCue.test(before) ? 'due' : meetingCue.test(around) ? 'meeting' : null
    if (!type) continue
    const date = result.start.date()
    if (Number.isNaN(date.getTime())) continue
    found.push({ text: result.text, date: date.toISOString().slice(0, 10), type })
    if (found.length === 5) break
  }
  return found
}

function contactsOf(input: Input['email']): Output['contacts'] {
  const contacts: Output['contacts'] = []
  if (input.fromName || input.from) contacts.push({ name: input.fromName || input.from || '', context: 'sender' })
  return contacts
}

function summaryOf(email: Input['email'], category: Category): string {
  const subject = email.subject.trim() || '(no subject)'
  const who = email.fromName || email.from || 'an unknown sender'
  return truncateAtWord(`${category[0].toUpperCase()}${category.slice(1)} email from ${who}: ${subject}.`, 240)
}

export function triageEmailLocally(input: Input): Output {
  const { email } = input
  const evidence: Evidence = { scores: { actionable: 0, informational: 0.3, promotional: 0, junk: 0 }, reasons: [] }
  const headers = headerMap(email.headers)
  const body = `${email.subject}\n${email.text}`.slice(0, 20_000)
  headerEvidence(evidence, headers, email.from)
  historyEvidence(evidence, input.senderHistory)
  addCues(evidence, 'junk', junkCues, body)
  addCues(evidence, 'promotional', promotionalCues, body)
  addCues(evidence, 'informational', informationalCues, body)
  if (isNotification(email.text) || isAnnouncement(email.text)) {
    evidence.scores.informational += 0.8
    evidence.reasons.push('notification or announcement text')
  }
  const bulk = evidence.scores.informational >= 1.2 || headers.has('list-unsubscribe')
  // A subject in capitals with exclamation marks, or a body that is mostly links: shouting bulk mail.
  if (/[A-Z]{4,}.*!|!!|\$\$/.test(email.subject) || /^[^a-z]*[A-Z]{6,}[^a-z]*$/.test(email.subject.trim())) {
    evidence.scores.junk += 0.8
    evidence.reasons.push('shouting subject')
  }
  const actionItems = bulk ? [] : actionItemsOf(email.text)
  const sentAt = email.sentAt ? new Date(email.sentAt) : new Date()
  const deadlines = deadlinesOf(cleanMessageText(email.text), sentAt)
  if (actionItems.length > 0) {
    evidence.scores.actionable += 0.9 + 0.3 * Math.min(actionItems.length, 3)
    evidence.reasons.push(`${actionItems.length} request(s) to the reader`)
  }
  if (/\?\s*$/m.test(cleanMessageText(email.text)) && !bulk) {
    evidence.scores.actionable += 0.6
    evidence.reasons.push('asks a question')
  }
  if (deadlines.some((d) => d.type === 'due') && !bulk) evidence.scores.actionable += 0.5

  const ranked = (Object.entries(evidence.scores) as Array<[Category, number]>).sort((a, b) => b[1] - a[1])
  const [category, top] = ranked[0]
  const margin = top - ranked[1][1]
  const confidence = Math.round(Math.min(0.95, 0.45 + margin / (top + 1)) * 100) / 100
  return {
    category,
    confidence,
    reasoning: evidence.reasons.length > 0 ? evidence.reasons.slice(0, 6).join('; ') : 'no bulk, sales or request cues: plain information',
    deadlines,
    contacts: contactsOf(email),
    action_items: category === 'actionable' ? actionItems : [],
    summary: summaryOf(email, category),
  }
}
