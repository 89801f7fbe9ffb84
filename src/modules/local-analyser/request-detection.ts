// Scores one sentence for "asks someone to do something" (a request, a to-do or a commitment) with cue rules.
// English and Russian cues (the chat samples mix both), plus a few Indonesian ones seen in the Telegram samples.
// Weights were tuned on the dev split of the e-mail intent set (eval/README.md); never on its test split.

export type RequestKind = 'request' | 'todo' | 'commitment'

export type RequestScore = {
  /** 0..1; a sentence with score >= requestThreshold is treated as an action item. */
  score: number
  kind: RequestKind | null
  /** Names of the rules that fired, for the proposal's reasoning. */
  cues: string[]
}

export const requestThreshold = 0.5

type Cue = { name: string; pattern: RegExp; weight: number; kind: RequestKind }

const imperativeVerbs =
  'send|check|review|fix|update|call|ask|make|create|add|remove|delete|schedule|prepare|forward|confirm|provide|contact|' +
  'set|book|submit|write|finish|complete|look|take|give|bring|arrange|tell|email|e-mail|reply|respond|sign|approve|print|' +
  'file|pay|move|deploy|test|merge|investigate|install|upgrade|open|close|draft|circulate|coordinate|organize|organise|' +
  'find|fill|return|share|post|publish|document|verify|ensure|double-check|ping|notify|inform|remind|invite|cancel|' +
  'reschedule|clean|rename|revert|rollback|restart|run|try|consider|discuss|meet|join|attend|read|note|call|fax|mail|' +
  'handle|follow|get|put|plan|fax|resend|sync|raise|escalate|assign|release|ship|backport|rebase|pull|push|build|patch|' +
  'use|help|keep|go|start|stop|change|modify|replace|include|attach|list|compile|collect|gather|let|hold|pick|drop|' +
  'setup|configure|enable|disable|refactor|implement|migrate|bump|label|tag|triage|reproduce|explain|clarify|vote|be'

