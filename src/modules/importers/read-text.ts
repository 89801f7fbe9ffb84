// Reads a file as UTF-8 text in chunks, counting bytes for the progress bar; other encodings are refused clearly.
import fs from 'node:fs'
import { ImportFileError, type ImportProgress } from './import-types.js'

const chunkBytes = 1024 * 1024

/** Refuses UTF-16/UTF-32 by their byte order marks; invalid UTF-8 is reported with its byte offset. */
export async function* readUtf8Chunks(file: string, label: string, progress?: ImportProgress): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
  let offset = 0
  for await (const chunk of fs.createReadStream(file, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    if (offset === 0) refuseOtherEncodings(chunk, label)
    let text: string
    try {
      text = decoder.decode(chunk, { stream: true })
    } catch {
      throw new ImportFileError(label, `byte ${offset + firstInvalidUtf8(chunk)}`, 'not valid UTF-8 (convert the file to UTF-8)')
    }
    offset += chunk.length
    if (progress) progress.bytesRead += chunk.length
    if (text) yield text
  }
  try {
    const rest = decoder.decode()
    if (rest) yield rest
  } catch {
    throw new ImportFileError(label, `byte ${offset}`, 'the file ends inside a UTF-8 character (truncated?)')
  }
}

export function refuseOtherEncodings(head: Buffer, label: string) {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    throw new ImportFileError(label, 'byte 0', 'the file is UTF-16 encoded; only UTF-8 is supported (convert it first)')
  }
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff) {
    throw new ImportFileError(label, 'byte 0', 'the file is UTF-32 encoded; only UTF-8 is supported (convert it first)')
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
  return low
}
