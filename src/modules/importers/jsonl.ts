// Generic JSONL: one message per line in the ingest API's shape, optionally with its own `source`
// ({type, name}); lines without one belong to the source named after the file.
import fs from 'node:fs'
import path from 'node:path'
import { sourceRefSchema, type IngestMessage, type SourceRef } from '../messages/index.js'
import type { ImportParser } from './import-types.js'
import { readUtf8Chunks } from './read-text.js'
import { splitLines } from './read-lines.js'

export const maxJsonlLineChars = 4 * 1024 * 1024

export const parseJsonl: ImportParser = async function* (file, progress) {
  const label = path.basename(file)
  progress.bytesTotal = fs.statSync(file).size
  const defaultSource: SourceRef = { type: 'api', name: `jsonl:${label}` }
  for await (const line of splitLines(readUtf8Chunks(file, label, progress), maxJsonlLineChars)) {
    const position = `line ${line.number}`
    if ('tooLong' in line) {
      yield { error: { file: label, position, message: `line longer than ${maxJsonlLineChars / 1024 / 1024} MiB, skipped` } }
      continue
    }
    if (line.text.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line.text)
    } catch (error) {
      yield { error: { file: label, position, message: `invalid JSON: ${(error as Error).message}` } }
      continue
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      yield { error: { file: label, position, message: 'expected a JSON object' } }
      continue
    }
    const { source: ownSource, ...message } = value as Record<string, unknown>
    let source = defaultSource
    if (ownSource !== undefined) {
      const parsed = sourceRefSchema.safeParse(ownSource)
      if (!parsed.success) {
        yield { error: { file: label, position: `${position}: source`, message: parsed.error.issues[0].message } }
        continue
      }
      source = parsed.data
    }
    // Validated by the importer against the ingest schema, which names the bad field.
    yield { source, message: message as IngestMessage, position, file: label }
  }
}
