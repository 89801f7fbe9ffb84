// Text helpers shared by the local analyser's tasks: cleaning chat/e-mail markup, sentences, terms and overlap.
import { stripBoilerplate } from './boilerplate.js'

const replyHeader = /^(?:On|Am|Le|El) .{5,200}(?:wrote|schrieb|a écrit|escribió)[^:]{0,80}:\s*$/
/** A reply's subject line ("Re: [users@httpd] About ServerLimit"): the thread's subject again, not the author's words. */
const replySubject = /^(?:(?:re|fwd?|aw|sv|wg|rv)\s*(?:\[\d+\])?\s*:\s*)+/i

/** Removes quoted e-mail replies, signatures and chat markup so that rules see only what the author wrote. */
export function cleanMessageText(content: string): string {
  const lines: string[] = []
  const source = stripBoilerplate(content.replace(/\r\n?/g, '\n')).split('\n')
  // E-mail content opens with its subject; a reply's subject repeats the thread's question in every answer.
  if (source.length > 0 && replySubject.test(source[0].trim())) source.shift()
  for (let i = 0; i < source.length; i++) {
    const line = source[i].trimEnd()
    if (/^\s*>/.test(line)) continue // quoted reply
    if (/^-- ?$/.test(line)) break // signature delimiter
    // Reply headers ("On … wrote:", German "Am … schrieb …:", Russian "… написал(а):"), also wrapped over two
    // lines ("On Wed, Jul 8, 2020 at 5:44 AM Ann\n<ann@example.org> wrote:"). When '>' lines follow, the author
    // answers below or between them (kept); otherwise the rest is the quoted mail.
    const joined = `${line} ${source[i + 1]?.trim() ?? ''}`
    const header =
      replyHeader.test(line) || /написала?:\s*$/.test(line) ? 1 : /^(?:On|Am|Le|El) /.test(line) && replyHeader.test(joined) ? 2 : 0
    if (header > 0) {
      const next = source.slice(i + header).find((l) => l.trim() !== '')
      // A one-line header without '>' lines after it starts an unmarked quote (Outlook style); a wrapped one is
      // a mail client's that marks its quotes, so what follows unmarked is the author's.
      if (header === 1 && (next === undefined || !/^\s*>/.test(next))) break
      i += header - 1
      continue
    }
    if (/^-{2,}\s*Original Message\s*-{2,}/i.test(line)) break
    if (/^_{10,}\s*$/.test(line)) break // Outlook separator before a disclaimer or the quoted mail
    lines.push(line)
  }
  return (
    lines
      .join('\n')
      .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2') // Slack <url|label>
      .replace(/<(https?:[^>]+)>/g, '$1')
      .replace(/<@([A-Z0-9]+)(?:\|([^>]+))?>/g, (_m, id: string, name?: string) => `@${name ?? id}`) // Slack user mention
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      // Meeting transcripts (AMI-style markup): a word cut off by a disfluency marker was abandoned ("Make
      // {disfmarker} that might …" never asked anyone to make anything); sound and gap tags carry no words.
      .replace(/[^\s{}]+ ?\{disfmarker\} ?/g, '')
      .replace(/ ?\{(?:disfmarker|vocalsound|nonvocalsound|gap|comment)\}/g, '')
      .trim()
  )
}

const abbreviations = /\b(?:e\.g|i\.e|etc|vs|mr|mrs|ms|dr|approx|incl|no|fig|st)\.$/i
const listItem = /^\s*(?:[-*•]|\d+[.)]|\[[ xX]?\])\s+/

/** Code, logs, stack traces and config lines: rules for prose must not read them as requests. */
export function looksLikeCode(line: string): boolean {
  const trimmed = line.trim()
  if (!trimmed) return false
  if (/^(?:at |File "|Traceback|Caused by|\$ |# |\w+(?:\.\w+)+\(|[A-Z]\d{4} \d\d:|\d{4}-\d\d-\d\d[ T]\d\d:)/.test(trimmed)) return true
  if (/[;{}]\s*$/.test(trimmed) || /\w\([^)]*\)\s*;?$/.test(trimmed) || /^<\/?[A-Za-z][^>]*>/.test(trimmed)) return true
  const letters = (trimmed.match(/\p{L}/gu) ?? []).length
  return trimmed.length >= 12 && letters / trimmed.length < 0.55
}

/** Removes fenced code blocks and code-looking lines, keeping the prose around them. */
export function withoutCode(text: string): string {
  return text
    .replace(/```[\s\S]*?(?:```|$)/g, '\n')
    .split('\n')
    .filter((line) => !looksLikeCode(line))
    .join('\n')
}

