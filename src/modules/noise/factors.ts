// Named noise/importance factors of one message, each 0..1. Pure rules (no I/O), multilingual where cheap
// (English and Russian greetings, acknowledgements and spam phrases: the real samples mix both).

export type NoiseFeatures = {
  content: string
  isBot?: boolean
  /** The same text was already posted recently in the conversation (or earlier in the batch). */
  duplicate?: boolean
  /** A service event (join, pin, title change) rather than something a person wrote. */
  service?: boolean
}

export type NoiseFactors = {
  length: number
  question: number
  imperative: number
  mentions: number
  links: number
  code: number
  urgency: number
  emoji_only: number
  greeting_thanks: number
  bot_author: number
  duplicate: number
  spam_signals: number
  service: number
  /** "Please remove me from this list": mail to the list's people that is meant for its software. */
  list_admin: number
}

const urlPattern = /\b(?:https?:\/\/|www\.)\S+/giu
// @name (Telegram, plain text) and <@U123> (Slack).
const mentionPattern = /(?:^|[\s(])@[\p{L}\p{N}_.-]{2,}|<@[A-Z0-9]+(?:\|[^>]*)?>/gu
const emojiShortcode = /:[a-z0-9_+-]+:/gu
const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu
// Not \p{Emoji_Component}: it includes the digits, and "2024" is not an emoji.
const emojiOrSymbol = /\u200d|\ufe0f|\u20e3|[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\s\p{P}\p{S}]/gu

const questionStart =
  /^(?:who|what|when|where|why|how|which|can|could|would|should|is|are|do|does|did|will|has|have|any(?:one|body)|кто|что|когда|где|почему|зачем|как|какой|какая|какие|можно|есть ли|подскажите)\b/iu
// Imperatives and requests: "please fix", "can you deploy", "need to update", "TODO", "надо", "сделай".
const imperativePattern =
  /(?:^|[.!;\n]\s*)(?:please|pls|plz|fix|check|deploy|add|update|review|remove|delete|create|send|merge|release|investigate|look into|make sure|let'?s|todo|to-do|пожалуйста|сделай|сделайте|проверь|проверьте|исправь|исправьте|добавь|добавьте|посмотри|посмотрите|надо|нужно)\b|\b(?:can|could|would) you\b|\b(?:need|needs|needed|have) (?:to|that|this|it|a|an|the)\b|\bmust\b|\bshould\b|\baction item\b|\bdeadline\b|\bby (?:monday|tuesday|wednesday|thursday|friday|tomorrow|eod|end of (?:day|week))\b/iu
const urgencyPattern =
  /\b(?:urgent|asap|critical|blocker|blocking|outage|down|broken|crash(?:es|ed|ing)?|fail(?:s|ed|ing|ure)?|error|bug|incident|prod(?:uction)?|security|срочно|сломал\S*|ошибк\S*|упал\S*|не работает|авари\S*)\b/iu
const codePattern = /```|`[^`\n]+`|\b(?:Traceback|Exception|TypeError|stack trace|at \S+\(\S+:\d+)|\n\s{2,}\S|[{};]\s*$|\b\w+\.\w+\(\)/mu
const greetingOrThanks =
  /^(?:hi|hello|hey|yo|hiya|good (?:morning|afternoon|evening|night)|gm|gn|thanks?|thank you|thx|ty|tnx|cheers|ok(?:ay|e|ey)?|k|kk|sure|cool|nice|great|awesome|lol|lmao|haha+|yes|yep|yeah|no|nope|np|\+1|\+|bye|welcome|congrats?|congratulations|got it|noted|agreed|same|me too|привет|здравствуйте|добрый (?:день|вечер|утро)|доброе утро|спасибо|спс|благодарю|ок|окей|ага|да|нет|ясно|понятно|круто|класс|хорошо|пока|согласен|\p{Extended_Pictographic})(?:[\s,!.)]*(?:all|guys|everyone|team|folks|so much|a lot|man|bro|всем|все|большое|друзья|коллеги|\p{Extended_Pictographic}))*[\s!.?)]*$/iu
// A very short message that opens with one of these is small talk whatever follows ("thanks bang", "ok sure then").
const greetingOpener =
  /^(?:hi|hello|hey|thanks?|thank you|thx|ty|cheers|ok(?:ay|e|ey)?|lol|haha+|wkwk\S*|привет|спасибо|спс|ок|ага)(?![\p{L}\p{N}])/iu
const spamPhrases =
  /\b(?:free money|earn \$?\d+|make money|passive income|crypto ?(?:signals?|pump)|airdrop|giveaway|casino|betting|forex|binance|investment opportunity|guaranteed (?:profit|returns?)|click (?:here|the link)|dm me|write me in (?:pm|dm)|join (?:my|our) channel|subscribe to|promo ?code|whatsapp|onlyfans|заработ\S*|доход\S* от|казино|ставк\S*|крипт\S*|пиши в лс|пишите в лс|подписывайтесь|бесплатн\S*)\b/giu

// Meeting-transcript markup (AMI style): sounds, gaps and disfluency markers are not words anyone said.
const transcriptMarkup = /\{(?:disfmarker|vocalsound|nonvocalsound|gap|comment)\}/g
const listAdmin =
  /^(?:please\s+)?(?:remove|unsubscribe|take)\s+me\s+(?:off\s+|from\s+)?(?:of\s+)?(?:your|the|this)\s+(?:mailing\s+)?list\b|^(?:please\s+)?unsubscribe(?:\s+me)?\b/iu
// A list footer or signature separator: what follows differs between copies of one message.
const footerSeparator = /\n\s*(?:_{10,}|-{10,}|-- )\s*\n[\s\S]*$/u

const clamp01 = (x: number) => Math.max(0, Math.min(1, x))

export function countWords(text: string): number {
  return text.match(wordPattern)?.length ?? 0
}

/** Words a person wrote: transcript markup left out. */
export function spokenWords(content: string): number {
  return countWords(content.replace(transcriptMarkup, ' '))
}

/** Lower-cased, whitespace-collapsed text used to recognise a repeated message. */
export function normaliseForDuplicate(text: string): string {
  return text.replace(footerSeparator, '').toLowerCase().replace(/\s+/gu, ' ').trim()
}

export function computeNoiseFactors(features: NoiseFeatures): NoiseFactors {
  const text = features.content.replace(transcriptMarkup, ' ').trim()
  const words = spokenWords(text)
  const links = text.match(urlPattern)?.length ?? 0
  const withoutLinks = text.replace(urlPattern, ' ')
  const letters = withoutLinks.match(/\p{L}/gu)?.length ?? 0
  const upper = withoutLinks.match(/\p{Lu}/gu)?.length ?? 0
  const emojiOnly = text.length > 0 && text.replace(emojiShortcode, '').replace(emojiOrSymbol, '') === ''
  const spamHits = text.match(spamPhrases)?.length ?? 0
  // Shouting (mostly capitals over a real amount of text) and link farms are spam-like on their own.
  const shouting = letters >= 20 && upper / letters > 0.7 ? 0.3 : 0
  const linkFarm = links >= 3 && words < links * 6 ? 0.4 : 0

  return {
    // Saturates around 40 words: longer messages are not more important for being longer.
    length: round(clamp01(Math.log1p(words) / Math.log1p(40))),
    question: text.includes('?') || questionStart.test(text) ? 1 : 0,
    imperative: imperativePattern.test(text) ? 1 : 0,
    mentions: clamp01((text.match(mentionPattern)?.length ?? 0) / 2),
    links: clamp01(links / 2),
    code: codePattern.test(text) ? 1 : 0,
    urgency: urgencyPattern.test(text) ? 1 : 0,
    emoji_only: emojiOnly ? 1 : 0,
    greeting_thanks: !emojiOnly && ((words <= 8 && greetingOrThanks.test(text)) || (words <= 3 && greetingOpener.test(text))) ? 1 : 0,
    bot_author: features.isBot ? 1 : 0,
    duplicate: features.duplicate && words > 0 ? 1 : 0,
    spam_signals: round(clamp01(spamHits * 0.45 + shouting + linkFarm)),
    service: features.service ? 1 : 0,
    list_admin: words <= 40 && listAdmin.test(text) ? 1 : 0,
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000
