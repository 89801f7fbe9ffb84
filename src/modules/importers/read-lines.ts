// Splits streamed UTF-8 text into lines with their numbers; a line longer than the limit is reported and skipped
// instead of being buffered without bound.
export type Line = { number: number; text: string } | { number: number; tooLong: true }

export async function* splitLines(chunks: AsyncIterable<string>, maxLineChars: number): AsyncGenerator<Line> {
  let carry = ''
  let number = 0
  let skipping = false
  for await (const chunk of chunks) {
    let start = 0
    for (;;) {
      const newline = chunk.indexOf('\n', start)
      if (newline === -1) {
        if (!skipping) carry += chunk.slice(start)
        if (!skipping && carry.length > maxLineChars) {
          skipping = true
          carry = ''
          yield { number: number + 1, tooLong: true }
        }
        break
      }
      number++
      if (skipping) skipping = false
      else {
        const text = carry + chunk.slice(start, newline)
        carry = ''
        if (text.length > maxLineChars) yield { number, tooLong: true }
        else yield { number, text: text.endsWith('\r') ? text.slice(0, -1) : text }
      }
      start = newline + 1
    }
  }
  if (!skipping && carry.length > 0) yield { number: number + 1, text: carry }
}
