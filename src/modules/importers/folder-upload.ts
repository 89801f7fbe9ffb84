// A folder given to `signalbox import` while a server holds the data dir becomes one file to upload: a Telegram
// export's result.json, or a .zip of a Slack export or a mail folder (both importers read .zip archives).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import yazl from 'yazl'
import type { ImportKind } from './import-types.js'
import { openExportArchive } from './export-archive.js'

export type UploadFile = { file: string; name: string; cleanup: () => void }

export class FolderUploadError extends Error {}

export async function folderAsUpload(kind: ImportKind, folder: string): Promise<UploadFile> {
  const folderName = path.basename(path.resolve(folder))
  if (kind === 'telegram') {
    const result = path.join(folder, 'result.json')
    if (!fs.existsSync(result)) throw new FolderUploadError(`${folder}: no result.json in this folder (is it a Telegram Desktop export?)`)
    return { file: result, name: 'result.json', cleanup: () => {} }
  }
  if (kind === 'jsonl') throw new FolderUploadError(`${folder}: a JSONL import is one file, not a folder`)
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-upload-'))
  const cleanup = () => fs.rmSync(workDir, { recursive: true, force: true })
  try {
    const zipPath = path.join(workDir, `${folderName}.zip`)
    const zip = new yazl.ZipFile()
    const { files } = await openExportArchive(folder)
    for (const { name } of files) zip.addFile(path.join(folder, name), name)
    zip.end()
    await pipeline(zip.outputStream, fs.createWriteStream(zipPath))
    return { file: zipPath, name: `${folderName}.zip`, cleanup }
  } catch (error) {
    cleanup()
    throw error
  }
}
