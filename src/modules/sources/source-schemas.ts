// zod schemas of the sources API: request bodies and the response shapes (also the OpenAPI document).
import { z } from 'zod'
import { sourceTypes } from './schema.js'

export const sourceViewSchema = z.object({
  id: z.uuid(),
  type: z.enum(sourceTypes),
  name: z.string(),
  connector: z.string().nullable(),
  config: z.record(z.string(), z.unknown()),
  state: z.enum(['connected', 'paused', 'failing', 'imported']),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  nextRetryAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lagSeconds: z.number().nullable(),
  messageCount: z.number().int(),
  conversationCount: z.number().int(),
  lastMessageAt: z.string().nullable(),
  rejectedDeliveries: z.number().int(),
  deliveries: z.object({ pending: z.number().int(), dead: z.number().int() }),
  createdAt: z.string(),
})

export const sourceWithNoticesSchema = sourceViewSchema.extend({ notices: z.array(z.string()) })

export const createSourceSchema = z.object({
  connector: z.string().min(1).max(64),
  name: z.string().max(255).optional(),
  settings: z.record(z.string(), z.unknown()).default({}),
})

export const updateSourceSchema = z.object({
  name: z.string().min(1).max(255).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
})

export const deleteSourceQuerySchema = z.object({
  keepMessages: z.enum(['true', 'false']).transform((v) => v === 'true'),
})

export const connectorViewSchema = z.object({
  id: z.string(),
  sourceType: z.enum(sourceTypes),
  title: z.string(),
  capabilities: z.object({ pullSync: z.boolean(), webhooks: z.boolean(), send: z.boolean() }),
  /** JSON Schema of the setup form. */
  settingsSchema: z.record(z.string(), z.unknown()),
})

export const syncResponseSchema = z.object({
  queued: z.boolean(),
  result: z
    .object({
      jobRunId: z.uuid(),
      status: z.enum(['completed', 'failed']),
      fetched: z.number(),
      stored: z.number(),
      skipped: z.number(),
      errors: z.number(),
      error: z.string().optional(),
    })
    .optional(),
})
