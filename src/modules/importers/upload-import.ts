// Uploaded imports: the file is saved under <dataDir>/imports/<run id>/, a job_runs row is queued, and the
// import runs as a background job (or in this process when no queue is running, e.g. in HTTP tests).
import fs from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import type { ServiceContext } from '../../lib/context.js'
import { ValidationError } from '../../lib/errors.js'
import { importKinds, type ImportKind } from './import-types.js'
import { createImportRun, getImportRun, type ImportRunParams, type ImportRunView } from './import-runs.js'
import { runImport } from './run-import.js'
import { safeFileName } from './safe-file-name.js'

export const runImportJobName = 'importers.run'


/** Streams the upload to disk; returns where it went, so the caller can queue it (or remove it on bad input). */
export async function saveUpload(ctx: ServiceContext, file: { filename: string; stream: Readable }) {
  const folder = path.join(ctx.config.dataDir, 'imports', randomUUID())
  fs.mkdirSync(folder, { recursive: true })
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
  const params: ImportRunParams = { kind: input.kind as ImportKind, path: upload.path, fileName: upload.fileName, uploaded: true }
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
  const rows = await ctx.database.query<{ status: string; params: ImportRunParams }>(
    `SELECT status, params FROM job_runs WHERE id = $1 AND workspace_id = $2`,
    [jobRunId, ctx.workspaceId],
  )
  const run = rows[0]
  if (!run || run.status === 'completed' || run.status === 'cancelled') return
  await runImport(ctx, { kind: run.params.kind, path: run.params.path, fileName: run.params.fileName, jobRunId })
}
