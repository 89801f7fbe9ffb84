// Derives a task's attributes from its source sentences: title, priority, category, assignee, due date, sub-tasks.
import * as chrono from 'chrono-node'
import type { taskCategoryValues, taskPriorityValues } from '../llm/index.js'
import { truncateAtWord } from './text.js'

type Priority = (typeof taskPriorityValues)[number]
type Category = (typeof taskCategoryValues)[number]

// Longest first: the first match is stripped, then the loop tries again ("hey bob, can you please ...").
const requestPrefixes = [
  /^(?:hey|hi|hello|ok|okay|so|also|and|btw|guys|team|folks|all)\b[,!:]?\s*/i,
  /^@[\w.-]+[,:]?\s*/,
  /^[A-Z][a-z]+\s*[:,]\s+(?=\S)/,
  /^(?:TODO|TO-DO|FIXME|action items?|AI)\s*[:-]\s*/i,
  /^\[ \]\s*/,
  /^(?:[-*•]|\d+[.)])\s+/,
  /^(?:can|could|would|will)\s+(?:you|u|someone|somebody|anyone|one of you)\s+(?:please\s+|pls\s+|kindly\s+)?(?:also\s+)?/i,
  /^(?:would|do) you mind\s+/i,
  /^(?:i|we)(?:'d| would)? (?:need|want|like|ask) (?:you|u|someone|somebody|one of you) to\s+/i,
  /^(?:we|you|u|someone|somebody|they|team)\s+(?:really\s+|still\s+|also\s+)?(?:need|needs|have|has|got)\s+to\s+/i,
  /^(?:we|you|u|someone)\s+(?:really\s+|probably\s+|also\s+)?(?:should|must|ought to)\s+/i,
  /^(?:please|pls|plz|kindly)[,]?\s+/i,
  /^(?:don'?t forget to|do not forget to|remember to|make sure (?:to|that)?|be sure to)\s+/i,
  /^let'?s\s+/i,
  /^(?:i|we)(?:'ll| will| am going to|'m going to| are going to)\s+/i,
  /^(?:пожалуйста|плиз)[,]?\s+/iu,
  /^(?:можешь|можете|сможешь|сможете|не могли бы вы|не мог бы ты)\s+(?:пожалуйста\s+)?/iu,
  /^(?:нужно|надо|необходимо|давай|давайте|не забудь|не забудьте)\s+/iu,
  /^(?:tolong|mohon|jangan lupa)\s+/i,
  /^(?:just|now)\s+/i,
]

/** A short imperative title: the request sentence without its politeness and address, capitalised. */
export function titleFromSentence(sentence: string): string {
  let title = sentence.trim()
  for (let pass = 0; pass < 4; pass += 1) {
    const before = title
    for (const prefix of requestPrefixes) title = title.replace(prefix, '')
    if (title === before) break
  }
  title = title
    .replace(/\s*\b(?:please|pls|thanks|thank you|thx|asap)\b[.!]*\s*$/i, '')
    .replace(/[?!.,;:\s]+$/, '')
    .replace(/\s+/g, ' ')
    .trim()
  if (title.length < 3) title = sentence.trim().replace(/[?!.\s]+$/, '')
  title = title.charAt(0).toUpperCase() + title.slice(1)
  return truncateAtWord(title, 90) || 'Follow up'
}

const priorityRules: Array<{ priority: Priority; pattern: RegExp }> = [
  {
    priority: 'critical',
    pattern:
      /\b(?:critical|blocker|sev ?1|p0|outage|production (?:is )?down|prod (?:is )?down|data loss|security (?:hole|issue|vulnerability)|emergency)\b|срочно|критично|авария/i,
  },
  {
    priority: 'high',
    pattern:
      /\b(?:urgent|asap|a\.s\.a\.p|high priority|important|as soon as possible|right away|immediately|today|tonight|by eod|end of day|blocking|p1)\b|важно|сегодня|побыстрее/i,
  },
  {
    priority: 'low',
    pattern:
      /\b(?:no rush|when you (?:have|get) (?:a )?(?:time|chance|a minute)|low priority|nice to have|someday|eventually|not urgent|whenever|at some point|p3)\b|не срочно|когда будет время/i,
  },
]

export function priorityOf(text: string, dueDate: string | null, referenceDate: Date): { priority: Priority; cue: string | null } {
  // The cue is the word that was said ("outage", "asap"), so the why line quotes the evidence.
  for (const rule of priorityRules) {
    const said = rule.pattern.exec(text)
    if (said) return { priority: rule.priority, cue: said[0].toLowerCase() }
  }
  if (dueDate && new Date(dueDate).getTime() - referenceDate.getTime() < 36 * 3600 * 1000) return { priority: 'high', cue: 'due-soon' }
  return { priority: 'medium', cue: null }
}

const categoryRules: Array<{ category: Category; pattern: RegExp }> = [
  {
    category: 'bug',
    pattern:
      /\b(?:bug|bugs|error|errors|broken|crash(?:es|ed|ing)?|fail(?:s|ed|ing|ure)?|exception|regression|doesn'?t work|does not work|not working|stack ?trace|404|500|panic|oom|leak)\b|ошибк|баг|не работает|падает|сломал/i,
  },
  {
    category: 'feature',
    pattern:
      /\b(?:feature|implement|add support|support for|new (?:page|endpoint|option|feature|button|command)|ability to|allow (?:users|us) to|integrate|integration)\b|добав|реализ|фич/i,
  },
  {
    category: 'improvement',
    pattern:
      /\b(?:improve|improvement|refactor|optimi[sz]e|speed up|faster|slow|clean ?up|simplify|upgrade|bump|polish|better)\b|улучш|ускор|оптимиз|рефактор/i,
  },
  {
    category: 'question',
    pattern: /^(?:what|why|how|who|where|when|which|is|are|does|do)\b[^?]*\?\s*$|\b(?:explain|clarify|any idea|wondering)\b/i,
  },
]

export function categoryOf(text: string): Category {
  for (const rule of categoryRules) if (rule.pattern.test(text)) return rule.category
  return 'chore'
}

/** The person asked: an @mention, a leading "Name:" address, or the author when they commit themselves. */
export function assigneeOf(sentence: string, author: string | null, isCommitment: boolean, knownNames: ReadonlySet<string>): string | null {
  const mention = /(?:^|\s)@([\w.-]{2,})/.exec(sentence)
  if (mention && mention[1].toLowerCase() !== author?.toLowerCase()) return mention[1]
  const address = /^(?:(?:hey|hi|ok|so)\s+)?([A-Z][\p{L}]+)\s*[:,]\s+\S/u.exec(sentence.trim())
  if (
    address &&
    !/^(?:Also|So|Then|Ok|Okay|Yes|No|Thanks|Please|Guys|Team|All|Hi|Hey|Hello|Note|PS|Update|Well|Now|Fyi|Btw)$/i.test(address[1])
  ) {
    return address[1]
  }
  const vocative = /,\s*([A-Z][\p{L}]+)\s*[?!.]?\s*$/u.exec(sentence.trim())
  if (vocative && knownNames.has(vocative[1].toLowerCase())) return vocative[1]
  if (isCommitment && author) return author
  return null
}

/** The first stated date in the text, as an ISO string, read forward from the message's time. */
export function dueDateOf(text: string, referenceDate: Date): string | null {
  const cyrillic = /[а-яё]/i.test(text)
  const results = (cyrillic ? chrono.ru : chrono).parse(text, referenceDate, { forwardDate: true })
  for (const result of results) {
    // "at 3pm" or a bare number alone is not a deadline; a day, weekday or relative day is.
    const component = result.start
    const statesDay =
      component.isCertain('day') ||
      component.isCertain('weekday') ||
      /\b(?:tomorrow|today|tonight|eod|week|month|завтра|сегодня|недел)/i.test(result.text)
    if (!statesDay) continue
    const date = component.date()
    if (Number.isNaN(date.getTime())) continue
    return date.toISOString()
  }
  return null
}

/** List items under the request ("- write tests", "1. update docs", "[ ] deploy") become sub-tasks. */
export function subTasksOf(content: string): string[] {
  const items: string[] = []
  for (const line of content.split('\n')) {
    const match = /^\s*(?:[-*•]|\d+[.)]|\[[ xX]?\])\s+(.{3,})$/.exec(line)
    if (match) items.push(titleFromSentence(match[1]))
  }
  return items.length >= 2 ? items.slice(0, 12) : []
}
