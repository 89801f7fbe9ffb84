// Local knowledge-atom extraction: sentences with cue phrases become problem/solution/decision/... atoms.
import type { BuiltinTaskInput, BuiltinTaskOutput, atomTypeValues } from '../llm/builtin-tasks.js'
import { cleanMessageText, contentTerms, roundScore, splitSentences, termOverlap, truncateAtWord } from './text.js'

type Input = BuiltinTaskInput<'atom_extraction'>
type Output = BuiltinTaskOutput<'atom_extraction'>
type AtomType = (typeof atomTypeValues)[number]

// Order matters: a sentence gets the first type whose cue matches (a decision that mentions a problem is a decision,
// a question about an error is a question, a suggestion that mentions a failure is a solution).
const atomCues: Array<{ type: AtomType; pattern: RegExp; weight: number }> = [
  { type: 'decision', weight: 0.8, pattern: /\b(?:we(?:'ve| have)? decided|decided to|decision(?: is| was)?|we(?:'ll| will) go with|let'?s go with|going with|agreed (?:to|on|that)|we agreed|settled on|final answer|we chose|we(?:'re| are) going to use|from now on|going forward)\b|решили|договорились|решение принято|остановились на/i },
  { type: 'question', weight: 0.55, pattern: /\?\s*$/ }, // sentences are 4+ words (checked below)
  { type: 'solution', weight: 0.75, pattern: /\b(?:fixed (?:it |this )?by|the fix (?:is|was)|solution (?:is|was)|solved (?:it|this|by)|workaround|resolved (?:it|this|by)|the trick (?:is|was)|what worked|it worked after|fixed in|you can (?:use|set|try|run|add)|try (?:setting|using|running|adding)|instead use|use .{1,40} instead|the answer is|(?:just )?an idea[,:]|i(?:'d| would)? (?:suggest|recommend)|my suggestion|you (?:could|can|should|might want to) (?:try|use|run|set|add|check|enable|disable))\b|помогло|решается|решение:|обходное|исправил[аи]?\s/i },
  { type: 'requirement', weight: 0.7, pattern: /\b(?:must|has to|have to|needs? to (?:be|support|handle|work)|is required|are required|requirement|mandatory|should be able to|shall|at least|no more than|at most)\b|должен|должна|должно|обязательно|требуется|необходимо/i },
  { type: 'problem', weight: 0.7, pattern: /\b(?:error|errors|exception|fails?|failed|failing|failure|broken|crash(?:es|ed)?|bug|issue with|problem|doesn'?t work|does not work|not working|can'?t|cannot|unable to|timeout|timed out|out of memory|oom|slow|leak|stuck)\b|ошибк|не работает|падает|проблема|сломал|зависает/i },
  { type: 'pattern', weight: 0.6, pattern: /\b(?:always|every time|whenever|usually|typically|tends? to|best practice|rule of thumb|in general|as a rule|common(?:ly)? (?:cause|mistake|pattern)|each time)\b|обычно|всегда|как правило|каждый раз/i },
  { type: 'insight', weight: 0.6, pattern: /\b(?:turns out|it seems|apparently|i (?:learned|realized|realised|found out|noticed)|til\b|note that|the reason (?:is|was)|because|interesting(?:ly)?|keep in mind|fyi|the root cause)\b|оказывается|оказалось|причина|потому что|кстати/i },
]

export function extractAtomsLocally(input: Input): Output {
  const atoms: Array<Output['atoms'][number] & { terms: Set<string> }> = []
  for (const message of input.messages) {
    if (message.isBot) continue
    for (const sentence of splitSentences(cleanMessageText(message.content))) {
      const wordCount = sentence.split(/\s+/).length
      if (wordCount < 4 || sentence.length > 600) continue
      const cue = atomCues.find((candidate) => candidate.pattern.test(sentence))
      if (!cue) continue
      const terms = new Set(contentTerms(sentence))
      if (terms.size < 2) continue
      // The same statement repeated (quoted, re-asked) adds its message to the existing atom.
      const duplicate = atoms.find((atom) => atom.type === cue.type && termOverlap(atom.terms, terms) >= 0.6)
      if (duplicate) {
        if (!duplicate.source_message_ids.includes(message.id)) duplicate.source_message_ids.push(message.id)
        continue
      }
      const lengthBonus = Math.min(wordCount, 25) / 100
      atoms.push({
        type: cue.type,
        title: truncateAtWord(sentence.replace(/\s+/g, ' ').replace(/[.!\s]+$/, ''), 100),
        content: truncateAtWord(sentence.replace(/\s+/g, ' '), 1000),
        confidence: roundScore(cue.weight * 0.8 + lengthBonus),
        source_message_ids: [message.id],
        tags: [...new Set(contentTerms(sentence).filter((term) => term.length > 3))].slice(0, 4),
        terms,
      })
    }
  }
  return { atoms: atoms.map(({ terms: _terms, ...atom }) => atom) }
}
