// Email: an .mbox (streamed, split on From_ lines), a single .eml, or a folder (or .zip) of them. Each message is parsed
// by mailparser (MIME, charsets, HTML to text) and threaded by Message-ID / In-Reply-To / References.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { SourceRef } from '../messages/index.js'
import type { ImportItem, ImportParser, ImportProgress } from './import-types.js'
import { splitMbox } from './mbox-split.js'
import { parseEmailMessage } from './email-message.js'
import { openExportArchive } from './export-archive.js'
import { safeFileName } from './safe-file-name.js'

/** Message-IDs are global, so every mailbox shares one source and a message in two mailboxes is stored once. */
export const emailImportSource: SourceRef = { type: 'email', name: 'Email import' }
export const maxEmailBytes = 50 * 1024 * 1024

function startsWithFromLine(file: string): boolean {
  const fd = fs.openSync(file, 'r')
  try {
    const head = Buffer.alloc(5)
    fs.readSync(fd, head, 0, 5, 0)
    return head.toString('latin1') === 'From '
  } finally {
    fs.closeSync(fd)
  }
}

/** mbox From_ lines carry the delivery date: the fallback when a message has no Date header. */
function fromLineDate(separator: string): Date | undefined {
  const match = /^From \S+\s+(.+)$/.exec(separator)
  const date = match ? new Date(match[1]) : undefined
  return date && !Number.isNaN(date.getTime()) ? date : undefined
}

async function parseOne(bytes: Buffer, file: string, position: string, fromLine?: Date): Promise<ImportItem> {
  const mapped = await parseEmailMessage(bytes, fromLine)
  if ('error' in mapped)
    return { error: { file, position: mapped.field ? `${position}: ${mapped.field}` : position, message: mapped.error } }
  return { source: emailImportSource, message: mapped.message, position, file }
}

async function* parseFile(file: string, progress: ImportProgress): AsyncGenerator<ImportItem> {
  const label = path.basename(file)
  if (!startsWithFromLine(file)) {
    const bytes = await fs.promises.readFile(file)
    progress.bytesRead += bytes.length
    if (bytes.length > maxEmailBytes) {
      yield { error: { file: label, position: 'message 1', message: `larger than ${maxEmailBytes / 1048576} MiB, skipped` } }
      return
    }
    yield await parseOne(bytes, label, 'message 1')
    return
  }
  for await (const raw of splitMbox(file, maxEmailBytes, progress)) {
    const position = `message ${raw.index + 1} (line ${raw.line})`
    if ('tooLarge' in raw) {
      yield { error: { file: label, position, message: `larger than ${maxEmailBytes / 1048576} MiB, skipped` } }
      continue
    }
    yield await parseOne(raw.bytes, label, position, fromLineDate(raw.separator))
  }
}

const mailFileName = /\.(eml|mbox|mbx)$/i

export const parseEmail: ImportParser = async function* (input, progress) {
  if (!fs.statSync(input).isDirectory() && /\.zip$/i.test(input)) {
    // A zipped mail folder (what `signalbox import email <folder>` uploads to a server): its mail files are
    // extracted to a temporary folder, streamed from there like any folder, and removed afterwards.
    const folder = await extractMailFiles(input)
    try {
      yield* parseEmail(folder, progress)
    } finally {
      fs.rmSync(folder, { recursive: true, force: true })
    }
    return
  }
  const files = fs.statSync(input).isDirectory()
    ? fs
        .readdirSync(input)
        .filter((name) => mailFileName.test(name))
        .sort()
        .map((name) => path.join(input, name))
    : [input]
  progress.bytesTotal = files.reduce((sum, f) => sum + fs.statSync(f).size, 0)
  for (const file of files) yield* parseFile(file, progress)
}

async function extractMailFiles(zipFile: string): Promise<string> {
  const archive = await openExportArchive(zipFile)
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-mail-'))
  try {
    for (const file of archive.files) {
      if (!mailFileName.test(file.name)) continue
      // Flattened and made safe: entry names never choose where a file lands.
      const target = path.join(folder, safeFileName(file.name.replaceAll('/', '_')))
      fs.writeFileSync(target, await archive.read(file.name))
    }
    return folder
  } catch (error) {
    fs.rmSync(folder, { recursive: true, force: true })
    throw error
  } finally {
    archive.close()
  }
}
