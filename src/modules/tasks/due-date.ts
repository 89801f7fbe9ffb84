// Finds a due date stated in free text ("by Friday", "deadline: March 3", "until tomorrow") with chrono-node.
// Only dates introduced by a deadline cue count: "the outage yesterday" is a date but not a due date.
import * as chrono from 'chrono-node'

const cue =
  /(?:\bby|\bbefore|\buntil|\btill|\bdue(?:\s+(?:on|by))?|\bdeadline(?:\s+is)?:?|\bno later than|\bend of|\beod|\bдо|\bк)\s*(?:the\s+|on\s+)?$/i

export function findStatedDueDate(text: string, reference: Date = new Date()): Date | null {
  for (const result of chrono.parse(text, reference, { forwardDate: true })) {
    const before = text.slice(Math.max(0, result.index - 24), result.index)
    if (cue.test(before) || /^(?:eod|end of (?:day|week|month))/i.test(result.text)) return result.start.date()
  }
  return null
}