const cues: Cue[] = [
  // Explicit requests addressed to the reader.
  { name: 'please', pattern: /(?<!\bto )\b(?:please|pls|plz|kindly)\b/i, weight: 0.55, kind: 'request' },
  {
    name: 'can-you',
    pattern: /\b(?:can|could|would|will|won't|wouldn't)\s+(?:you|u|y'all|someone|somebody|anyone|any of you)\b/i,
    weight: 0.55,
    kind: 'request',
  },
  {
    name: 'would-you-mind',
    pattern: /\b(?:would|do) you mind\b|\bwould it be possible\b|\bis it possible (?:for you|to get)\b/i,
    weight: 0.55,
    kind: 'request',
  },
  {
    name: 'let-me-know',
    pattern:
      /\blet (?:me|us|him|her|them|everyone|the team) know\b|\bget back to (?:me|us)\b|\bkeep (?:me|us) (?:posted|informed|updated)\b/i,
    weight: 0.6,
    kind: 'request',
  },
  // "let's" anywhere; "lets" without the apostrophe only opening a clause ("it lets the server start" is a verb).
  {
    name: 'lets',
    pattern:
      /(?:\blet['’]s|(?:^|[,;:.!(]\s*|\b(?:so|ok|okay|then|and|now|guys|team)\s+)lets)\b(?!\s+(?:say|see|hope|face it|not forget that|encrypt))/i,
    weight: 0.5,
    kind: 'request',
  },
  {
    name: 'need-to',
    pattern:
      /(?<!\bif )\b(?:we|you|u|someone|somebody|they|team)\s+(?:really\s+|still\s+|also\s+|will\s+)?(?:need|needs|have|has|got)\s+to\b/i,
    weight: 0.5,
    kind: 'request',
  },
  {
    name: 'should',
    pattern:
      /(?<!\bif (?:not )?)\b(?:we|you|u|someone|somebody)\s+(?:really\s+|probably\s+|also\s+)?(?:should|must|ought to)\b(?!\s+(?:have|be\s+(?:able|aware)))/i,
    weight: 0.5,
    kind: 'request',
  },
  {
    name: 'need-you',
    pattern:
      /\b(?:i|we)(?:'d| would)? (?:need|want|like|ask) (?:you|u|someone|somebody|one of you)\b|\bi need (?:your|the|a|an|some)\b|\b(?:i|we)(?:'d| would) (?:really )?(?:love|like) for (?:someone|somebody|you|one of you|anyone)\b.{0,60}\bto\b/i,
    weight: 0.55,
    kind: 'request',
  },
  {
    name: 'make-sure',
    pattern:
      /(?<!\bto )\b(?:make sure|be sure to|don'?t forget|do not forget|remember to|remember,|don'?t hesitate|do not hesitate|feel free to)\b/i,
    weight: 0.55,
    kind: 'request',
  },
  {
    name: 'would-like-to',
    pattern:
      /\b(?:i|we)(?:'d| would)(?:,? however,)? (?:also |really )?(?:like|love) to (?:discuss|meet|talk|schedule|set up|get together|review|share|see|go over|chat|arrange|move|reschedule|get in touch|invite|ask|confirm|speak|hear)\b/i,
    weight: 0.45,
    kind: 'request',
  },
  {
    name: 'contact-me',
    pattern:
      /\b(?:call|email|e-mail|contact|ping|text|reach|message)\s+(?:me|us)\b|\bgive (?:me |us |him |her |them )?a (?:call|ring|shout|buzz)\b|\bsend (?:me|us|it|them|over)\b/i,
    weight: 0.5,
    kind: 'request',
  },
  {
    name: 'meeting',
    pattern:
      /(?<!\b(?:how|what|why|where|when|which|who) )\b(?:can|could|shall|should) we\b|\bavailable (?:to|for) (?:a |the )?(?:meet|call|discuss|chat|talk|speak|lunch)/i,
    weight: 0.5,
    kind: 'request',
  },
  {
    name: 'invitation',
    pattern:
      /\b(?:how about|what about|would you like|do you want|(?:do|would|did) (?:you|u) want to|if you want to (?:join|come|meet|talk|go|chat|get together)|want to (?:join|come)|are you (?:still )?(?:available|free|around|interested)|any chance|care to|join us|invite you|would love (?:to have|for) you|count me in|you might (?:want|tell|give|consider|ask)|you may want to|if you (?:could|can|would)|it would be (?:very |really |most |extremely )?(?:great|helpful|nice|good|appreciated) if|i'?d appreciate|would appreciate|appreciate (?:it )?if|look forward to (?:seeing|hearing|meeting))\b/i,
    weight: 0.5,
    kind: 'request',
  },
  // Asking for a review: "any feedback would be appreciated", "PTAL", "could you look this over".
  {
    name: 'review-request',
    pattern:
      /\b(?:feedback|review|reviews|thoughts|comments|input)\b.{0,30}\b(?:would be|is|are|will be)\s+(?:very |much |greatly |really |most )?(?:appreciated|welcome)\b|\bPTAL\b|\blook (?:this|it|them|these) over\b|\blook over (?:this|it|the)\b/i,
    weight: 0.55,
    kind: 'request',
  },
  {
    name: 'todo-marker',
    pattern: /(?:^|\s)(?:TODO|TO-DO|FIXME|action items?|AI)\s*[:-]|\[ \]|^\s*(?:todo|to do)\b/i,
    weight: 0.75,
    kind: 'todo',
  },
  {
    name: 'assigned',
    pattern:
      /(?:^|\s)@[\w.-]+\b.{0,40}\b(?:can|could|will|would|please|pls)\b|^\s*[A-Z][a-z]+\s*[:,]\s*(?:please|pls|can|could|would|will)\b/,
    weight: 0.25,
    kind: 'request',
  },
  {
    name: 'deadline',
    pattern:
      /\b(?:by|before|until|no later than|due)\s+(?:eod|end of (?:day|week|month)|tomorrow|tonight|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next week|the end|\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)|\d{1,2}\/\d{1,2}|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i,
    weight: 0.2,
    kind: 'request',
  },
  {
    name: 'asap',
    pattern: /\b(?:asap|a\.s\.a\.p|urgent(?:ly)?|right away|as soon as possible|at your earliest convenience)\b/i,
    weight: 0.25,
    kind: 'request',
  },
  {
    name: 'meeting-request',
    pattern:
      /\b(?:need|want|like|love|happy|glad|request) to (?:discuss|speak|talk|meet|chat|catch up|go over|reschedule)\b|\brequest a (?:meeting|call)\b|\b(?:maybe|perhaps) we (?:can|could|should)\b(?!\s+(?:think about|think of|consider))|\b(?:wanna|want to) (?:come|try|join|go|grab|eat|meet|get together|hang out)\b|\bwhen you (?:get|have) a (?:minute|second|sec|chance|moment)\b|\b(?:is it |it's )?possible to (?:meet|talk|get|have|discuss)\b|\b(?:work|better|good|convenient|ok|okay) for you\b/i,
    weight: 0.5,
    kind: 'request',
  },
  {
    name: 'suggestion',
    pattern:
      /\b(?:i(?:'d| would)? (?:suggest|recommend|advise|propose)|my (?:suggestion|recommendation|advice) (?:is|would be)|(?:your|the) best (?:option|bet|approach) (?:is|would be|might be)|you (?:might|may) want to|you could (?:try|use|add|set|run|just)|you can (?:try|just)|i(?:'d| would) (?:try|go with|start with)|try (?:to |using |setting |adding |running )|the way to go)\b/i,
    weight: 0.5,
    kind: 'request',
  },
  // Commitments: the author takes on the work ("I'll fix it tomorrow").
  {
    name: 'commitment',
    pattern:
      /\b(?:i|we)(?:'ll| will| am going to|'m going to| are going to)\s+(?:\w+\s+)?(?:fix|send|look|check|update|prepare|write|review|handle|take (?:a look|care)|follow up|get back|deploy|create|add|investigate|draft|schedule|call|set up|finish|ship|submit|file|try|do|start|make|test|build|install|remove|move|implement|merge|release|publish|ask|post|contact|reach out|need to ask|get (?:it|this|that|these|those) (?:fixed|done|sorted|merged|updated|out))\b/i,
    weight: 0.5,
    kind: 'commitment',
  },
  // One's own stated plan: "before I submit it", "I need to migrate my tooling", "I plan to upgrade".
  {
    name: 'own-plan',
    pattern:
      /\bbefore i (?:submit|file|open|send|post|report|merge|release|publish|push|deploy)\b|\bi (?:still |also |now )?(?:need|have|plan|intend|want) to (?:migrate|fix|update|upgrade|write|submit|file|move|finish|port|rewrite|replace|remove|add|implement|release|publish|deploy|send|prepare|review|test|refactor|document|open|report)\b/i,
    weight: 0.5,
    kind: 'commitment',
  },
  // Russian.
  { name: 'ru-please', pattern: /(?:^|[^\p{L}])(?:пожалуйста|плиз|будь добр|будьте добры)(?![\p{L}])/iu, weight: 0.55, kind: 'request' },
  {
    name: 'ru-can-you',
    pattern: /(?:^|[^\p{L}])(?:можешь|можете|сможешь|сможете|не могли бы|не мог бы|не могла бы)(?![\p{L}])/iu,
    weight: 0.55,
    kind: 'request',
  },
  {
    name: 'ru-need',
    pattern: /(?:^|[^\p{L}])(?:нужно|надо|необходимо|требуется|следует|должны|должен|должна)(?![\p{L}])/iu,
    weight: 0.5,
    kind: 'request',
  },
  { name: 'ru-lets', pattern: /(?:^|[^\p{L}])(?:давай|давайте)(?![\p{L}])/iu, weight: 0.5, kind: 'request' },
  {
    name: 'ru-dont-forget',
    pattern: /(?:^|[^\p{L}])(?:не забудь|не забудьте|напомни|напомните|проследи|убедись|убедитесь)(?![\p{L}])/iu,
    weight: 0.55,
    kind: 'request',
  },
  {
    name: 'ru-imperative',
    pattern:
      /^(?:[\p{Lu}][\p{L}]+,\s*)?(?:сделай|сделайте|проверь|проверьте|посмотри|посмотрите|пришли|пришлите|отправь|отправьте|исправь|исправьте|добавь|добавьте|удали|удалите|обнови|обновите|напиши|напишите|позвони|позвоните|подготовь|подготовьте|создай|создайте|скинь|скиньте|глянь|гляньте|почини|почините|запусти|запустите|поправь|поправьте|сообщи|сообщите|дай|дайте)(?![\p{L}])/iu,
    weight: 0.6,
    kind: 'request',
  },
  {
    name: 'ru-commitment',
    pattern:
      /(?:^|[^\p{L}])(?:я|мы)\s+(?:сделаю|сделаем|проверю|проверим|посмотрю|посмотрим|исправлю|исправим|пришлю|отправлю|займусь|займёмся|подготовлю)(?![\p{L}])/iu,
    weight: 0.35,
    kind: 'commitment',
  },
  // Indonesian (the tgif Telegram samples).
  // "Mohon maaf" / "mohon izin" apologise or ask leave; they ask nobody to do anything.
  {
    name: 'id-please',
    pattern: /\b(?:tolong|mohon(?!\s+(?:maaf|ma'?af|izin|ijin|permisi))|jangan lupa)\b/i,
    weight: 0.55,
    kind: 'request',
  },
]

/** One cue's pattern, for callers that look for it in a whole message. */
export function requestCuePattern(name: string): RegExp {
  const cue = cues.find((c) => c.name === name)
  if (!cue) throw new Error(`no request cue named ${name}`)
  return cue.pattern
}

const englishFunctionWord =
  /\b(?:the|a|an|to|it|this|that|for|with|and|or|on|in|your|my|me|us|of|at|by|from|some|any|if|not|is|are|be|up)\b/i

/** A sentence that starts with a bare verb, optionally after an address ("Toni: ", "@bob ", "Hey team,"). */
const imperativeStart = new RegExp(
  `^(?:(?:hey|hi|ok|okay|so|also|and|then|guys|team|all|folks)[,!]?\\s+)*(?:@[\\w.-]+[,:]?\\s+|(?!(?:No|Yes|Ok|Okay|Well|So|Oh|Hmm|Yeah|Nah|Sure|Right)\\b)[A-Z][a-z]+\\s*[:,]\\s+)?(?:just\\s+|also\\s+|now\\s+|maybe\\s+|perhaps\\s+|please\\s+)*(?:${imperativeVerbs})\\b(?!\\s*(?:ing|ed)\\b)(?!\\s+that\\b)`,
  'i',
)

// Mass-mailing imperatives ("click here", "unsubscribe") ask nobody in particular: the intent set labels them "No".
const broadcastPattern =
  /\b(?:click|unsubscribe|subscribe|opt[- ]?out|address book|safe (?:sender|list)|white ?list|view (?:it |this )?(?:online|in your browser)|\$LINK|free (?:trial|download|shipping|gift)|shop now|buy now|order now|sign up now|limited time|offer (?:valid|ends|expires)|discount|% off|coupon|promo|visit (?:our|us)|download (?:the|our) app|follow us|like us|terms and conditions|privacy policy|this (?:e-?mail|message) was sent|you are receiving|do not reply|to ensure (?:future )?delivery|(?:stop|future) mailings|no longer receive|spam folder|email preferences|attached please find|please find attached)\b/i

// Reported or hypothetical speech is not a request to the reader.
const reportedPattern =
  /\b(?:he|she|they|it)\s+(?:will|would|can|could|should|needs to|has to|wants to|asked)\b|\b(?:if|whether)\s+(?:you|we)\s+(?:need|want|have)\b.*\b(?:can|will)\b(?!.*\b(?:please|let (?:me|us) know)\b)/i

/** A short phrase in quotation marks is mentioned, not said: 'he always says “let's take it offline”'. */
const quotedPhrase = /[“«„][^”»“]{1,80}[”»“]|"[^"]{1,80}"/g

export function scoreRequest(sentence: string): RequestScore {
  const text = sentence.replace(quotedPhrase, (quoted) => (quoted.length === sentence.trim().length ? quoted : '“…”')).trim()
  if (text.length < 3) return { score: 0, kind: null, cues: [] }
  const fired: Cue[] = []
  for (const cue of cues) if (cue.pattern.test(text)) fired.push(cue)
  // A bare verb opens the sentence: an imperative only if the sentence is English prose (mixed-language chat
  // like "Read committed => naon?" starts with a verb too).
  if (
    imperativeStart.test(text) &&
    !/^(?:let me|let us)\b/i.test(text) &&
    (englishFunctionWord.test(text) || text.split(/\s+/).length <= 3)
  ) {
    fired.push({ name: 'imperative', pattern: imperativeStart, weight: 0.5, kind: 'request' })
  }
  if (fired.length === 0) return { score: 0, kind: null, cues: [] }

  // Noisy-or of the cue weights: several weak cues add up, one strong cue suffices.
  let miss = 1
  for (const cue of fired) miss *= 1 - cue.weight
  let score = 1 - miss

  const isQuestion = /\?\s*$/.test(text)
  if (isQuestion && fired.some((cue) => cue.name === 'can-you' || cue.name === 'meeting')) score += 0.1
  if (broadcastPattern.test(text)) score -= 0.35
  // "Is it ... if we have to ...?" asks for an opinion, not for work.
  if (
    isQuestion &&
    /^(?:is|are|was|were|why|what|isn.t|aren.t)\b/i.test(text) &&
    !fired.some((cue) => ['please', 'can-you', 'let-me-know', 'invitation', 'meeting', 'meeting-request'].includes(cue.name))
  )
    score -= 0.2
  if (reportedPattern.test(text) && !fired.some((cue) => ['please', 'let-me-know', 'can-you', 'todo-marker'].includes(cue.name)))
    score -= 0.2
  if (text.split(/\s+/).length < 3 && !fired.some((cue) => cue.kind === 'todo')) score -= 0.2

  const kind = pickKind(fired)
  return { score: Math.max(0, Math.min(1, score)), kind, cues: fired.map((cue) => cue.name) }
}

function pickKind(fired: Cue[]): RequestKind {
  if (fired.some((cue) => cue.kind === 'todo')) return 'todo'
  if (fired.every((cue) => cue.kind === 'commitment')) return 'commitment'
  return 'request'
}
