// Local task extraction: request sentences become tasks; messages that speak of the same task are grouped.
import type { BuiltinTaskInput, BuiltinTaskOutput } from '../llm/index.js'
import { requestCuePattern, requestThreshold, scoreRequest, type RequestKind } from './request-detection.js'
import { assigneeOf, categoryOf, dueDateOf, priorityOf, subTasksOf, titleFromSentence } from './task-attributes.js'
import { cleanMessageText, contentTerms, overlapCoefficient, roundScore, splitSentences, termOverlap, truncateAtWord } from './text.js'
import { isAnnouncement, isCourtesy, isHelpSeeking, isNotification, quotesAnotherMessage } from './boilerplate.js'
import { calibratedConfidence, whyLine } from './task-evidence.js'

type Input = BuiltinTaskInput<'task_extraction'>
type Output = BuiltinTaskOutput<'task_extraction'>
type ExtractedTask = Output['tasks'][number]
type Message = Input['messages'][number]

type TaskGroup = {
  /** Position of the first message in the input (to see what happened after it). */
  firstIndex: number
  messages: Message[]
  /** The request sentences, in order; the first is the one the title comes from. */
  sentences: string[]
  score: number
  kind: RequestKind
  cues: Set<string>
  terms: Set<string>
  lastIndex: number
  subTasks: string[]
  acceptedBy: string | null
}

