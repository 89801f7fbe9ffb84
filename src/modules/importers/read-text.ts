// Reads a file as UTF-8 text in chunks, counting bytes for the progress bar; other encodings are refused clearly.
import fs from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import { ImportFileError, type ImportProgress } from './import-types.js'

const chunkBytes = 1024 * 1024

/** Refuses UTF-16/UTF-32 by their byte order marks; invalid UTF-8 is reported with its byte offset. */
export async function* readUtf8Chunks(file: string, label: string, progress?: ImportProgress): AsyncGenerator<string> {
  // StringDecoder is several times faster than a fatal TextDecoder (measured: 1.5 s vs 0.2 s for 34 MB); it turns
  // bad bytes into U+FFFD, so a chunk showing one is re-checked strictly (a genuine U+FFFD in the text passes).
  const decoder = new StringDecoder('utf8')
  let offset = 0
  for await (const chunk of fs.createReadStream(file, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    if (offset === 0) refuseOtherEncodings(chunk, label)
    let text = decoder.write(chunk)
    if (offset === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    if (text.includes('\uFFFD') && !isUtf8Slice(chunk)) {
      throw new ImportFileError(label, `byte ${offset + firstInvalidUtf8(chunk)}`, 'not valid UTF-8 (convert the file to UTF-8)')
    }
    offset += chunk.length
    if (progress) progress.bytesRead += chunk.length
    if (text) yield text
  }
  const rest = decoder.end()
  if (rest.includes('\uFFFD')) throw new ImportFileError(label, `byte ${offset}`, 'the file ends inside a UTF-8 character (truncated?)')
  if (rest) yield rest
}

export function refuseOtherEncodings(head: Buffer, label: string) {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    throw new ImportFileError(label, 'byte 0', 'the file is UTF-16 encoded; only UTF-8 is supported (convert it first)')
  }
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff) {
    throw new ImportFileError(label, 'byte 0', 'the file is UTF-32 encoded; only UTF-8 is supported (convert it first)')
  }
}

/** Strict check of a chunk cut out of a stream: it may start inside a character and end inside another. */
function isUtf8Slice(chunk: Buffer): boolean {
  let start = 0
  while (start < 3 && start < chunk.length && (chunk[start] & 0xc0) === 0x80) start++
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(start), { stream: true })
    return true
  } catch {
    return false
  }
}

/** Position of the first byte that breaks UTF-8 in `chunk` (approximate across chunk boundaries). */
function firstInvalidUtf8(chunk: Buffer): number {
  let low = 0
  let high = chunk.length
  while (high - low > 1) {
    const middle = (low + high) >> 1
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(0, middle), { stream: true })
      low = middle
    } catch {
      high = middle
    }
  }
  // `low` bytes decode as a stream; if they do not decode as a whole, a sequence starting just before is cut short.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(0, low))
    return low
  } catch {
    let start = low - 1
    while (start > 0 && (chunk[start] & 0xc0) === 0x80) start--
    return start
  }
}
