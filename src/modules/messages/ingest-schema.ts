// The one shape every channel's messages take on their way into the store (ingest API, importers, connectors).
import { z } from 'zod'
import { sourceTypes } from '../sources/schema.js'
import { storableDateTime, storableJson, storableString } from '../../lib/storable-values.js'

// Every string is one PostgreSQL can store (no NUL, no lone surrogate) and every date lies in its calendar, so a
// bad item is reported with its field path instead of failing the batch's transaction with a database error.
const text = storableString

export const attachmentSchema = z.object({
  kind: text().min(1).max(64),
  name: text().max(1024).optional(),
  mimeType: text().max(255).optional(),
  size: z.number().int().nonnegative().optional(),
  url: text().max(4096).optional(),
})

export const conversationRefSchema = z.object({
  externalId: text().min(1).max(512),
  title: text().max(1024).optional(),
  kind: z.enum(['private', 'group', 'channel', 'thread', 'email_thread', 'other']).optional(),
})

export const authorRefSchema = z.object({
  externalId: text().min(1).max(512),
  username: text().max(255).optional(),
  displayName: text().max(1024).optional(),
  email: text().max(512).optional(),
  isBot: z.boolean().optional(),
})

export const ingestMessageSchema = z.object({
  externalId: text().min(1).max(512),
  conversation: conversationRefSchema,
  author: authorRefSchema.optional(),
  sentAt: storableDateTime(),
  content: text().max(1_000_000),
  contentKind: z.enum(['text', 'service', 'email']).optional(),
  replyToExternalId: text().max(512).optional(),
  threadExternalId: text().max(512).optional(),
  edited: z.boolean().optional(),
  editedAt: storableDateTime().optional(),
  forwardedFrom: text().max(1024).optional(),
  attachments: z.array(attachmentSchema).max(100).optional(),
  raw: storableJson().optional(),
})
export type IngestMessage = z.infer<typeof ingestMessageSchema>

export const sourceRefSchema = z.object({
  type: z.enum(sourceTypes),
  name: text().min(1).max(255),
})
export type SourceRef = z.infer<typeof sourceRefSchema>

export const maxIngestBatch = 1000

export type IngestItemError = { index: number; externalId?: string; path: string; message: string }
export type IngestResult = {
  created: number
  /** Of `created`, the service events (joins, pins, topic changes) rather than things someone said. */
  createdServiceEvents: number
  updated: number
  skipped: number
  failed: number
  errors: IngestItemError[]
  /** Ids of rows created or changed, for the processing pipeline. */
  changedMessageIds: string[]
}
