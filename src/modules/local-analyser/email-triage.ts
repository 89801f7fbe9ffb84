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

const automatedSender =
  /^(?:no-?reply|do-?not-?reply|donotreply|mailer-daemon|postmaster|notifications?|alerts?|bounces?|auto-?confirm|info|news(?:letter)?|updates?|marketing|promo(?:tions)?|offers?|deals|support|service|billing|orders?)(?:[+._-][^@]*)?@/i

/** Spam cues: the vocabulary and formatting of unsolicited bulk mail (SpamAssassin-era and current). */
const junkCues: Array<[RegExp, number, string]> = [
  [/XJS\*C4JDBQADN1\.NSBN3\*2IDNEN\*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL\*C\.34X/, 5, 'GTUBE test string'],
  [/\*{3,}\s*SPAM\s*\*{3,}/, 1.5, 'subject tagged as spam by a filter'],
  [
    /\b(?:viagra|cialis|pharmacy|medz?|meds|rx|drugs|prescription|dr-script|weight loss|lose weight|herbal|penis|enlarge\w*|teeth whitening|xxx|porn|casino|lottery|you have won|million dollars|nigeria|inheritance)\b/i,
    1.5,
    'spam vocabulary',
  ],
  [
    /\b(?:dizc\w+|purrch\w+|fda-\w+|gotothis|no prescription|people search|find anyone|investigat(?:e|ion) (?:anyone|people)|free (?:offer|gift|trial|software)|cash|income|earn|mortgage|refinance|debt|credit (?:card|repair)|home loan|make money|work from home|extra income|risk[- ]free|100% (?:free|guaranteed)|act now|order now|buy now|guaranteed|amazing|incredible)\b/gi,
    0.5,
    'bulk-offer vocabulary',
  ],
  [
    /\b(?:to be removed|remove me|removal instructions|this is not spam|not a spam|one[- ]time (?:mailing|e-?mail)|you (?:are|were) receiving this (?:e-?mail|message) because you)\b/i,
    0.8,
    'removal text of unsolicited mail',
  ],
  [/^ADV\b|\bADV:/m, 1.5, 'ADV: subject'],
  [/\bclick (?:here|below|the link)\b/i, 0.4, 'click here'],
]

const promotionalCues: Array<[RegExp, number, string]> = [
  [
    /\b(?:sale|on sale|discount\w*|coupon|promo(?:tion(?:al)?)? code|special offers?|exclusive offers?|deals?|bargains?|fares? from|save up to|lowest (?:fares?|prices?)|free shipping|bonus points|points|rewards?|prizes?|win|redeem|shop now|book now|limited[- ]time|angebot\w*|gewinn\w*|jetzt|kostenlos|rabatt)\b/gi,
    0.5,
    'sales vocabulary',
  ],
  [/\b\d{1,2}\s?%(?!\w)/, 0.5, 'a percentage off'],
  [
    /\b(?:new products?|product announcement|introducing|(?:is )?now available|upgrade today|download (?:it )?now|order|subscribe|register now|sign up|our (?:products?|solutions?|customers))\b/gi,
    0.3,
    'product marketing',
  ],
]

