// A file from any origin (upload, watched folder, WebDAV) into the store: hashed, skipped when its content is
// unchanged, else extracted to Markdown, its row upserted, its text ingested as the one message of its 'files'
// conversation (replacing the old text), summarised, classified into a project and its deliverables noted.
// A file that cannot be read is kept as `failed` with the reason, and its old text leaves search.
import { createHash } from 'node:crypto'
import path from 'node:path'
import type { ServiceContext } from '../../lib/context.js'
import { ingestMessages, markMessagesDeleted, restoreDeletedMessages, upsertSource } from '../messages/index.js'
import { listProjects, type ProjectView } from '../projects/index.js'
import { inTransaction } from '../../db/transaction.js'
import { extractDocument, documentFormat } from './extract/extract-document.js'
import { ExtractionError } from './extract/extraction-error.js'
import { summariseDocument } from './summarise-document.js'
import { classifyDocument } from './classify-document.js'
import { findDeliverables, projectForCode, saveDeliverables } from './deliverables.js'
import type { FileOrigin, FileStatus } from './schema.js'

export type DocumentInput = {
  origin: FileOrigin
  /** 'upload', the watched folder's path or the WebDAV source's name. */
  originName: string
  /** The file's path inside its origin, '/'-separated. */
  path: string
  bytes: Uint8Array
  modifiedAt?: Date
  etag?: string | null
}
export type StoreOutcome = 'created' | 'updated' | 'unchanged' | 'failed'
export type StoredDocument = { fileId: string; outcome: StoreOutcome; status: FileStatus; error: string | null }

/** The ingest schema's limit on one message; a longer text is cut there (the file keeps all of it). */
const maxMessageChars = 1_000_000

type ExistingFile = {
  id: string
  content_sha256: string
  status: FileStatus
  message_id: string | null
  deleted_at: Date | null
  classification_proposal_id: string | null
}

