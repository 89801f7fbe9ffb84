// The assistant's HTTP shapes: zod response schemas (also the OpenAPI document) and the mappers rows -> JSON.
import { z } from 'zod'
import { errorResponseSchema } from '../../http/response-schemas.js'
import type { AssistantResponse } from './analytics.js'
import type { AnswerSummary } from './answer.js'
import {
  feedbackRatings,
  threadMessageRoles,
  threadMessageStatuses,
  threadSources,
  userContextListFields,
  userContextTextFields,
  type Citation,
} from './schema.js'
import { citationPath, type Thread, type ThreadMessageView } from './threads.js'
import type { UserContext } from './user-context.js'

export const citationSchema = z.object({
  n: z.number().int(),
  messageId: z.string(),
  conversationId: z.string(),
  conversationTitle: z.string().nullable(),
  sourceType: z.string(),
  authorName: z.string().nullable(),
  sentAt: z.string(),
  quote: z.string(),
  /** The section of a structured text the passage comes from (a document's "Methods > Analysis"). */
  section: z.string().nullable().optional(),
  /** The web app's conversation view at the cited message. */
  url: z.string(),
})

export const threadSchema = z.object({
  id: z.string(),
  title: z.string(),
  source: z.enum(threadSources),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
})

export const responseSchema = z.object({
  id: z.string(),
  model: z.string(),
  provider: z.string(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  costUsd: z.number(),
  latencyMs: z.number(),
  firstTokenMs: z.number().nullable(),
  temperature: z.number().nullable(),
  status: z.enum(threadMessageStatuses),
  retrievedChunkIds: z.array(z.string()),
  feedbackRating: z.enum(feedbackRatings).nullable(),
  feedbackComment: z.string().nullable(),
})

export const threadMessageSchema = z.object({
  id: z.string(),
  threadId: z.string(),
  role: z.enum(threadMessageRoles),
  content: z.string(),
  status: z.enum(threadMessageStatuses),
  citations: z.array(citationSchema),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  response: z
    .object({
      id: z.string(),
      model: z.string(),
      feedbackRating: z.enum(feedbackRatings).nullable(),
      feedbackComment: z.string().nullable(),
    })
    .nullable(),
})

export const answerSchema = z.object({
  thread: threadSchema,
  messageId: z.string(),
  status: z.enum(threadMessageStatuses),
  content: z.string(),
  citations: z.array(citationSchema),
  response: responseSchema,
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
})

const userContextShape = {
  ...Object.fromEntries(userContextTextFields.map((f) => [f, z.string().max(4000).nullable()])),
  ...Object.fromEntries(userContextListFields.map((f) => [f, z.array(z.string().max(500)).max(50)])),
} as Record<(typeof userContextTextFields)[number], z.ZodNullable<z.ZodString>> &
  Record<(typeof userContextListFields)[number], z.ZodArray<z.ZodString>>
export const userContextBody = z.object(userContextShape).partial().strict()
export const userContextSchema = z.object({ ...userContextShape, updatedAt: z.string().nullable() })

/** The app's one error body (error-handler.ts). */
export const errorSchema = errorResponseSchema

export function citationView(c: Citation) {
  return { ...c, url: citationPath(c) }
}

export function threadView(t: Thread) {
  return {
    id: t.id,
    title: t.title,
    source: t.source,
    metadata: t.metadata,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  }
}

export function threadMessageView(m: ThreadMessageView) {
  return {
    id: m.id,
    threadId: m.threadId,
    role: m.role,
    content: m.content,
    status: m.status,
    citations: m.citations.map(citationView),
    metadata: m.metadata,
    createdAt: m.createdAt.toISOString(),
    response: m.response,
  }
}

export function responseView(r: AssistantResponse) {
  return {
    id: r.id,
    model: r.model,
    provider: r.provider,
    tokensIn: r.tokensIn,
    tokensOut: r.tokensOut,
    costUsd: r.costUsd,
    latencyMs: r.latencyMs,
    firstTokenMs: r.firstTokenMs,
    temperature: r.temperature,
    status: r.status,
    retrievedChunkIds: r.retrievedChunkIds,
    feedbackRating: r.feedbackRating,
    feedbackComment: r.feedbackComment,
  }
}

export function answerView(thread: Thread, answer: AnswerSummary, error: { code: string; message: string } | null) {
  return {
    thread: threadView(thread),
    messageId: answer.messageId,
    status: answer.status,
    content: answer.content,
    citations: answer.citations.map(citationView),
    response: responseView(answer.response),
    error,
  }
}

export function userContextView(row: UserContext | null) {
  const view: Record<string, unknown> = { updatedAt: row?.updatedAt.toISOString() ?? null }
  for (const f of userContextTextFields) view[f] = row?.[f] ?? null
  for (const f of userContextListFields) view[f] = row?.[f] ?? []
  return view as z.infer<typeof userContextSchema>
}
