// Plain text and Markdown: bytes to a string in the file's own encoding. UTF-8 (with or without a byte order
// mark) is tried strictly first; then jschardet's guess when it is sure, then the common multi-byte encodings that
// decode without an error (jschardet cannot tell a 3-line Shift_JIS file from Hebrew), then Windows-1252.
import iconv from 'iconv-lite'
import jschardet from 'jschardet'
import { ExtractionError } from './extraction-error.js'

const multiByteEncodings = ['shift_jis', 'euc-jp', 'gb18030', 'big5', 'euc-kr']

export function decodeText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (buffer.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) return buffer.subarray(3).toString('utf8')
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return iconv.decode(buffer.subarray(2), 'utf-16le')
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return iconv.decode(buffer.subarray(2), 'utf-16be')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer)
  } catch {
    const detected = jschardet.detect(buffer.subarray(0, 64 * 1024))
    if (detected.encoding && detected.confidence >= 0.8 && iconv.encodingExists(detected.encoding))
      return iconv.decode(buffer, detected.encoding)
    for (const encoding of multiByteEncodings) {
      try {
        return new TextDecoder(encoding, { fatal: true }).decode(buffer)
      } catch {
        // not this one
      }
    }
    return iconv.decode(buffer, 'windows-1252')
  }
}

/** A text file whose bytes are mostly control characters is a binary file with a wrong name. */
export function textToMarkdown(bytes: Uint8Array): string {
  const text = decodeText(bytes).replace(/\r\n?/g, '\n')
  let controls = 0
  for (const char of text.slice(0, 4096)) {
    const code = char.charCodeAt(0)
    if (code < 0x20 && char !== '\n' && char !== '\t' && char !== '\f' && char !== '\r') controls++
  }
  if (controls > 16) throw new ExtractionError('unsupported', 'The file looks binary, not text; its extension may be wrong')
  return text.trim()
}
