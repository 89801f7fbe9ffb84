// Local knowledge-atom extraction: only knowledge that carries content. A problem or question together with the
// answer or fix that followed it (one atom per problem, every answering message attached), a decision with its
// reason, an explicit insight ("turns out", "the root cause was"). A bare question, a complaint, a requirement
// or a habit on its own is not an atom: reviewers rejected those by the hundred (issue 20).
import type { BuiltinTaskInput, BuiltinTaskOutput, atomTypeValues } from '../llm/index.js'
import { isAnnouncement, isNotification } from './boilerplate.js'
import { scoreRequest } from './request-detection.js'
import { cleanMessageText, contentTerms, roundScore, termOverlap, splitSentences, truncateAtWord } from './text.js'

type Input = BuiltinTaskInput<'atom_extraction'>
type Output = BuiltinTaskOutput<'atom_extraction'>
type Atom = Output['atoms'][number]
type AtomType = (typeof atomTypeValues)[number]
type Message = Input['messages'][number]

const decisionCue =
  /\b(?:we(?:'ve| have)? decided|decided to|decision(?: is| was)|we(?:'ll| will) go with|let'?s go with|agreed (?:to|on|that)|we agreed|settled on|we chose|we(?:'re| are) going to use|from now on|going forward|we (?:will )?no longer|time to (?:let go|deprecate|drop|retire|move)|we do)\b|решили|договорились|решение принято|остановились на/i
const reasonCue =
  /\b(?:because|since|so that|as it|due to|otherwise|to avoid|in order to|expensive|cheaper|faster|slower|simpler|easier|too (?:slow|costly|hard)|the reason)\b|потому что|так как|чтобы/i