const informationalCues: Array<[RegExp, number, string]> = [
  [
    /\b(?:has (?:been )?(?:shipped|dispatched|delivered)|your order|order confirmation|receipt|payment (?:received|sent|confirmation)|invoice|statement|itinerary|booking (?:confirmation|reference)|renewal|password|verify your e-?mail|account (?:notice|update)|security (?:advisory|alert|bulletin)|advisory)\b/i,
    1,
    'transactional notice',
  ],
  [
    /\b(?:newsletter|digest|weekly|monthly|issue #?\d+|bulletin|news(?:wire)?|in this issue|table of contents|headlines|announce(?:ment|s)?|released?|release notes)\b/i,
    0.8,
    'newsletter or announcement',
  ],
  [/\b(?:bug#?\s?\d+|reassign(?:ed)?|processed:|control message|changelog|build (?:failed|succeeded))\b/i, 0.8, 'tracker or build notice'],
]

const releaseWords = String.raw`(?:is now available|now available|released?|release of|announc\w*|introduc\w*|new version|upgrade|download|preview)`

/**
 * A vendor announcing its own products (labelling rule 2: promotional), told apart from a publication's news about
 * others: the sender's own name (evolve@ximian.com → "ximian") within a clause of a release or offer word. Where it
 * stands: the subject (what the sender chose to say first), the body, or nowhere.
 */
function ownProductAnnouncement(from: string | null, subject: string, body: string): 'subject' | 'body' | null {
  const labels = (from?.split('@')[1] ?? '').toLowerCase().split('.')
  // news.example.co.uk → "example": skip the public suffix's second level.
  const brand =
    labels.length >= 3 && /^(?:co|com|ac|org|net|ne|or)$/.test(labels[labels.length - 2])
      ? labels[labels.length - 3]
      : labels[labels.length - 2]
  if (!brand || brand.length < 3 || !/^[a-z0-9-]+$/.test(brand)) return null
  const near = new RegExp(String.raw`\b${brand}\b[^.\n]{0,60}\b${releaseWords}\b|\b${releaseWords}\b[^.\n]{0,60}\b${brand}\b`, 'i')
  return near.test(subject) ? 'subject' : near.test(body.slice(0, 3000)) ? 'body' : null
}

/** Lower-cased header names to their values (the stored message keeps a few; see importers/email-message.ts). */
function headerMap(headers: Input['email']['headers']): Map<string, string> {
  return new Map(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]))
}

const distinctHits = (pattern: RegExp, text: string) =>
  pattern.global ? new Set((text.match(pattern) ?? []).map((m) => m.toLowerCase())).size : pattern.test(text) ? 1 : 0

/** A global cue counts each distinct word it matches (up to four); others count once. The subject is what a sender
 * chose to say first: its cues count in full, the body's at `bodyWeight` (a long newsletter mentions a sale in passing). */
function addCues(
  evidence: Evidence,
  category: Category,
  cues: Array<[RegExp, number, string]>,
  subject: string,
  body: string,
  bodyWeight = 1,
) {
  for (const [pattern, weight, reason] of cues) {
    const inSubject = distinctHits(pattern, subject)
    const inBody = distinctHits(pattern, body)
    if (inSubject + inBody === 0) continue
    evidence.scores[category] += weight * (Math.min(inSubject, 2) + bodyWeight * Math.min(inBody, 4))
    evidence.reasons.push(reason)
  }
}

/** Shouting: many words in capitals and exclamation marks, the style of unsolicited offers. */
function shoutingShare(text: string): number {
  const words = text.match(/\b[\p{L}]{3,}\b/gu) ?? []
  if (words.length < 20) return 0
  return words.filter((w) => w === w.toUpperCase() && w !== w.toLowerCase()).length / words.length
}

/** A discussion list (people post to it: List-Post) carries requests between people; other bulk mail does not. */
function isDiscussionList(headers: Map<string, string>): boolean {
  return headers.has('list-post') || (headers.has('list-id') && !headers.has('list-unsubscribe'))
}

function headerEvidence(evidence: Evidence, headers: Map<string, string>, from: string | null) {
  const precedence = headers.get('precedence')?.toLowerCase() ?? ''
  const autoSubmitted = headers.get('auto-submitted')?.toLowerCase() ?? ''
  const discussion = isDiscussionList(headers)
  if (headers.has('list-id') || headers.has('list-post') || headers.has('mailing-list') || /list/.test(precedence)) {
    evidence.scores.informational += 1
    evidence.scores.junk -= 1
    evidence.reasons.push('sent through a mailing list (List-Id)')
  }
  if (!discussion && (headers.has('list-unsubscribe') || /bulk|junk/.test(precedence))) {
    evidence.scores.informational += 0.4
    evidence.scores.promotional += 0.4
    evidence.reasons.push('bulk mail (List-Unsubscribe or Precedence: bulk)')
  }
  if (autoSubmitted && autoSubmitted !== 'no') {
    evidence.scores.informational += 1.5
    evidence.reasons.push(`Auto-Submitted: ${autoSubmitted}`)
  }
  const returnPath = headers.get('return-path') ?? ''
  if (headers.has('return-path') && /^<?>?$/.test(returnPath.trim())) {
    evidence.scores.informational += 1
    evidence.reasons.push('empty Return-Path (a bounce or automatic reply)')
  } else if (!discussion && /bounce|mailer|-return-/i.test(returnPath.split('@')[0] ?? '')) {
    // Registered bulk senders route bounces to a per-recipient address; 2000s-era spam rarely does.
    evidence.scores.informational += 0.4
    evidence.scores.promotional += 0.4
    evidence.scores.junk -= 0.5
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
  const body = email.text.slice(0, 20_000)
  headerEvidence(evidence, headers, email.from)
  historyEvidence(evidence, input.senderHistory)
  addCues(evidence, 'junk', junkCues, email.subject, body)
  addCues(evidence, 'promotional', promotionalCues, email.subject, body, 0.5)
  addCues(evidence, 'informational', informationalCues, email.subject, body)
  if (shoutingShare(body) > 0.12 || (body.match(/!/g) ?? []).length >= 6) {
    evidence.scores.junk += 0.8
    evidence.reasons.push('shouting text')
  }
  // In the subject it needs no more; in the body only bulk mail (a list, List-Unsubscribe, Precedence) counts.
  const announced = ownProductAnnouncement(email.from, email.subject, body)
  const bulkHeaders = headers.has('list-id') || headers.has('list-unsubscribe') || /bulk|list/.test(headers.get('precedence') ?? '')
  if (!headers.has('list-post') && (announced === 'subject' || (announced === 'body' && bulkHeaders))) {
    // Its announcement and newsletter cues speak for the vendor's offer, not for news: they count as promotional.
    evidence.scores.promotional += 2
    evidence.scores.informational -= 1.6
    evidence.reasons.push('a vendor announcing its own product')
  }
  if (isNotification(email.text) || isAnnouncement(email.text)) {
    evidence.scores.informational += 0.8
    evidence.reasons.push('notification or announcement text')
  }
  // A subject in capitals with exclamation marks or dollars: shouting bulk mail.
  if (/[A-Z]{4,}.*!|!!|\$\$/.test(email.subject) || /^[^a-z]*[A-Z]{6,}[^a-z]*$/.test(email.subject.trim())) {
    evidence.scores.junk += 0.8
    evidence.reasons.push('shouting subject')
  }
  // Bulk and automated mail asks nothing of the reader personally; a discussion list's posts can.
  const bulk =
    !isDiscussionList(headers) &&
    (evidence.scores.informational >= 1.2 || headers.has('list-unsubscribe') || automatedSender.test(email.from ?? ''))
  const spammy = evidence.scores.junk >= 1.5
  const ownText = cleanMessageText(email.text)
  const actionItems = bulk || spammy ? [] : actionItemsOf(email.text)
  const sentAt = email.sentAt ? new Date(email.sentAt) : new Date()
  const deadlines = deadlinesOf(ownText, sentAt)
  if (!bulk && !spammy) {
    if (actionItems.length > 0) {
      evidence.scores.actionable += 0.8 + 0.3 * Math.min(actionItems.length, 3)
      evidence.reasons.push(`${actionItems.length} request(s) to the reader`)
    }
    const questions = (ownText.match(/\?(?=\s|$)/g) ?? []).length
    if (questions > 0) {
      evidence.scores.actionable += 1.3 + 0.3 * Math.min(questions - 1, 2)
      evidence.reasons.push('asks a question')
    }
    if (
      /\b(?:how (?:do|can|to) i|is there a way|any (?:idea|help|suggestions?)|i(?:'d| would) like to know|i want to know|please (?:help|advise|teach)|anyone\b)/i.test(
        ownText,
      )
    ) {
      evidence.scores.actionable += 0.6
      evidence.reasons.push('asks for help')
    }
    // A thread's first message that asks in its subject asks the readers (a reply's subject repeats someone else's).
    const topic = email.subject.replace(/^\s*(?:\[[^\]]*\]\s*)*/, '')
    if (
      !/^(?:re|aw|sv|antw)\s*:/i.test(topic) &&
      /\?\s*$|^(?:how|what|why|where|which|when|is there|can|could|does|do|should)\b/i.test(topic)
    ) {
      // Weighed as one question in the text.
      evidence.scores.actionable += 1.3
      evidence.reasons.push('asks in the subject')
    }
    if (deadlines.some((d) => d.type === 'due')) evidence.scores.actionable += 0.5
  }

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
