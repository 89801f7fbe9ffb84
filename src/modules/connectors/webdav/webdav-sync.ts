// A WebDAV folder (Nextcloud, ownCloud, Apache mod_dav, ...) into the documents store: the folder tree is listed with
// PROPFIND Depth 1 per directory, and a file is downloaded only when its ETag (or, when the server sends none, its
// size and last-modified time) differs from the one stored with it: that per-file watermark is files.etag. Files gone
// from the server leave search. One file's failure is counted and retried on the next pass.
import path from 'node:path'
import { z } from 'zod'
import type { FileStat, WebDAVClient } from 'webdav'
import type { ServiceContext } from '../../../lib/context.js'
import { ValidationError } from '../../../lib/errors.js'
import { documentBatchOptions, documentFormat, emptyCounts, knownEtags, removeDocuments, storeDocument } from '../../documents/index.js'
import type { ConnectedSource, ConnectorSetup, SyncCounters } from '../connector.js'

export const webdavSetupSchema = z.object({
  /** The server's WebDAV root, e.g. https://cloud.example.com/remote.php/dav/files/alice */
  url: z.url(),
  username: z.string().trim().max(320).optional(),
  /** Optional on an update (the stored one is kept). */
  password: z.string().min(1).max(1024).optional(),
  /** The folder under the root to follow, e.g. "/Documents/Work". */
  folder: z.string().trim().max(1024).default('/'),
})
export type WebdavSettings = z.infer<typeof webdavSetupSchema>
type WebdavConfig = Omit<WebdavSettings, 'password'>

/** The client library is loaded when a WebDAV source syncs, not by every process that loads the connectors. */
async function clientFor(config: WebdavConfig, secrets: Record<string, string>): Promise<WebDAVClient> {
  const { createClient } = await import('webdav')
  return createClient(config.url, config.username ? { username: config.username, password: secrets.password ?? '' } : {})
}

const folderOf = (config: WebdavConfig) => `/${config.folder.replace(/^\/+|\/+$/g, '')}`

/** Every supported file under the folder, one PROPFIND (Depth 1) per directory. */
async function listRemoteFiles(client: WebDAVClient, root: string): Promise<FileStat[]> {
  const found: FileStat[] = []
  const pending = [root]
  while (pending.length > 0) {
    const directory = pending.shift()!
    const entries = (await client.getDirectoryContents(directory, { deep: false })) as FileStat[]
    for (const entry of entries) {
      if (entry.basename.startsWith('.')) continue
      if (entry.type === 'directory') pending.push(entry.filename)
      else if (documentFormat(entry.basename)) found.push(entry)
    }
  }
  return found
}

const watermarkOf = (stat: FileStat) => stat.etag?.replace(/^W\//, '').replace(/"/g, '') || `${stat.size}-${stat.lastmod}`

function describeWebdavError(error: unknown): { message: string; path: string } {
  const status = (error as { status?: number }).status
  if (status === 401 || status === 403) return { message: 'The WebDAV server refused the user name or password', path: 'settings.password' }
  if (status === 404) return { message: 'The folder does not exist on the WebDAV server', path: 'settings.folder' }
  return { message: `The WebDAV server cannot be reached: ${(error as Error).message}`, path: 'settings.url' }
}

export async function setUpWebdavFolder(
  _ctx: ServiceContext,
  rawInput: Record<string, unknown>,
  target: { previous?: { secrets: Record<string, string> } },
): Promise<ConnectorSetup> {
  const { password, ...config } = rawInput as WebdavSettings
  const secrets: Record<string, string> = password ? { password } : { ...target.previous?.secrets }
  try {
    await (await clientFor(config, secrets)).getDirectoryContents(folderOf(config), { deep: false })
  } catch (error) {
    const { message, path: field } = describeWebdavError(error)
    throw new ValidationError(message, [{ path: field, message }])
  }
  const host = new URL(config.url).host
  return { name: `${host}${folderOf(config)}`.slice(0, 255), config, secrets, notices: [] }
}

export async function syncWebdavFolder(
  ctx: ServiceContext,
  source: ConnectedSource,
  secrets: Record<string, string>,
): Promise<SyncCounters> {
  const config = source.config as WebdavConfig
  const client = await clientFor(config, secrets)
  const root = folderOf(config)
  const remote = await listRemoteFiles(client, root)
  const known = await knownEtags(ctx, 'webdav', source.name)
  const counts = emptyCounts()
  const shared = await documentBatchOptions(ctx)
  let fetched = 0
  for (const stat of remote) {
    const relative = path.posix.relative(root, stat.filename)
    const etag = watermarkOf(stat)
    if (known.get(relative) === etag) {
      counts.unchanged++
      continue
    }
    try {
      const bytes = (await client.getFileContents(stat.filename, { format: 'binary' })) as Buffer
      fetched++
      const stored = await storeDocument(
        ctx,
        {
          origin: 'webdav',
          originName: source.name,
          path: relative,
          bytes: new Uint8Array(bytes),
          modifiedAt: stat.lastmod ? new Date(stat.lastmod) : undefined,
          etag,
        },
        shared,
      )
      counts[stored.outcome]++
    } catch (error) {
      ctx.log.warn({ err: error, path: relative }, 'WebDAV file not stored; the next pass retries it')
      counts.errors.push({ path: relative, error: (error as Error).message })
    }
  }
  const present = new Set(remote.map((stat) => path.posix.relative(root, stat.filename)))
  counts.removed = await removeDocuments(ctx, {
    origin: 'webdav',
    originName: source.name,
    paths: [...known.keys()].filter((p) => !present.has(p)),
  })
  return { fetched, stored: counts.created + counts.updated, skipped: counts.unchanged, errors: counts.failed + counts.errors.length }
}