const solutionCue =
  /\b(?:fixed (?:it |this )?by|the fix (?:is|was)|solution (?:is|was)|solved|workaround|resolved (?:it|this|by)|the trick (?:is|was)|what worked|it worked after|worked like a charm|you can (?:use|set|try|run|add)|try (?:setting|using|running|adding)|instead use|use .{1,40} instead|the answer is|i(?:'d| would)? (?:suggest|recommend)|you (?:could|can|should|might want to|need to) (?:try|use|run|set|add|check|enable|disable|put|look)|the way to|depends on|it is (?:set|done|configured)|make sure)\b|помогло|решается|решение:|обходное|исправил[аи]?\s/i
const problemCue =
  /\b(?:error|errors|exception|fails?|failed|failing|failure|broken|crash(?:es|ed)?|bug|issue|problem|doesn'?t work|does not work|not working|can'?t|cannot|unable to|timeout|timed out|out of memory|stuck|wrong)\b|\?\s*$|ошибк|не работает|падает|проблема|сломал|зависает/i
const insightCue =
  /\b(?:turns out|it turned out|the root cause|the reason (?:is|was)|the trick (?:is|was)|i (?:learned|realized|realised|found out)|apparently|note that|keep in mind|the difference (?:is|between))\b|оказывается|оказалось|причина в/i
const confirmation =
  /\b(?:solved|worked|works now|fixed it|that did it|did the trick|that was it|great advice|helped)\b|помогло|заработало/i

const adviceCues = new Set(['imperative', 'suggestion', 'should'])
function isAdvice(sentence: string): boolean {
  if (/\?\s*$/.test(sentence)) return false
  const scored = scoreRequest(sentence)
  return scored.score >= 0.5 && scored.cues.some((cue) => adviceCues.has(cue))
}

/**
 * A reply that asks back ("Have you tried…? What's in your log files?", "Maybe you could post the config") is
 * a step of the diagnosis, not the answer.
 */
function asksBack(sentences: string[]): boolean {
  const questions = sentences.filter((s) => /\?\s*$/.test(s)).length
  return questions * 3 >= sentences.length || sentences.some((s) => requestForDetails.test(s))
}
const requestForDetails =
  /\b(?:could|can|would) you (?:please )?(?:post|send|share|show|paste|attach|provide)\b|\bplease (?:post|send|share|paste|attach|provide)\b/i

/**
 * A question put to the asker ("have you checked the files?", "Did you see this syntax error?"), or one from
 * someone who answered before, clarifies the problem under discussion; it does not open one of its own.
 */
function clarifying(sentence: string, message: Message, problems: OpenProblem[]): boolean {
  if (/^(?:have|did|do|does|are|were|is|can|could|what(?:'s| is) in) (?:you|your)\b/i.test(sentence)) return true
  return !!message.author && problems.some((p) => p.answerers.has(message.author!))
}
/** "I got the same issue before", "me too": the problem is someone else's, already open. */
const sameProblem = /\b(?:same (?:issue|problem|error)|me too|\+1)\b/i

const requestCues = new Set(['please', 'can-you', 'need-you', 'let-me-know', 'would-you-mind', 'todo-marker'])
function asksOthers(sentence: string): boolean {
  const scored = scoreRequest(sentence)
  return scored.score >= 0.5 && scored.cues.some((cue) => requestCues.has(cue))
}

/** The same text posted again (a list repost under another name) restates the problem; it does not answer it. */
function repeats(problem: string, reply: string): boolean {
  const a = new Set(contentTerms(cleanMessageText(problem)))
  const b = new Set(contentTerms(reply))
  return termOverlap(a, b) >= 0.6
}

/** A reply this long (after cleaning) that follows an open question counts as an answer even without a cue. */
const answerWords = 15
/** A problem stays open this many messages. */
const problemWindow = 10

/** A problem under discussion; closed once its asker confirms a fix (later messages are about something else). */
type OpenProblem = {
  index: number
  message: Message
  sentence: string
  atom: (Atom & { answered: boolean }) | null
  closed: boolean
  /** Who answered it: their later questions clarify this problem rather than open one. */
  answerers: Set<string>
}

function sharedTerms(a: string, b: string): number {
  const terms = new Set(contentTerms(cleanMessageText(a)))
  return new Set(contentTerms(b).filter((term) => terms.has(term))).size
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length
const firstMatching = (sentences: string[], pattern: RegExp) =>
  sentences.find((s) => wordCount(s) >= 4 && s.length <= 600 && pattern.test(s))
const tagsOf = (text: string) => [...new Set(contentTerms(text).filter((term) => term.length > 3))].slice(0, 4)
const oneLine = (text: string, length: number) => truncateAtWord(text.replace(/\s+/g, ' ').trim(), length)

function atom(type: AtomType, title: string, content: string, confidence: number, ids: string[]): Atom {
  return {
    type,
    title: oneLine(title.replace(/[.!\s]+$/, ''), 100),
    content: truncateAtWord(content, 1000),
    confidence: roundScore(confidence),
    source_message_ids: ids,
    tags: tagsOf(`${title} ${content}`),
  }
}

export function extractAtomsLocally(input: Input): Output {
  const atoms: Atom[] = []
  const problems: OpenProblem[] = []
  input.messages.forEach((message, index) => {
    if (message.isBot || isNotification(message.content)) return
    const text = cleanMessageText(message.content)
    if (!text || isAnnouncement(text)) return
    const sentences = splitSentences(text)
    const open = problems.filter((p) => !p.closed && index - p.index <= problemWindow)

    // The asker confirming a fix ("Solved!", "worked like a charm") attaches to their problem's atom, or makes one.
    const own = open.filter((p) => p.message.author && p.message.author === message.author).pop()
    if (own && confirmation.test(text)) {
      own.closed = true
      if (own.atom) {
        own.atom.source_message_ids.push(message.id)
        own.atom.confidence = roundScore(Math.min(0.95, own.atom.confidence + 0.15))
      } else {
        own.atom = {
          ...atom('solution', own.sentence, `Problem: ${oneLine(own.sentence, 300)}\nSolved: ${oneLine(text, 600)}`, 0.8, [
            own.message.id,
            message.id,
          ]),
          answered: true,
        }
        atoms.push(own.atom)
      }
      return
    }

    // A decision, kept when it gives its reason (in the same message).
    const decision = firstMatching(sentences, decisionCue)
    if (decision && (reasonCue.test(text) || wordCount(text) >= 40)) {
      atoms.push(atom('decision', decision, oneLine(text, 800), 0.75, [message.id]))
      return
    }
    // Someone else answering an open problem: a solution cue, or a substantial statement that is not a question.
    // Advice ("Put it back and invoke apachectl instead") answers a problem as much as "the fix is" does.
    const solutionSentence =
      firstMatching(sentences, solutionCue) ?? sentences.find((s) => wordCount(s) >= 4 && s.length <= 600 && isAdvice(s))
    // Without a solution cue, a long reply answers only if it is a plain statement: not a question or a request
    // of its own ("I would love for someone to take this over"), not a repost of the problem.
    const substantial = wordCount(text) >= answerWords && !text.includes('?') && !asksBack(sentences) && !sentences.some(asksOthers)
    // In a busy chat the answer must be about the problem: shared terms, or right after it.
    const related = (p: OpenProblem) => index - p.index <= 2 || sharedTerms(p.message.content, text) >= (solutionSentence ? 1 : 2)
    const others = open.filter((p) => (p.message.author !== message.author || !message.author) && related(p))
    const target = others.filter((p) => !repeats(p.message.content, text)).pop()
    if (target && (solutionSentence || substantial)) {
      if (message.author) target.answerers.add(message.author)
      if (target.atom) {
        target.atom.source_message_ids.push(message.id)
        target.atom.content = truncateAtWord(
          `${target.atom.content}\nAlso (${message.author ?? 'someone'}): ${oneLine(solutionSentence ?? text, 300)}`,
          1000,
        )
      } else {
        const content = `Problem: ${oneLine(target.sentence, 300)}\nAnswer (${message.author ?? 'someone'}): ${oneLine(solutionSentence ?? text, 600)}`
        target.atom = {
          ...atom('solution', target.sentence, content, solutionSentence ? 0.72 : 0.6, [target.message.id, message.id]),
          answered: true,
        }
        atoms.push(target.atom)
      }
      return
    }

    const insight = firstMatching(sentences, insightCue)
    if (insight && wordCount(insight) >= 8 && !text.includes('?')) {
      atoms.push(atom('insight', insight, oneLine(text, 800), 0.65, [message.id]))
      return
    }
    // A problem or question opens; it becomes knowledge only if an answer follows.
    // Clarifying and follow-up questions while a problem is being discussed belong to it, not to a new problem.
    const problem = firstMatching(sentences, problemCue)
    if (problem && open.length === 0 && !clarifying(problem, message, problems) && !sameProblem.test(problem))
      problems.push({ index, message, sentence: problem, atom: null, closed: false, answerers: new Set() })
  })
  return { atoms }
}