export async function storeDocument(
  ctx: ServiceContext,
  input: DocumentInput,
  /** What a batch of files shares: the projects to classify into, whether summaries go to a model. */
  options: { projects?: ProjectView[]; summariesUseModel?: boolean } = {},
): Promise<StoredDocument> {
  const sha256 = createHash('sha256').update(input.bytes).digest('hex')
  const name = path.posix.basename(input.path)
  const [existing] = await ctx.database.query<ExistingFile>(
    `SELECT id, content_sha256, status, message_id, deleted_at, classification_proposal_id FROM files
     WHERE workspace_id = $1 AND origin = $2 AND origin_name = $3 AND path = $4`,
    [ctx.workspaceId, input.origin, input.originName, input.path],
  )
  if (existing && existing.content_sha256 === sha256 && !existing.deleted_at && existing.status !== 'pending') {
    await ctx.database.query(`UPDATE files SET etag = $2, modified_at = coalesce($3, modified_at) WHERE id = $1`, [
      existing.id,
      input.etag ?? null,
      input.modifiedAt ?? null,
    ])
    return { fileId: existing.id, outcome: 'unchanged', status: existing.status, error: null }
  }

  const format = documentFormat(name) ?? {
    fileType: path.extname(name).slice(1).toLowerCase() || 'unknown',
    mimeType: 'application/octet-stream',
  }
  let markdown: string | null = null
  let error: string | null = null
  try {
    markdown = (await extractDocument(name, input.bytes)).markdown
  } catch (caught) {
    if (!(caught instanceof ExtractionError)) ctx.log.warn({ err: caught, path: input.path }, 'document extraction failed unexpectedly')
    error = caught instanceof ExtractionError ? caught.message : `Extraction failed: ${(caught as Error).message}`
  }
  const status: FileStatus = markdown === null ? 'failed' : 'extracted'
  const [row] = await ctx.database.query<{ id: string }>(
    `INSERT INTO files (workspace_id, origin, origin_name, path, name, file_type, mime_type, size, content_sha256, etag, modified_at,
       status, error, content_markdown, extracted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, CASE WHEN $12 = 'extracted' THEN now() END)
     ON CONFLICT (workspace_id, origin, origin_name, path) DO UPDATE SET
       name = excluded.name, file_type = excluded.file_type, mime_type = excluded.mime_type, size = excluded.size,
       content_sha256 = excluded.content_sha256, etag = excluded.etag, modified_at = excluded.modified_at, status = excluded.status,
       error = excluded.error, content_markdown = excluded.content_markdown, extracted_at = excluded.extracted_at,
       summary = NULL, deleted_at = NULL, updated_at = now()
     RETURNING id`,
    [
      ctx.workspaceId,
      input.origin,
      input.originName,
      input.path,
      name,
      format.fileType,
      format.mimeType,
      input.bytes.byteLength,
      sha256,
      input.etag ?? null,
      input.modifiedAt ?? null,
      status,
      error,
      markdown,
    ],
  )
  const fileId = row.id
  const outcome: StoreOutcome = status === 'failed' ? 'failed' : existing ? 'updated' : 'created'
  if (markdown === null) {
    // The old text no longer describes the file: it leaves search until the file can be read again.
    if (existing?.message_id) await removeFileMessages(ctx, input.originName, [input.path])
    return { fileId, outcome, status, error }
  }

  // A file that was deleted (or unreadable) and is back: its message, taken out of search then, comes back first.
  if (existing?.message_id && (existing.deleted_at || existing.status === 'failed')) {
    const sourceId = await upsertSource(ctx.database, ctx.workspaceId, { type: 'files', name: input.originName })
    await restoreDeletedMessages(ctx, { sourceId, externalIds: [input.path] })
  }
  const sentAt = (input.modifiedAt ?? new Date()).toISOString()
  const ingested = await ingestMessages(ctx, {
    source: { type: 'files', name: input.originName },
    messages: [
      {
        externalId: input.path,
        conversation: { externalId: input.path, title: name, kind: 'other' },
        sentAt,
        content: markdown.slice(0, maxMessageChars),
        edited: Boolean(existing),
        raw: { fileId, path: input.path, fileType: format.fileType, sha256 },
      },
    ],
  })
  if (ingested.errors.length > 0) throw new Error(`the document's text could not be ingested: ${ingested.errors[0].message}`)
  const messageId = ingested.changedMessageIds[0] ?? existing?.message_id ?? null

  const summary = await summariseDocument(ctx, { fileId, markdown, useModel: options.summariesUseModel }).catch((caught: unknown) => {
    // A model's failure or a budget leaves the file extracted and searchable, only without its summary.
    ctx.log.warn({ err: caught, fileId }, 'document summary failed')
    return null
  })
  const projects = options.projects ?? (await listProjects(ctx))
  const classification = await classifyDocument(
    ctx,
    {
      id: fileId,
      name,
      path: input.path,
      markdown,
      messageId,
      modifiedAt: input.modifiedAt ?? null,
      classificationProposalId: existing?.classification_proposal_id ?? null,
    },
    projects,
  )
  const deliverables = findDeliverables({ path: input.path, markdown, fileType: format.fileType }).map((m) => ({
    ...m,
    projectId: projectForCode(m.projectCode, projects),
  }))
  await inTransaction(ctx, async (q) => {
    await q.query(
      `UPDATE files SET message_id = $2, summary = $3, project_id = coalesce($4, project_id), classification_confidence = $5,
         classification_reasoning = $6, classification_proposal_id = coalesce($7, classification_proposal_id)
       WHERE id = $1`,
      [
        fileId,
        messageId,
        summary,
        classification.projectId,
        classification.confidence,
        classification.reasoning,
        classification.proposalId,
      ],
    )
    await saveDeliverables(q, ctx.workspaceId, fileId, deliverables)
  })
  return { fileId, outcome, status, error }
}

/** Takes files' texts out of search (the messages are marked deleted, as a source's deleted messages are). */
async function removeFileMessages(ctx: ServiceContext, originName: string, paths: string[]) {
  const sourceId = await upsertSource(ctx.database, ctx.workspaceId, { type: 'files', name: originName })
  await markMessagesDeleted(ctx, { sourceId, externalIds: paths })
}

/** Files gone from their origin: marked deleted (the row stays for the record) and their text leaves search. */
export async function removeDocuments(
  ctx: ServiceContext,
  input: { origin: FileOrigin; originName: string; paths: string[] },
): Promise<number> {
  if (input.paths.length === 0) return 0
  const removed = await ctx.database.query<{ path: string }>(
    `UPDATE files SET deleted_at = now(), updated_at = now()
     WHERE workspace_id = $1 AND origin = $2 AND origin_name = $3 AND path = ANY($4::text[]) AND deleted_at IS NULL RETURNING path`,
    [ctx.workspaceId, input.origin, input.originName, input.paths],
  )
  if (removed.length > 0)
    await removeFileMessages(
      ctx,
      input.originName,
      removed.map((r) => r.path),
    )
  return removed.length
}
