// A folder or a .zip read the same way: list the files, read one at a time (zip entries are inflated on
// demand with yauzl, never extracted to disk). Used by the Slack importer.
import fs from 'node:fs'
import path from 'node:path'
import yauzl from 'yauzl'
import { ImportFileError } from './import-types.js'

export type ArchiveFile = { name: string; size: number }
export type ExportArchive = {
  files: ArchiveFile[]
  read(name: string): Promise<Buffer>
  close(): void
}

/** A single file read whole must stay bounded: per-day Slack files are small, a huge one is broken. */
export const maxArchiveFileBytes = 256 * 1024 * 1024

/** All files of one zip together, inflated: a zip bomb (a few KB that inflate to terabytes) stops here.
 * Slack's largest real exports are a few GB; raise it in code if one is bigger. */
export const maxArchiveTotalBytes = 8 * 1024 * 1024 * 1024

export async function openExportArchive(input: string, limits = { maxTotalBytes: maxArchiveTotalBytes }): Promise<ExportArchive> {
  return fs.statSync(input).isDirectory() ? openFolder(input) : openZip(input, limits.maxTotalBytes)
}

function openFolder(root: string): ExportArchive {
  const files: ArchiveFile[] = []
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const name = prefix ? `${prefix}/${entry.name}` : entry.name
      if (entry.isDirectory()) walk(path.join(dir, entry.name), name)
      else if (entry.isFile()) files.push({ name, size: fs.statSync(path.join(dir, entry.name)).size })
    }
  }
  walk(root, '')
  return {
    files,
    async read(name) {
      const file = files.find((f) => f.name === name)
      if (file && file.size > maxArchiveFileBytes) throw new ImportFileError(name, '-', 'file too large to be an export file')
      return fs.promises.readFile(path.join(root, name))
    },
    close() {},
  }
}

async function openZip(file: string, maxTotalBytes: number): Promise<ExportArchive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, zipfile) => {
      if (error || !zipfile) reject(new ImportFileError(path.basename(file), '-', `not a readable zip archive: ${error?.message}`))
      else resolve(zipfile)
    }),
  )
  const entries = new Map<string, yauzl.Entry>()
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry)
      zip.readEntry()
    })
    zip.on('end', resolve)
    zip.on('error', (error) => reject(new ImportFileError(path.basename(file), '-', `broken zip archive: ${error.message}`)))
    zip.readEntry()
  })
  const declaredTotal = [...entries.values()].reduce((sum, e) => sum + e.uncompressedSize, 0)
  const tooLarge = (bytes: number) =>
    new ImportFileError(path.basename(file), '-', `the archive inflates to ${bytes} bytes, over the limit of ${maxTotalBytes}`)
  if (declaredTotal > maxTotalBytes) {
    zip.close()
    throw tooLarge(declaredTotal)
  }
  // A lying declared size is caught as the entry inflates (yauzl's validateEntrySizes, on by default).
  return {
    files: [...entries.values()].map((e) => ({ name: e.fileName, size: e.uncompressedSize })),
    async read(name) {
      const entry = entries.get(name)!
      if (entry.uncompressedSize > maxArchiveFileBytes) throw new ImportFileError(name, '-', 'file too large to be an export file')
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
        zip.openReadStream(entry, (error, s) => (error || !s ? reject(error) : resolve(s))),
      )
      const chunks: Buffer[] = []
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk)
      } catch (error) {
        throw new ImportFileError(name, '-', `cannot inflate: ${(error as Error).message}`)
      }
      return Buffer.concat(chunks)
    },
    close() {
      zip.close()
    },
  }
}
