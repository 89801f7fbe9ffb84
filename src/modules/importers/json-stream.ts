// A streaming JSON scanner: walks a document chunk by chunk and hands back only the values the caller asks
// for (e.g. each element of `messages`), each parsed on its own with JSON.parse. Memory stays at one value
// plus one chunk, so a 100k-message Telegram export is never held as one string. Scanning skips string bodies
// with indexOf, which keeps it at several hundred MB/s (measured with bench/ingest.ts).
import { ImportFileError } from './import-types.js'

export type JsonPath = Array<string | number>
export type CapturedValue = { path: JsonPath; value: unknown }

type Frame =
  | { kind: 'object'; expect: 'keyOrEnd' | 'key' | 'colon' | 'value' | 'commaOrEnd' }
  | { kind: 'array'; expect: 'valueOrEnd' | 'value' | 'commaOrEnd' }

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0xfeff])
const QUOTE = 0x22
const structural = /["{}[\]]/g
/** One message (with its text) beyond this is a broken or hostile file, not a chat. */
export const maxValueChars = 16 * 1024 * 1024
const BACKSLASH = 0x5c

export function formatJsonPath(path: JsonPath): string {
  let out = ''
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part
  return out || '(root)'
}

/** Index just past the closing quote of the string whose opening quote is at `start`, or -1 if not yet complete. */
function endOfString(buffer: string, start: number, resumeAt = start + 1): number {
  let from = resumeAt
  for (;;) {
    const quote = buffer.indexOf('"', from)
    if (quote === -1) return -1
    let backslashes = 0
    for (let i = quote - 1; i > start && buffer.charCodeAt(i) === BACKSLASH; i--) backslashes++
    if (backslashes % 2 === 0) return quote + 1
    from = quote + 1
  }
}

/** Index just past a literal (number, true, false, null) starting at `start`, or -1 if the buffer ends first. */
function endOfLiteral(buffer: string, start: number): number {
  for (let i = start; i < buffer.length; i++) {
    const c = buffer.charCodeAt(i)
    if (c === 0x2c || c === 0x7d || c === 0x5d || WHITESPACE.has(c)) return i
  }
  return -1
}

/** Scans `chunks` and yields every value whose path `capture` accepts; throws ImportFileError on malformed JSON. */
export async function* streamJsonValues(
  chunks: AsyncIterable<string>,
  capture: (path: JsonPath) => boolean,
  file: string,
): AsyncGenerator<CapturedValue> {
  const stack: Frame[] = []
  const path: JsonPath = []
  let topLevelDone = false
  let buffer = ''
  let base = 0 // absolute offset of buffer[0]
  // A capture in progress survives chunk boundaries: its start, nesting depth and where scanning resumes.
  let captureStart = -1
  let captureDepth = 0
  let captureScan = 0

  const fail = (offset: number, message: string): never => {
    throw new ImportFileError(file, `${formatJsonPath(path)} (char ${base + offset})`, message)
  }
  const valueDone = () => {
    const top = stack[stack.length - 1]
    if (!top) topLevelDone = true
    else top.expect = 'commaOrEnd'
  }

  let final = false
  const iterator = chunks[Symbol.asyncIterator]()
  while (!final) {
    const next = await iterator.next()
    if (next.done) final = true
    else buffer += next.value
    let pos = captureStart >= 0 ? captureScan : 0
    const captured: CapturedValue[] = []

    scan: while (pos < buffer.length) {
      if (captureStart >= 0) {
        // Inside a captured value: find where it ends.
        const first = buffer.charCodeAt(captureStart)
        let end = -1
        if (first === QUOTE) {
          // Resume where the last chunk's search stopped: restarting from the opening quote is quadratic on a long text.
          end = endOfString(buffer, captureStart, Math.max(captureScan, captureStart + 1))
          if (end === -1) {
            captureScan = Math.max(captureStart + 1, buffer.length - 1)
            break scan
          }
        } else if (first === 0x7b || first === 0x5b) {
          // Jump from one quote or bracket to the next (a regex scan is ~10x faster than a loop over characters).
          structural.lastIndex = pos
          let match: RegExpExecArray | null
          while ((match = structural.exec(buffer)) !== null) {
            const at = match.index
            const c = buffer.charCodeAt(at)
            if (c === QUOTE) {
              const stringEnd = endOfString(buffer, at)
              if (stringEnd === -1) {
                pos = at
                break
              }
              structural.lastIndex = stringEnd
            } else if (c === 0x7b || c === 0x5b) captureDepth++
            else if (--captureDepth === 0) {
              end = at + 1
              break
            }
          }
          if (end === -1) {
            captureScan = match ? pos : buffer.length
            break scan
          }
        } else {
          end = endOfLiteral(buffer, captureStart)
          if (end === -1) {
            if (!final) break scan
            end = buffer.length
          }
        }
        const text = buffer.slice(captureStart, end)
        let value: unknown
        try {
          value = JSON.parse(text)
        } catch (error) {
          fail(captureStart, `invalid JSON: ${(error as Error).message}`)
        }
        captured.push({ path: [...path], value })
        captureStart = -1
        pos = end
        valueDone()
        continue
      }

      const c = buffer.charCodeAt(pos)
      if (WHITESPACE.has(c)) {
        pos++
        continue
      }
      if (topLevelDone) fail(pos, `unexpected '${buffer[pos]}' after the end of the document`)
      const top = stack[stack.length - 1]
      const expect = top ? top.expect : 'value'

      if (expect === 'value' || expect === 'valueOrEnd') {
        if (expect === 'valueOrEnd' && c === 0x5d) {
          stack.pop()
          path.pop()
          pos++
          valueDone()
          continue
        }
        if (capture(path)) {
          captureStart = pos
          captureDepth = 1
          pos++
          captureScan = pos
          continue
        }
        if (c === 0x7b) {
          stack.push({ kind: 'object', expect: 'keyOrEnd' })
          path.push('')
          pos++
        } else if (c === 0x5b) {
          stack.push({ kind: 'array', expect: 'valueOrEnd' })
          path.push(0)
          pos++
        } else if (c === QUOTE) {
          const end = endOfString(buffer, pos)
          if (end === -1) break scan
          pos = end
          valueDone()
        } else if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) {
          let end = endOfLiteral(buffer, pos)
          if (end === -1) {
            if (!final) break scan
            end = buffer.length
          }
          const literal = buffer.slice(pos, end)
          if (!/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)$/.test(literal)) fail(pos, `invalid value '${literal.slice(0, 40)}'`)
          pos = end
          valueDone()
        } else fail(pos, `expected a value, found '${buffer[pos]}'`)
        continue
      }

      if (top!.kind === 'object') {
        if (expect === 'keyOrEnd' || expect === 'key') {
          if (c === 0x7d && expect === 'keyOrEnd') {
            stack.pop()
            path.pop()
            pos++
            valueDone()
            continue
          }
          if (c !== QUOTE) fail(pos, `expected a property name, found '${buffer[pos]}'`)
          const end = endOfString(buffer, pos)
          if (end === -1) break scan
          path[path.length - 1] = JSON.parse(buffer.slice(pos, end)) as string
          top!.expect = 'colon'
          pos = end
          continue
        }
        if (expect === 'colon') {
          if (c !== 0x3a) fail(pos, `expected ':', found '${buffer[pos]}'`)
          top!.expect = 'value'
          pos++
          continue
        }
        // commaOrEnd
        if (c === 0x2c) top!.expect = 'key'
        else if (c === 0x7d) {
          stack.pop()
          path.pop()
          valueDone()
        } else fail(pos, `expected ',' or '}', found '${buffer[pos]}'`)
        pos++
        continue
      }

      // array, commaOrEnd
      if (c === 0x2c) {
        top!.expect = 'value'
        path[path.length - 1] = (path[path.length - 1] as number) + 1
      } else if (c === 0x5d) {
        stack.pop()
        path.pop()
        valueDone()
      } else fail(pos, `expected ',' or ']', found '${buffer[pos]}'`)
      pos++
    }

    if (buffer.length - (captureStart >= 0 ? captureStart : pos) > maxValueChars) {
      fail(captureStart >= 0 ? captureStart : pos, `a single value is larger than ${maxValueChars / 1024 / 1024} MiB`)
    }
    for (const value of captured) yield value
    // Keep only what is still needed: the capture in progress, or the unfinished token.
    const keepFrom = captureStart >= 0 ? captureStart : pos
    if (captureStart >= 0) {
      captureScan -= keepFrom
      captureStart = 0
    }
    buffer = buffer.slice(keepFrom)
    base += keepFrom
  }
  if (captureStart >= 0 || stack.length > 0 || !topLevelDone || buffer.trim() !== '') {
    fail(0, 'unexpected end of file (the export is truncated)')
  }
}
