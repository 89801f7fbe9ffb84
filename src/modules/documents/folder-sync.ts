// A local folder into the documents store: every supported file under it (hidden ones left out), read only when
// its size or modification time changed since the last pass (and stored only when its content hash changed), and
// with `removeMissing` the files gone from the folder taken out of search. Used by `signalbox import files <dir>`
// (one pass) and by the watched-folder connector (a pass every few minutes).
import fs from 'node:fs'
import path from 'node:path'
import type { ServiceContext } from '../../lib/context.js'
import { ValidationError } from '../../lib/errors.js'
import { listProjects } from '../projects/index.js'
import { documentFormat } from './extract/extract-document.js'
import { removeDocuments, storeDocument, type StoreOutcome } from './store-document.js'
import { summariesUseModel } from './summarise-document.js'

export type FolderFile = { path: string; absolutePath: string; size: number; modifiedAt: Date }
export type SyncProgress = { total: number; done: number; current?: string }
export type DocumentSyncCounts = Record<StoreOutcome, number> & {
  scanned: number
  removed: number
  errors: Array<{ path: string; error: string }>
}

export const emptyCounts = (): DocumentSyncCounts => ({
  scanned: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  failed: 0,
  removed: 0,
  errors: [],
})

/** Supported files under `root`, paths relative to it with '/' separators, sorted. */
export function listFolderFiles(root: string): FolderFile[] {
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new ValidationError(`${root} is not a folder`, [{ path: 'folder', message: 'not a folder' }])
  }
  const found: FolderFile[] = []
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name.startsWith('~$')) continue // dotfiles, Office lock files
      const absolutePath = path.join(folder, entry.name)
      if (entry.isDirectory()) walk(absolutePath)
      else if (entry.isFile() && documentFormat(entry.name)) {
        const stat = fs.statSync(absolutePath)
        found.push({
          path: path.relative(root, absolutePath).split(path.sep).join('/'),
          absolutePath,
          size: stat.size,
          modifiedAt: stat.mtime,
        })
      }
    }
  }
  walk(root)
  return found.sort((a, b) => a.path.localeCompare(b.path))
}

/** The folder's own change marker for a file: size and mtime (a file rewritten with other bytes changes either). */
export const folderEtag = (file: { size: number; modifiedAt: Date }) => `${file.size}-${file.modifiedAt.getTime()}`

/** The known files of an origin: path -> etag, for the quick "unchanged" test before reading a file. */
export async function knownEtags(
  ctx: ServiceContext,
  origin: 'folder' | 'webdav',
  originName: string,
): Promise<Map<string, string | null>> {
  const rows = await ctx.database.query<{ path: string; etag: string | null }>(
    `SELECT path, etag FROM files WHERE workspace_id = $1 AND origin = $2 AND origin_name = $3 AND deleted_at IS NULL`,
    [ctx.workspaceId, origin, originName],
  )
  return new Map(rows.map((r) => [r.path, r.etag]))
}

/** What every file of one pass shares, read once per pass: the projects and whether summaries go to a model. */
export async function documentBatchOptions(ctx: ServiceContext) {
  return { projects: await listProjects(ctx), summariesUseModel: await summariesUseModel(ctx) }
}

export async function syncFolder(
  ctx: ServiceContext,
  input: { folder: string; removeMissing: boolean; onProgress?: (progress: SyncProgress) => void },
): Promise<DocumentSyncCounts> {
  const root = path.resolve(input.folder)
  const files = listFolderFiles(root)
  const known = await knownEtags(ctx, 'folder', root)
  const shared = await documentBatchOptions(ctx)
  const counts = emptyCounts()
  counts.scanned = files.length
  for (const [index, file] of files.entries()) {
    input.onProgress?.({ total: files.length, done: index, current: file.path })
    const etag = folderEtag(file)
    if (known.get(file.path) === etag) {
      counts.unchanged++
      continue
    }
    try {
      const bytes = fs.readFileSync(file.absolutePath)
      const stored = await storeDocument(
        ctx,
        { origin: 'folder', originName: root, path: file.path, bytes, modifiedAt: file.modifiedAt, etag },
        shared,
      )
      counts[stored.outcome]++
      if (stored.error) counts.errors.push({ path: file.path, error: stored.error })
    } catch (error) {
      // One unreadable file (permissions, vanished mid-pass) must not stop the pass; the next one retries it.
      counts.errors.push({ path: file.path, error: (error as Error).message })
    }
  }
  input.onProgress?.({ total: files.length, done: files.length })
  if (input.removeMissing) {
    const present = new Set(files.map((f) => f.path))
    counts.removed = await removeDocuments(ctx, {
      origin: 'folder',
      originName: root,
      paths: [...known.keys()].filter((p) => !present.has(p)),
    })
  }
  return counts
}
