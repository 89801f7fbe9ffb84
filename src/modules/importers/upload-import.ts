// Uploaded imports: the file is saved under <dataDir>/imports/<folder>/, a job_runs row is queued, and the
// import runs as a background job (or in this process when no queue is running, e.g. in HTTP tests).
// The upload is removed once its run is finished (completed, or failed on a broken file); folders that no queued
// or running import refers to (a process killed mid-upload) are swept. Runs keep the path relative to the
// imports folder, so no server path reaches an API client.
import fs from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import type { ServiceContext } from '../../lib/context.js'
import { ValidationError } from '../../lib/errors.js'
import { importKinds, type ImportKind } from './import-types.js'
import {
  createImportRun,
  getImportRun,
  getImportRunParams,
  listActiveImportParams,
  type ImportRunParams,
  type ImportRunView,
} from './import-runs.js'
import { runImport } from './run-import.js'
import { safeFileName } from './safe-file-name.js'

export const runImportJobName = 'importers.run'

const importsFolder = (ctx: Pick<ServiceContext, 'config'>) => path.join(ctx.config.dataDir, 'imports')

/** Messages per transaction when a server imports: the embedded database runs one transaction at a time, so a
 * 5,000-message batch (the CLI's) held every API request for seconds; 1,000 keeps them waiting well under one. */
export const serverImportBatchSize = 1000

/** An upload folder this old that no queued or running import refers to is an orphan. */
export const orphanUploadMinutes = 60

/** Streams the upload to disk; returns where it went, so the caller can queue it (or remove it on bad input). */
export async function saveUpload(ctx: ServiceContext, file: { filename: string; stream: Readable }) {
  await sweepOrphanUploads(ctx).catch((error) => ctx.log.warn({ err: error }, 'could not sweep orphan uploads'))
  const folder = path.join(importsFolder(ctx), randomUUID())
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 })
  const fileName = safeFileName(file.filename)
  const target = path.join(folder, fileName)
  await pipeline(file.stream, fs.createWriteStream(target))
  return { folder, fileName, path: target }
}

export async function queueUploadedImport(
  ctx: ServiceContext,
  input: { kind: string | undefined; upload: { folder: string; fileName: string; path: string } | undefined },
): Promise<ImportRunView> {
  const problems: Array<{ path: string; message: string }> = []
  if (!input.kind || !(importKinds as readonly string[]).includes(input.kind)) {
    problems.push({ path: 'kind', message: `expected one of ${importKinds.join(', ')}` })
  }
  if (!input.upload) problems.push({ path: 'file', message: 'a file part is required' })
  if (problems.length > 0) {
    if (input.upload) fs.rmSync(input.upload.folder, { recursive: true, force: true })
    throw new ValidationError('Invalid import upload', problems)
  }
  const upload = input.upload!
  const relativePath = path.relative(importsFolder(ctx), upload.path)
  const params: ImportRunParams = { kind: input.kind as ImportKind, path: relativePath, fileName: upload.fileName, uploaded: true }
  const jobRunId = await createImportRun(ctx, params, 'queued')
  if (ctx.queue) {
    await ctx.queue.send(runImportJobName, { workspaceId: ctx.workspaceId, jobRunId }, { retryLimit: 2 })
  } else {
    // No queue in this process: run it here, detached; its job_runs row records the outcome either way.
    void runQueuedImport(ctx, jobRunId).catch((error) => ctx.log.error({ err: error, jobRunId }, 'import failed'))
  }
  return getImportRun(ctx, jobRunId)
}

/** The job: runs a queued import once; a retry of a finished run does nothing. */
export async function runQueuedImport(ctx: ServiceContext, jobRunId: string) {
  const run = await getImportRunParams(ctx, jobRunId)
  if (!run || run.status === 'completed' || run.status === 'cancelled') return
  // Runs queued by older versions kept the absolute path.
  const file = path.isAbsolute(run.params.path) ? run.params.path : path.join(importsFolder(ctx), run.params.path)
  await runImport(ctx, { kind: run.params.kind, path: file, fileName: run.params.fileName, jobRunId, batchSize: serverImportBatchSize })
  // Finished either way (a broken file does not get better on a retry): the upload has served its purpose.
  if (run.params.uploaded) removeUploadFolder(ctx, file)
}

function removeUploadFolder(ctx: Pick<ServiceContext, 'config'>, file: string) {
  const folder = path.dirname(file)
  // Only ever a folder directly inside the imports folder.
  if (path.dirname(folder) === importsFolder(ctx)) fs.rmSync(folder, { recursive: true, force: true })
}

/** Removes upload folders older than orphanUploadMinutes that no queued or running import refers to. */
export async function sweepOrphanUploads(ctx: ServiceContext): Promise<string[]> {
  const root = importsFolder(ctx)
  if (!fs.existsSync(root)) return []
  // The imports folder serves every workspace, so this one housekeeping query looks at all of their runs.
  const active = (await listActiveImportParams(ctx)).filter((params) => params.uploaded === true)
  const inUse = new Set(active.map((a) => (path.isAbsolute(a.path) ? path.relative(root, a.path) : a.path).split(path.sep)[0]))
  const cutoff = Date.now() - orphanUploadMinutes * 60_000
  const removed: string[] = []
  for (const name of fs.readdirSync(root)) {
    const folder = path.join(root, name)
    if (inUse.has(name) || fs.statSync(folder).mtimeMs > cutoff) continue
    fs.rmSync(folder, { recursive: true, force: true })
    removed.push(name)
  }
  return removed
}
