// Shapes shared by every importer: what a parser yields, how it reports progress, and its errors.
import type { IngestMessage, SourceRef } from '../messages/index.js'

export const importKinds = ['telegram', 'slack', 'email', 'jsonl'] as const
export type ImportKind = (typeof importKinds)[number]

/** One item that a file could not give: where it is and why. */
export type ImportItemError = { file: string; position: string; message: string }

export type ImportItem = { source: SourceRef; message: IngestMessage; position: string; file: string } | { error: ImportItemError }

/** Parsers advance `bytesRead` as they consume input; `bytesTotal` is known up front when the input is one file. */
export type ImportProgress = { bytesRead: number; bytesTotal: number }

export type ImportParser = (path: string, progress: ImportProgress) => AsyncIterable<ImportItem>

/** The file itself is broken (not only one item): names the file and the position where reading stopped. */
export class ImportFileError extends Error {
  constructor(
    readonly file: string,
    readonly position: string,
    readonly reason: string,
  ) {
    super(`${file}: ${position}: ${reason}`)
    this.name = 'ImportFileError'
  }
}
