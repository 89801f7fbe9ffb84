// Reading documents: the listing (status, error, project), one document with its sections (the chunks its text
// is indexed as: heading path, level, offsets, tokens) and deliverables, and deliverables per project.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import type { Queryable } from '../../db/transaction.js'
import { chunksOfMessage } from '../pipeline/index.js'
import { fileOrigins, fileStatuses, deliverableStatuses } from './schema.js'
import { removeDocuments } from './store-document.js'

export const documentViewSchema = z.object({
  id: z.string(),
  origin: z.enum(fileOrigins),
  originName: z.string(),
  path: z.string(),
  name: z.string(),
  fileType: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  contentSha256: z.string(),
  status: z.enum(fileStatuses),
  error: z.string().nullable(),
  summary: z.string().nullable(),
  messageId: z.string().nullable(),
  projectId: z.string().nullable(),
  classificationConfidence: z.number().nullable(),
  classificationReasoning: z.string().nullable(),
  classificationProposalId: z.string().nullable(),
  modifiedAt: z.string().nullable(),
  extractedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type DocumentView = z.infer<typeof documentViewSchema>

export const deliverableViewSchema = z.object({
  id: z.string(),
  fileId: z.string(),
  fileName: z.string(),
  projectCode: z.string(),
  projectId: z.string().nullable(),
  deliverableType: z.string(),
  status: z.enum(deliverableStatuses),
  mentionedAt: z.string(),
})
export type DeliverableView = z.infer<typeof deliverableViewSchema>

export const documentSectionSchema = z.object({
  index: z.number().int(),
  heading: z.string().nullable(),
  headingPath: z.string().nullable(),
  level: z.number().int(),
  charStart: z.number().int(),
  charEnd: z.number().int(),
  tokenCount: z.number().int(),
  text: z.string(),
})

export const documentDetailSchema = documentViewSchema.extend({
  contentMarkdown: z.string().nullable(),
  sections: z.array(documentSectionSchema),
  deliverables: z.array(deliverableViewSchema),
})
export type DocumentDetail = z.infer<typeof documentDetailSchema>

type FileRow = {
  id: string
  origin: DocumentView['origin']
  origin_name: string
  path: string
  name: string
  file_type: string
  mime_type: string
  size: string | number
  content_sha256: string
  status: DocumentView['status']
  error: string | null
  summary: string | null
  message_id: string | null
  project_id: string | null
  classification_confidence: number | null
  classification_reasoning: string | null
  classification_proposal_id: string | null
  modified_at: Date | null
  extracted_at: Date | null
  deleted_at: Date | null
  created_at: Date
  updated_at: Date
  content_markdown?: string | null
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString())

function toView(r: FileRow): DocumentView {
  return {
    id: r.id,
    origin: r.origin,
    originName: r.origin_name,
    path: r.path,
    name: r.name,
    fileType: r.file_type,
    mimeType: r.mime_type,
    size: Number(r.size),
    contentSha256: r.content_sha256,
    status: r.status,
    error: r.error,
    summary: r.summary,
    messageId: r.message_id,
    projectId: r.project_id,
    classificationConfidence: r.classification_confidence,
    classificationReasoning: r.classification_reasoning,
    classificationProposalId: r.classification_proposal_id,
    modifiedAt: iso(r.modified_at),
    extractedAt: iso(r.extracted_at),
    deletedAt: iso(r.deleted_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  }
}

const listColumns = `id, origin, origin_name, path, name, file_type, mime_type, size, content_sha256, status, error, summary, message_id,
  project_id, classification_confidence, classification_reasoning, classification_proposal_id, modified_at, extracted_at, deleted_at,
  created_at, updated_at`

export const documentFiltersSchema = z.object({
  status: z.enum(fileStatuses).optional(),
  origin: z.enum(fileOrigins).optional(),
  projectId: z.uuid().optional(),
  /** Part of the name or path, case-insensitive. */
  q: z.string().max(200).optional(),
  includeDeleted: z.coerce.boolean().default(false),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})
export type DocumentFilters = z.infer<typeof documentFiltersSchema>

export async function listDocuments(ctx: ServiceContext, filters: DocumentFilters): Promise<{ items: DocumentView[]; total: number }> {
  const where = [`workspace_id = $1`]
  const params: unknown[] = [ctx.workspaceId]
  const add = (clause: string, value: unknown) => {
    params.push(value)
    where.push(clause.replaceAll('?', `$${params.length}`))
  }
  if (!filters.includeDeleted) where.push('deleted_at IS NULL')
  if (filters.status) add('status = ?', filters.status)
  if (filters.origin) add('origin = ?', filters.origin)
  if (filters.projectId) add('project_id = ?', filters.projectId)
  if (filters.q) add('(name ILIKE ? OR path ILIKE ?)', `%${filters.q.replace(/[\\%_]/g, '\\$&')}%`)
  const rows = await ctx.database.query<FileRow & { total: number }>(
    `SELECT ${listColumns}, count(*) OVER ()::int AS total FROM files WHERE ${where.join(' AND ')}
     ORDER BY updated_at DESC, id LIMIT ${filters.limit} OFFSET ${filters.offset}`,
    params,
  )
  return { items: rows.map(toView), total: rows[0]?.total ?? 0 }
}

async function loadFile(ctx: ServiceContext, id: string): Promise<FileRow> {
  const [row] = await ctx.database.query<FileRow>(
    `SELECT ${listColumns}, content_markdown FROM files WHERE id = $1 AND workspace_id = $2`,
    [id, ctx.workspaceId],
  )
  if (!row) throw new NotFoundError('Document')
  return row
}

export async function getDocument(ctx: ServiceContext, id: string): Promise<DocumentDetail> {
  const row = await loadFile(ctx, id)
  const markdown = row.content_markdown ?? null
  // The same chunking the index used (pipeline.chunksOfMessage), so a section here is what a search hit points at.
  const sections = markdown
    ? chunksOfMessage({ content: markdown, content_kind: 'text' }).map((c) => ({
        index: c.chunkIndex,
        heading: c.heading,
        headingPath: c.headingPath,
        level: c.level,
        charStart: c.charStart,
        charEnd: c.charEnd,
        tokenCount: c.tokenCount,
        text: c.text,
      }))
    : []
  const deliverables = await listDeliverables(ctx, { fileId: id })
  return { ...toView(row), contentMarkdown: markdown, sections, deliverables }
}

export async function deleteDocument(ctx: ServiceContext, id: string): Promise<void> {
  const row = await loadFile(ctx, id)
  await removeDocuments(ctx, { origin: row.origin, originName: row.origin_name, paths: [row.path] })
}

export const deliverableFiltersSchema = z.object({
  projectId: z.uuid().optional(),
  projectCode: z.string().max(32).optional(),
  fileId: z.uuid().optional(),
})

export async function listDeliverables(ctx: ServiceContext, filters: z.infer<typeof deliverableFiltersSchema>): Promise<DeliverableView[]> {
  const rows = await ctx.database.query<{
    id: string
    file_id: string
    name: string
    project_code: string
    project_id: string | null
    deliverable_type: string
    status: DeliverableView['status']
    mentioned_at: Date
  }>(
    `SELECT d.id, d.file_id, f.name, d.project_code, coalesce(d.project_id, f.project_id) AS project_id, d.deliverable_type, d.status,
       d.mentioned_at
     FROM file_deliverables d JOIN files f ON f.id = d.file_id AND f.deleted_at IS NULL
     WHERE d.workspace_id = $1 AND ($2::uuid IS NULL OR coalesce(d.project_id, f.project_id) = $2)
       AND ($3::text IS NULL OR d.project_code = upper($3)) AND ($4::uuid IS NULL OR d.file_id = $4)
     ORDER BY d.project_code, d.mentioned_at DESC LIMIT 1000`,
    [ctx.workspaceId, filters.projectId ?? null, filters.projectCode ?? null, filters.fileId ?? null],
  )
  return rows.map((r) => ({
    id: r.id,
    fileId: r.file_id,
    fileName: r.name,
    projectCode: r.project_code,
    projectId: r.project_id,
    deliverableType: r.deliverable_type,
    status: r.status,
    mentionedAt: new Date(r.mentioned_at).toISOString(),
  }))
}

/** A file of the workspace that is not deleted (tags stay on a deleted file's row and return with the file). */
export async function fileExists(q: Queryable, workspaceId: string, id: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM files WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL`, [id, workspaceId])).length > 0
}