/**
 * Splits text into sentences. Hard-wrapped e-mail lines are joined back into their paragraph first;
 * blank lines, list items and lines ending a sentence are boundaries.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = []
  for (const block of unwrapLines(withoutCode(text))) {
    let start = 0
    const boundary = /[.!?…]+["')\]]*\s+(?=[^\s])/g
    let match: RegExpExecArray | null
    while ((match = boundary.exec(block))) {
      const candidate = block.slice(start, match.index + match[0].length).trim()
      if (abbreviations.test(candidate.replace(/[.!?…]+["')\]]*$/, (p) => p.slice(0, 1)))) continue
      sentences.push(candidate)
      start = match.index + match[0].length
    }
    const rest = block.slice(start).trim()
    if (rest) sentences.push(rest)
  }
  return sentences
}

function unwrapLines(text: string): string[] {
  const blocks: string[] = []
  let current = ''
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim()
    const startsNew = !line || listItem.test(line) || /[.!?:]["')]?$/.test(current) || current.length === 0
    if (!line) {
      if (current) blocks.push(current)
      current = ''
      continue
    }
    // A line that wraps mid-sentence in e-mail is long; a short chat line is its own statement.
    if (startsNew || current.length < 40) {
      if (current) blocks.push(current)
      current = line
    } else {
      current += ` ${line}`
    }
  }
  if (current) blocks.push(current)
  return blocks
}

const englishStopwords = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto about as is are was were be been being ' +
    'am do does did doing have has had having i me my we us our you your he him his she her it its they them their ' +
    'this that these those there here what which who whom whose when where why how all any both each few more most other ' +
    'some such no nor not only own same so than too very can could will would shall should may might must just also ' +
    'up down out over under again further once yes ok okay hi hello hey thanks thank please let lets get got go going ' +
    "i'm it's don't can't won't that's there's we're you're i'll we'll you'll i've we've let's one two like know think " +
    'need want make see use via per re fw fwd'
  ).split(' '),
)
const russianStopwords = new Set(
  'и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это пожалуйста привет спасибо'.split(
    ' ',
  ),
)

/** Lower-cased word tokens (Latin, Cyrillic, digits), keeping inner apostrophes and dots of versions. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? []
}

/** A light stemmer: enough to match "deploy/deploys/deployed/deploying" without a dictionary. */
export function stem(word: string): string {
  if (/[а-яё]/.test(word)) return word.length > 6 ? word.slice(0, 6) : word
  if (word.length <= 4) return word
  return word
    .replace(/(?:ies)$/, 'y')
    .replace(/(?:ing|edly|ed|es|ly|s)$/, '')
    .replace(/e$/, '') // "expire" and "expires" (-> "expir") meet
    .replace(/(.)\1$/, '$1')
}

/** Content terms (stopwords and one-letter tokens removed), stemmed. */
export function contentTerms(text: string): string[] {
  const terms: string[] = []
  for (const word of words(text)) {
    const normalised = word.replace(/’/g, "'")
    if (normalised.length < 2 || englishStopwords.has(normalised) || russianStopwords.has(normalised)) continue
    terms.push(stem(normalised))
  }
  return terms
}

/** Jaccard overlap of two term sets (0..1). */
export function termOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0
  let shared = 0
  for (const term of a) if (b.has(term)) shared += 1
  return shared / (a.size + b.size - shared)
}

/** Shared terms relative to the smaller set (0..1); 0 unless at least `minimumShared` terms are shared. */
export function overlapCoefficient(a: ReadonlySet<string>, b: ReadonlySet<string>, minimumShared = 2): number {
  let shared = 0
  for (const term of a) if (b.has(term)) shared += 1
  if (shared < minimumShared) return 0
  return shared / Math.min(a.size, b.size)
}

/** Shortens text at a word boundary, adding an ellipsis when cut. */
export function truncateAtWord(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text
  const cut = text.slice(0, maxLength - 1)
  const lastSpace = cut.lastIndexOf(' ')
  return `${(lastSpace > maxLength * 0.5 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.-]+$/, '')}…`
}

export function clamp01(value: number): number {
  return Math.max(0, Math.min(1, value))
}

/** Rounds a score to two decimals so outputs stay stable and readable. */
export function roundScore(value: number): number {
  return Math.round(clamp01(value) * 100) / 100
}
