// Documents (seed 002 files, file_deliverable_tracking): one row per file of an origin (an upload, a watched folder,
// a WebDAV folder) with its content hash, extraction status and Markdown, summary and project classification. The
// text itself is searched through the message path (one 'files' conversation per file); seed 002 file_chunks are
// the chunks of that message (heading path, level, offsets), so there is no second chunk table here. pending_files
// are task_proposals of kind 'file_classification' (one review inbox).
import { sql } from 'drizzle-orm'
import { bigint, index, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../workspaces/schema.js'
import { projects } from '../projects/schema.js'

export const fileOrigins = ['upload', 'folder', 'webdav'] as const
export type FileOrigin = (typeof fileOrigins)[number]
export const fileStatuses = ['pending', 'extracted', 'failed'] as const
export type FileStatus = (typeof fileStatuses)[number]
export const deliverableStatuses = ['draft', 'review', 'final'] as const
export type DeliverableStatus = (typeof deliverableStatuses)[number]

export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    origin: text('origin').$type<FileOrigin>().notNull(),
    /** Which folder or connector: 'upload', the watched folder's absolute path, the WebDAV source's name. Also the
     *  name of the 'files' source its text is ingested into. */
    originName: text('origin_name').notNull(),
    /** The file's path inside its origin ("Projects/CTS010/report.pdf"): the stable key of its conversation. */
    path: text('path').notNull(),
    name: text('name').notNull(),
    fileType: text('file_type').notNull(),
    mimeType: text('mime_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    contentSha256: text('content_sha256').notNull(),
    /** The origin's own change marker (WebDAV ETag, or the folder file's mtime), so unchanged files are not read. */
    etag: text('etag'),
    modifiedAt: timestamp('modified_at', { withTimezone: true }),
    status: text('status').$type<FileStatus>().notNull().default('pending'),
    error: text('error'),
    /** The extracted text as Markdown (seed 002 content_extracted). */
    contentMarkdown: text('content_markdown'),
    summary: text('summary'),
    /** The message that carries the text into search (source type 'files'). */
    messageId: uuid('message_id'),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
    classificationConfidence: real('classification_confidence'),
    classificationReasoning: text('classification_reasoning'),
    /** The pending proposal asking a person to confirm a low-confidence classification. */
    classificationProposalId: uuid('classification_proposal_id'),
    extractedAt: timestamp('extracted_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('files_origin_path_idx').on(t.workspaceId, t.origin, t.originName, t.path),
    index('files_workspace_updated_idx').on(t.workspaceId, t.updatedAt),
    index('files_workspace_project_idx').on(t.workspaceId, t.projectId),
    index('files_proposal_idx')
      .on(t.classificationProposalId)
      .where(sql`${t.classificationProposalId} IS NOT NULL`),
  ],
)

export const fileDeliverables = pgTable(
  'file_deliverables',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id, { onDelete: 'cascade' }),
    /** As written in the file ("CTS010"); projectId when a project of the workspace is known by that code. */
    projectCode: text('project_code').notNull(),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
    deliverableType: text('deliverable_type').notNull(),
    status: text('status').$type<DeliverableStatus>().notNull(),
    mentionedAt: timestamp('mentioned_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('file_deliverables_file_code_type_idx').on(t.fileId, t.projectCode, t.deliverableType),
    index('file_deliverables_workspace_code_idx').on(t.workspaceId, t.projectCode),
  ],
)
