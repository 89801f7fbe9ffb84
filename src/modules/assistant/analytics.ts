// Per-answer analytics (seed 003 ai_responses): model, tokens, cost, latency, status, retrieved chunks, and the
// user's thumbs up/down; summed by model and day for the analytics page and API.
import { and, desc, eq, isNotNull } from 'drizzle-orm'
import { actorUserId, type ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import { assistantMessages, assistantResponses, assistantThreads, type feedbackRatings } from './schema.js'
import type { ThreadMessageStatus } from './threads.js'

export type AssistantResponse = typeof assistantResponses.$inferSelect
export type FeedbackRating = (typeof feedbackRatings)[number]

export type ResponseRecord = {
  messageId: string
  threadId: string
  callId: string | null
  model: string
  provider: string
  tokensIn: number
  tokensOut: number
  costUsd: number
  latencyMs: number
  firstTokenMs: number | null
  temperature: number | null
  status: ThreadMessageStatus
  retrievedChunkIds: string[]
  retrievedMessageIds: string[]
}

export async function recordResponse(ctx: ServiceContext, record: ResponseRecord): Promise<AssistantResponse> {
  const [row] = await ctx.database.db
    .insert(assistantResponses)
    .values({ ...record, workspaceId: ctx.workspaceId })
    .returning()
  return row
}

/** Feedback on an answer in one of the caller's own threads; a second vote replaces the first. */
export async function setFeedback(
  ctx: ServiceContext,
  input: { messageId: string; rating: FeedbackRating; comment?: string | null },
): Promise<AssistantResponse> {
  const userId = actorUserId(ctx.actor)
  const [owned] = await ctx.database.query<{ id: string }>(
    `SELECT r.id FROM assistant_responses r
       JOIN assistant_messages m ON m.id = r.message_id
       JOIN assistant_threads t ON t.id = m.thread_id
     WHERE r.message_id = $1 AND r.workspace_id = $2 AND t.user_id IS NOT DISTINCT FROM $3::uuid`,
    [input.messageId, ctx.workspaceId, userId],
  )
  if (!owned) throw new NotFoundError('Answer')
  const [row] = await ctx.database.db
    .update(assistantResponses)
    .set({ feedbackRating: input.rating, feedbackComment: input.comment ?? null, feedbackAt: new Date() })
    .where(and(eq(assistantResponses.id, owned.id), eq(assistantResponses.workspaceId, ctx.workspaceId)))
    .returning()
  return row
}

export type AnalyticsRow = {
  day: string
  model: string
  answers: number
  declined: number
  failed: number
  tokensIn: number
  tokensOut: number
  costUsd: number
  avgLatencyMs: number
  avgFirstTokenMs: number | null
  thumbsUp: number
  thumbsDown: number
}

/** Answers per day and model in the workspace between two UTC dates (inclusive). */
export async function responseAnalytics(
  ctx: ServiceContext,
  input: { from: string; to: string },
): Promise<{ from: string; to: string; rows: AnalyticsRow[] }> {
  // Counts are cast to int and sums and averages to float8 in SQL, so the driver returns numbers.
  const rows = await ctx.database.query<{
    day: string
    model: string
    answers: number
    declined: number
    failed: number
    tokens_in: number
    tokens_out: number
    cost_usd: number
    avg_latency_ms: number
    avg_first_token_ms: number | null
    thumbs_up: number
    thumbs_down: number
  }>(
    `SELECT to_char(usage_date, 'YYYY-MM-DD') AS day, model, count(*)::int AS answers,
       count(*) FILTER (WHERE status = 'declined')::int AS declined,
       count(*) FILTER (WHERE status IN ('failed', 'interrupted', 'blocked'))::int AS failed,
       coalesce(sum(tokens_in), 0)::int AS tokens_in, coalesce(sum(tokens_out), 0)::int AS tokens_out,
       coalesce(sum(cost_usd), 0)::float8 AS cost_usd, coalesce(avg(latency_ms), 0)::float8 AS avg_latency_ms,
       avg(first_token_ms)::float8 AS avg_first_token_ms,
       count(*) FILTER (WHERE feedback_rating = 'up')::int AS thumbs_up,
       count(*) FILTER (WHERE feedback_rating = 'down')::int AS thumbs_down
     FROM assistant_responses
     WHERE workspace_id = $1 AND usage_date BETWEEN $2::date AND $3::date
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [ctx.workspaceId, input.from, input.to],
  )
  return {
    from: input.from,
    to: input.to,
    rows: rows.map((r) => ({
      day: r.day,
      model: r.model,
      answers: r.answers,
      declined: r.declined,
      failed: r.failed,
      tokensIn: r.tokens_in,
      tokensOut: r.tokens_out,
      costUsd: r.cost_usd,
      avgLatencyMs: Math.round(r.avg_latency_ms),
      avgFirstTokenMs: r.avg_first_token_ms === null ? null : Math.round(r.avg_first_token_ms),
      thumbsUp: r.thumbs_up,
      thumbsDown: r.thumbs_down,
    })),
  }
}

/** Recent feedback comments, newest first, with the question and answer they judge. */
export async function recentFeedback(ctx: ServiceContext, limit = 20) {
  return ctx.database.db
    .select({
      messageId: assistantResponses.messageId,
      threadId: assistantResponses.threadId,
      threadTitle: assistantThreads.title,
      model: assistantResponses.model,
      rating: assistantResponses.feedbackRating,
      comment: assistantResponses.feedbackComment,
      answer: assistantMessages.content,
      at: assistantResponses.feedbackAt,
    })
    .from(assistantResponses)
    .innerJoin(assistantMessages, eq(assistantMessages.id, assistantResponses.messageId))
    .innerJoin(assistantThreads, eq(assistantThreads.id, assistantResponses.threadId))
    .where(and(eq(assistantResponses.workspaceId, ctx.workspaceId), isNotNull(assistantResponses.feedbackAt)))
    .orderBy(desc(assistantResponses.feedbackAt))
    .limit(limit)
}
