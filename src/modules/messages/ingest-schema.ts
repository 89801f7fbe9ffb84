// The one shape every channel's messages take on their way into the store (ingest API, importers, connectors).
import { z } from 'zod'
import { sourceTypes } from '../sources/schema.js'

export const attachmentSchema = z.object({
  kind: z.string().min(1).max(64),
  name: z.string().max(1024).optional(),
  mimeType: z.string().max(255).optional(),
  size: z.number().int().nonnegative().optional(),
  url: z.string().max(4096).optional(),
})

export const conversationRefSchema = z.object({
  externalId: z.string().min(1).max(512),
  title: z.string().max(1024).optional(),
  kind: z.enum(['private', 'group', 'channel', 'thread', 'email_thread', 'other']).optional(),
})

export const authorRefSchema = z.object({
  externalId: z.string().min(1).max(512),
  username: z.string().max(255).optional(),
  displayName: z.string().max(1024).optional(),
  email: z.string().max(512).optional(),
  isBot: z.boolean().optional(),
})

export const ingestMessageSchema = z.object({
  externalId: z.string().min(1).max(512),
  conversation: conversationRefSchema,
  author: authorRefSchema.optional(),
  sentAt: z.iso.datetime({ offset: true }),
  content: z.string().max(1_000_000),
  contentKind: z.enum(['text', 'service', 'email']).optional(),
  replyToExternalId: z.string().max(512).optional(),
  threadExternalId: z.string().max(512).optional(),
  edited: z.boolean().optional(),
  editedAt: z.iso.datetime({ offset: true }).optional(),
  forwardedFrom: z.string().max(1024).optional(),
  attachments: z.array(attachmentSchema).max(100).optional(),
  raw: z.unknown().optional(),
})
export type IngestMessage = z.infer<typeof ingestMessageSchema>

export const sourceRefSchema = z.object({
  type: z.enum(sourceTypes),
  name: z.string().min(1).max(255),
})
export type SourceRef = z.infer<typeof sourceRefSchema>

export const maxIngestBatch = 1000

export type IngestItemError = { index: number; externalId?: string; path: string; message: string }
export type IngestResult = {
  created: number
  updated: number
  skipped: number
  failed: number
  errors: IngestItemError[]
  /** Ids of rows created or changed, for the processing pipeline. */
  changedMessageIds: string[]
}
