// zod response schemas of the message read API (they also document it in the OpenAPI description).
import { z } from 'zod'

export const conversationViewSchema = z.object({
  id: z.uuid(),
  sourceId: z.uuid(),
  sourceType: z.string(),
  sourceName: z.string(),
  externalId: z.string(),
  title: z.string().nullable(),
  kind: z.string(),
  lastMessageAt: z.string().nullable(),
  messageCount: z.number().int(),
})

export const messageViewSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  sourceId: z.uuid(),
  externalId: z.string(),
  sentAt: z.string(),
  content: z.string(),
  contentKind: z.string(),
  author: z
    .object({ identityId: z.uuid(), personId: z.uuid().nullable(), displayName: z.string().nullable(), username: z.string().nullable() })
    .nullable(),
  replyToMessageId: z.uuid().nullable(),
  replyToExternalId: z.string().nullable(),
  threadExternalId: z.string().nullable(),
  edited: z.boolean(),
  editedAt: z.string().nullable(),
  forwardedFrom: z.string().nullable(),
  attachments: z.array(z.unknown()),
  analysisStatus: z.string(),
  importanceScore: z.number().nullable(),
  noiseClassification: z.string().nullable(),
  topicId: z.uuid().nullable(),
})

export const conversationWindowSchema = z.object({
  items: z.array(messageViewSchema),
  nextCursor: z.string().nullable(),
  previousCursor: z.string().nullable(),
})

export const participantsSchema = z.object({
  total: z.number().int(),
  items: z.array(
    z.object({
      identityId: z.uuid().nullable(),
      name: z.string(),
      username: z.string().nullable(),
      deletedAccount: z.boolean(),
      messageCount: z.number().int(),
    }),
  ),
})

export const conversationPageSchema = z.object({ items: z.array(conversationViewSchema), nextCursor: z.string().nullable() })
export const messagePageSchema = z.object({ items: z.array(messageViewSchema), nextCursor: z.string().nullable() })

/** POST /ingest/messages: counts, and each refused item with its index and field path. */
export const ingestReplySchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  errors: z.array(z.object({ index: z.number().int(), externalId: z.string().optional(), path: z.string(), message: z.string() })),
})
