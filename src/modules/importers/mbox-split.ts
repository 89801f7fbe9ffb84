// Splits an mbox stream into raw messages on "From " separator lines, without decoding: mail is bytes in many
// charsets, and mailparser decodes each message itself. Escaped ">From " body lines (mboxrd) are unescaped.
import fs from 'node:fs'
import type { ImportProgress } from './import-types.js'

export type RawMail = { index: number; line: number; separator: string; bytes: Buffer } | { index: number; line: number; tooLarge: true }

const FROM = Buffer.from('From ')
const newline = 0x0a

function isSeparator(line: Buffer): boolean {
  return line.length >= 5 && line.subarray(0, 5).equals(FROM)
}

/** `>From `, `>>From ` ... lose one `>` (mboxrd); mboxo files are ambiguous and are unescaped the same way. */
function unescapeFromLine(line: Buffer): Buffer {
  let i = 0
  while (i < line.length && line[i] === 0x3e) i++
  if (i > 0 && line.subarray(i, i + 5).equals(FROM)) return line.subarray(1)
  return line
}

export async function* splitMbox(file: string, maxMessageBytes: number, progress: ImportProgress): AsyncGenerator<RawMail> {
  let parts: Buffer[] = []
  let size = 0
  let tooLarge = false
  let index = -1
  let startLine = 0
  let separator = ''
  let lineNumber = 0
  let carry: Buffer = Buffer.alloc(0)

  const finish = (): RawMail | null => {
    if (index < 0) return null
    const mail: RawMail = tooLarge
      ? { index, line: startLine, tooLarge: true }
      : { index, line: startLine, separator, bytes: Buffer.concat(parts) }
    parts = []
    size = 0
    tooLarge = false
    return mail
  }
  const takeLine = (line: Buffer): RawMail | null => {
    lineNumber++
    if (isSeparator(line)) {
      const done = finish()
      index++
      startLine = lineNumber
      separator = line.toString('latin1').trim()
      return done
    }
    if (index < 0) {
      if (line.toString('latin1').trim() === '') return null
      index = 0 // a file that starts without a separator: treat it as one message (an .eml given as mbox)
      startLine = lineNumber
    }
    if (tooLarge) return null
    const body = unescapeFromLine(line)
    size += body.length
    if (size > maxMessageBytes) {
      tooLarge = true
      parts = []
      return null
    }
    parts.push(body)
    return null
  }

  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    progress.bytesRead += chunk.length
    let start = 0
    const data = carry.length ? Buffer.concat([carry, chunk]) : chunk
    for (;;) {
      const end = data.indexOf(newline, start)
      if (end === -1) break
      const done = takeLine(data.subarray(start, end + 1))
      if (done) yield done
      start = end + 1
    }
    carry = Buffer.from(data.subarray(start))
    if (carry.length > maxMessageBytes && !tooLarge) {
      // One endless line: drop it and report the message as too large.
      tooLarge = true
      parts = []
      carry = Buffer.alloc(0)
    }
  }
  if (carry.length) {
    const done = takeLine(carry)
    if (done) yield done
  }
  const last = finish()
  if (last) yield last
}