// Two requests within this many messages whose content terms overlap this much are one task.
const groupingWindow = 8
const groupingOverlap = 0.5
const acknowledgement =
  /^(?:ok(?:ay)?|sure|will do|on it|done|got it|yes|yep|agreed|sounds good|i'?ll (?:do|take|handle) (?:it|this|that)|ок|окей|сделаю|беру|принято|хорошо|siap|oke)\b[\s!.,]*(?:\S+\s*){0,4}$/i

export function extractTasksLocally(input: Input): Output {
  const groups: TaskGroup[] = []
  const knownNames = new Set(input.messages.flatMap((message) => (message.author ? message.author.toLowerCase().split(/\s+/) : [])))

  input.messages.forEach((message, index) => {
    // Bots, notifications and announcements inform; their imperative lines ask nobody for anything.
    if (message.isBot || isNotification(message.content)) return
    const text = cleanMessageText(message.content)
    if (!text) return
    const open = groups.filter((group) => index - group.lastIndex <= groupingWindow)
    if (acknowledgement.test(text) && open.length > 0) {
      // "on it" / "сделаю" right after a request: the responder takes the task, and the message belongs to it.
      const latest = open[open.length - 1]
      if (index - latest.lastIndex <= 2 && message.author && !latest.messages.some((m) => m.author === message.author)) {
        latest.messages.push(message)
        latest.acceptedBy = message.author
        latest.lastIndex = index
      }
      return
    }

    const requestSentences: Array<{ sentence: string; score: number; kind: RequestKind; cues: string[] }> = []
    // An announcement informs, unless it asks for a review ("PR: … any feedback would be appreciated").
    if (isAnnouncement(text) && !reviewRequest.test(text)) return
    const answering = quotesAnotherMessage(message.content) || answersOpenQuestion(input.messages, index)
    const describesOwnProblem = !answering && questionOrProblem.test(text)
    for (const sentence of splitSentences(text)) {
      if (sentence.length > 500 || isCourtesy(sentence)) continue
      const scored = scoreRequest(sentence)
      // Asking the list for help is not work to track, unless the asker states their own next step with it
      // ("could anyone confirm this is a bug before I submit it?").
      if (isHelpSeeking(sentence) && !scored.cues.includes('own-plan')) continue
      // Advice in a reply to someone's question is that question's answer (knowledge), not work to track.
      if (answering && scored.cues.every((cue) => adviceCues.has(cue))) continue
      // "Build with vcxproj and tested on Windows": a report of done work that opens with a bare verb.
      if (scored.cues.every((cue) => cue === 'imperative') && doneWorkReport.test(sentence)) continue
      // Someone describing their own problem ("Consider the request curl …", "Note, in production …"): the bare
      // verbs set the scene for their question; they ask nobody to do that.
      if (scored.cues.every((cue) => cue === 'imperative') && (describesOwnProblem || narrationVerb.test(sentence))) continue
      if (scored.kind && scored.score >= requestThreshold)
        requestSentences.push({ sentence, score: scored.score, kind: scored.kind, cues: scored.cues })
    }
    if (requestSentences.length === 0) return
    const best = Math.max(...requestSentences.map((s) => s.score)) * (message.isBot ? 0.8 : 1)
    if (best < requestThreshold) return

    const terms = new Set(contentTerms(requestSentences.map((s) => s.sentence).join(' ')))
    // A request continued in the author's next message ("Need that done before Friday") is the same task.
    // One person's plans in a thread ("I'll ask the host", then "I will post on the forum") are one task: their plan.
    const commitsOnly = requestSentences.every((s) => s.kind === 'commitment')
    const related = open.find(
      (group) =>
        overlapCoefficient(group.terms, terms) >= groupingOverlap ||
        (group.lastIndex === index - 1 && group.messages[group.messages.length - 1].author === message.author && !!message.author) ||
        (commitsOnly && group.kind === 'commitment' && !!message.author && group.messages[0].author === message.author),
    )
    if (related) {
      related.messages.push(message)
      related.sentences.push(...requestSentences.map((s) => s.sentence))
      related.score = Math.max(related.score, best)
      for (const s of requestSentences) for (const cue of s.cues) related.cues.add(cue)
      for (const term of terms) related.terms.add(term)
      related.lastIndex = index
      if (related.subTasks.length === 0) related.subTasks = subTasksOf(text)
      return
    }
    groups.push({
      firstIndex: index,
      messages: [message],
      sentences: requestSentences.map((s) => s.sentence),
      score: best,
      kind: requestSentences[0].kind,
      cues: new Set(requestSentences.flatMap((s) => s.cues)),
      terms,
      lastIndex: index,
      subTasks: subTasksOf(text),
      acceptedBy: null,
    })
  })

  const open = groups.filter((group) => !answeredLater(group, input.messages))
  // A calibrated confidence under one half says the proposal is more likely noise than work: not proposed.
  return { tasks: open.map((group) => describeTask(group, input, knownNames)).filter((task) => task.confidence >= minimumConfidence) }
}

export const minimumConfidence = 0.5
const reviewRequest = requestCuePattern('review-request')
const narrationVerb = /^(?:note|consider|imagine|suppose|say|assume)\b[,:]?/i
const doneWorkReport = /\band (?:tested|built|verified|checked|confirmed|installed|ran|deployed|works|worked)\b/i
const adviceCues = new Set(['suggestion', 'imperative', 'should', 'need-to', 'make-sure', 'contact-me', 'lets', 'invitation'])
const questionOrProblem =
  /\?|\b(?:error|fails?|failed|failing|broken|doesn'?t work|does not work|not working|can'?t|cannot|unable to|problem|issue|stuck)\b/i

/** The message replies to a question or problem someone else raised in the few messages before it. */
function answersOpenQuestion(messages: Message[], index: number): boolean {
  const author = messages[index].author
  for (const earlier of messages.slice(Math.max(0, index - answerWindow), index).reverse()) {
    if (earlier.author === author && author) continue
    if (questionOrProblem.test(cleanMessageText(earlier.content))) return true
  }
  return false
}

// An information request ("can you tell me…?", "let me know how…", "any idea…?") that someone else answered
// further on is handled: what it produced is knowledge at most, not work for a reviewer.
const informationRequest =
  /\b(?:tell|show|explain|know|advise|help|idea|suggest|recommend|point me|clarify|share (?:your|some) (?:thoughts|experience)|think of|confirm|figure out)\b/i
const answerWindow = 6
/** An imperative that asks to be told something ("AI, explain why …", "tell me how …"). */
const tellMe = /^(?:[\p{L}@][\p{L}\p{N}._-]*,\s*)?(?:please\s+)?(?:explain|tell (?:me|us)|show (?:me|us)|describe|clarify)\b/iu

function answeredLater(group: TaskGroup, messages: Message[]): boolean {
  if (group.kind !== 'request' || group.acceptedBy) return false
  const first = group.sentences[0]
  // A question, "let me know the next steps" or "explain why …": all are settled by the reply that tells.
  if (!informationRequest.test(first) || !(/\?\s*$/.test(first) || group.cues.has('let-me-know') || tellMe.test(first))) return false
  const asker = group.messages[0].author
  const after = messages.slice(group.firstIndex + 1, group.firstIndex + 1 + answerWindow)
  return after.some(
    (m) => !group.messages.includes(m) && !!m.author && m.author !== asker && cleanMessageText(m.content).split(/\s+/).length >= 8,
  )
}

function describeTask(group: TaskGroup, input: Input, knownNames: ReadonlySet<string>): ExtractedTask {
  const first = group.messages[0]
  const referenceDate = first.sentAt && !Number.isNaN(Date.parse(first.sentAt)) ? new Date(first.sentAt) : new Date()
  const requestText = group.sentences.join(' ')
  const dueDate = dueDateOf(requestText, referenceDate)
  const { priority, cue: priorityCue } = priorityOf(requestText, dueDate, referenceDate)
  const title = titleFromSentence(group.sentences[0])
  const assignee = assigneeOf(group.sentences[0], first.author ?? null, group.kind === 'commitment', knownNames) ?? group.acceptedBy

  const projectKeywords = (input.project?.keywords ?? []).filter((keyword) => requestText.toLowerCase().includes(keyword.toLowerCase()))
  const tags = [...new Set([...projectKeywords.map((k) => k.toLowerCase()), ...topTerms(requestText.replace(/@[\w.-]+/g, ' '), 3)])].slice(
    0,
    5,
  )

  const similar = mostSimilarTask(title, input.existingTasks ?? [])
  const confidence = calibratedConfidence({
    score: group.score,
    kind: group.kind,
    cues: group.cues,
    sentence: group.sentences[0],
    addressed: assignee !== null,
    hasDueDate: dueDate !== null,
    messageCount: group.messages.length,
    projectKeywordMatched: projectKeywords.length > 0,
  })
  const reasoning = whyLine({
    author: first.author ?? null,
    sentence: group.sentences[0],
    kind: group.kind,
    cues: [...group.cues],
    dueDate,
    priorityCue,
    messageCount: group.messages.length,
    acceptedBy: group.acceptedBy,
    similarTaskId: similar?.id ?? null,
  })

  return {
    title,
    description: group.messages
      .map(
        (message) =>
          `${message.author ? `${message.author}: ` : ''}${truncateAtWord(cleanMessageText(message.content).replace(/\s+/g, ' '), 400)}`,
      )
      .join('\n'),
    priority,
    category: categoryOf(requestText),
    tags,
    sub_tasks: group.subTasks,
    source_message_ids: group.messages.map((message) => message.id),
    due_date: dueDate,
    assignee,
    confidence: roundScore(confidence),
    reasoning,
    recommendation: similar ? 'update_existing' : 'new_task',
  }
}

function topTerms(text: string, count: number): string[] {
  const frequency = new Map<string, number>()
  for (const word of text.toLowerCase().match(/[\p{L}][\p{L}\p{N}-]{3,}/gu) ?? []) {
    if (contentTerms(word).length === 0) continue
    frequency.set(word, (frequency.get(word) ?? 0) + 1)
  }
  return [...frequency.entries()]
    .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)
    .slice(0, count)
    .map(([word]) => word)
}

function mostSimilarTask(title: string, existing: Array<{ id: string; title: string }>): { id: string; overlap: number } | null {
  const terms = new Set(contentTerms(title))
  let best: { id: string; overlap: number } | null = null
  for (const task of existing) {
    const overlap = termOverlap(terms, new Set(contentTerms(task.title)))
    if (overlap >= 0.5 && (!best || overlap > best.overlap)) best = { id: task.id, overlap }
  }
  return best
}
