// HTTP shell of the assistant: threads, asking (JSON or Server-Sent Events), feedback, analytics and the
// caller's own user context. Every route declares its request and response schemas.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { answerQuestion, streamAnswer, type AnswerEvent } from './answer.js'
import { recentFeedback, responseAnalytics, setFeedback } from './analytics.js'
import { contextProposalStatuses, feedbackRatings, threadSources } from './schema.js'
import { sendServerSentEvents, type SseEvent } from './sse.js'
import { deleteThread, exportThreadMarkdown, getThread, listThreadMessages, listThreads, renameThread } from './threads.js'
import { deleteUserContext, getUserContext, updateUserContext } from './user-context.js'
import { memoryRoutes } from './memory-routes.js'
import { voiceRoutes } from './voice-routes.js'
import { decideContextProposal, deleteContextProposals, listContextProposals } from './context-proposals.js'
import {
  answerSchema,
  answerView,
  citationView,
  errorSchema,
  responseSchema,
  responseView,
  threadMessageSchema,
  threadMessageView,
  threadSchema,
  threadView,
  userContextBody,
  userContextSchema,
  userContextView,
} from './views.js'
import { errorResponses } from '../../http/response-schemas.js'

const idParams = z.object({ id: z.uuid() })
const tags = ['assistant']

export const askBody = z.object({
  question: z.string().trim().min(1).max(4000),
  threadId: z.uuid().optional(),
  source: z.enum(threadSources).default('web'),
  filters: z
    .object({
      sourceId: z.uuid().optional(),
      personId: z.uuid().optional(),
      conversationId: z.uuid().optional(),
      topicId: z.uuid().optional(),
      from: z.coerce.date().optional(),
      to: z.coerce.date().optional(),
    })
    .strict()
    .optional(),
})

/** SSE framing of the answer events (the event name is the type; data is JSON). */
export function answerEventToSse(event: AnswerEvent): SseEvent {
  switch (event.type) {
    case 'thread':
      return { event: 'thread', data: { thread: threadView(event.thread), userMessageId: event.userMessageId } }
    case 'sources':
      return { event: 'sources', data: { citations: event.citations.map(citationView) } }
    case 'delta':
      return { event: 'delta', data: { text: event.text } }
    case 'done':
      return { event: 'done', data: answerPayload(event.answer) }
    case 'error':
      return { event: 'error', data: { code: event.code, message: event.message, answer: answerPayload(event.answer) } }
  }
}

function answerPayload(answer: Extract<AnswerEvent, { type: 'done' }>['answer']) {
  return {
    messageId: answer.messageId,
    status: answer.status,
    content: answer.content,
    citations: answer.citations.map(citationView),
    response: responseView(answer.response),
  }
}

async function* mapEvents(events: AsyncIterable<AnswerEvent>): AsyncGenerator<SseEvent> {
  for await (const event of events) yield answerEventToSse(event)
}

export const assistantRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(memoryRoutes)
  await app.register(voiceRoutes)

  app.get(
    '/assistant/threads',
    {
      schema: {
        tags,
        summary: "The caller's chat threads, most recently active first",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), source: z.enum(threadSources).optional() }),
        response: { 200: z.object({ items: z.array(threadSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: (await listThreads(request.ctx, request.query)).map(threadView) }
    },
  )

  app.get(
    '/assistant/threads/:id',
    {
      schema: {
        tags,
        params: idParams,
        response: { 200: z.object({ thread: threadSchema, messages: z.array(threadMessageSchema) }), 404: errorSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      const thread = await getThread(request.ctx, request.params.id)
      const messages = await listThreadMessages(request.ctx, thread.id)
      return { thread: threadView(thread), messages: messages.map(threadMessageView) }
    },
  )

  app.patch(
    '/assistant/threads/:id',
    {
      schema: {
        tags,
        params: idParams,
        body: z.object({ title: z.string().trim().min(1).max(200) }),
        response: { 200: threadSchema, 404: errorSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return threadView(await renameThread(request.ctx, request.params.id, request.body.title))
    },
  )

  app.delete(
    '/assistant/threads/:id',
    { schema: { tags, params: idParams, response: { 204: z.null(), 404: errorSchema, ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      await deleteThread(request.ctx, request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/assistant/threads/:id/export',
    {
      schema: {
        tags,
        summary: 'The thread as Markdown',
        params: idParams,
        response: { 200: z.string(), 404: errorSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireScope(request, 'read')
      const markdown = await exportThreadMarkdown(request.ctx, request.params.id)
      reply.header('content-type', 'text/markdown; charset=utf-8')
      reply.header('content-disposition', `attachment; filename="thread-${request.params.id}.md"`)
      return markdown
    },
  )

  app.post(
    '/assistant/ask',
    {
      schema: {
        tags,
        summary: 'Ask the assistant; the whole answer with its numbered citations at once',
        body: askBody,
        response: { 200: answerSchema, 404: errorSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      const controller = new AbortController()
      request.raw.on('close', () => {
        if (request.raw.destroyed && !request.raw.complete) controller.abort()
      })
      const { thread, answer, error } = await answerQuestion(request.ctx, { ...request.body, signal: controller.signal })
      return answerView(thread, answer, error)
    },
  )

  app.post(
    '/assistant/ask/stream',
    {
      schema: {
        tags,
        summary: 'Ask the assistant; the answer streams as Server-Sent Events',
        description:
          'Events: thread {thread, userMessageId}; sources {citations} (every passage the answer may cite, numbered); ' +
          'delta {text} (repeated); then done {messageId, status, content, citations, response} or ' +
          'error {code, message, answer} when the stream was cut (the partial answer is kept).',
        body: askBody,
        response: { 200: z.string().describe('text/event-stream'), 404: errorSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireScope(request, 'write')
      const controller = new AbortController()
      const events = mapEvents(streamAnswer(request.ctx, { ...request.body, signal: controller.signal }))
      await sendServerSentEvents(request, reply, events, controller)
    },
  )

  app.post(
    '/assistant/messages/:id/feedback',
    {
      schema: {
        tags,
        summary: 'Thumbs up or down on an answer, with an optional comment (a second vote replaces the first)',
        params: idParams,
        body: z.object({ rating: z.enum(feedbackRatings), comment: z.string().trim().max(2000).nullable().optional() }),
        response: { 200: responseSchema, 404: errorSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return responseView(await setFeedback(request.ctx, { messageId: request.params.id, ...request.body }))
    },
  )

  app.get(
    '/assistant/analytics',
    {
      schema: {
        tags,
        summary: 'Answers, tokens, cost, latency and feedback by day and model; the latest feedback',
        querystring: z.object({
          from: z.iso.date().default(() => new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)),
          to: z.iso.date().default(() => new Date().toISOString().slice(0, 10)),
        }),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            rows: z.array(
              z.object({
                day: z.string(),
                model: z.string(),
                answers: z.number(),
                declined: z.number(),
                failed: z.number(),
                tokensIn: z.number(),
                tokensOut: z.number(),
                costUsd: z.number(),
                avgLatencyMs: z.number(),
                avgFirstTokenMs: z.number().nullable(),
                thumbsUp: z.number(),
                thumbsDown: z.number(),
              }),
            ),
            feedback: z.array(
              z.object({
                messageId: z.string(),
                threadId: z.string(),
                threadTitle: z.string(),
                model: z.string(),
                rating: z.enum(feedbackRatings).nullable(),
                comment: z.string().nullable(),
                answer: z.string(),
                at: z.string().nullable(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      const summary = await responseAnalytics(request.ctx, request.query)
      const feedback = (await recentFeedback(request.ctx)).map((f) => ({ ...f, at: f.at?.toISOString() ?? null }))
      return { ...summary, feedback }
    },
  )

  app.get(
    '/assistant/context',
    { schema: { tags, summary: 'What the assistant knows about the caller', response: { 200: userContextSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return userContextView(await getUserContext(request.ctx))
    },
  )

  app.put(
    '/assistant/context',
    {
      schema: {
        tags,
        summary: 'Edit the caller’s context (fields left out keep their value)',
        body: userContextBody,
        response: { 200: userContextSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return userContextView(await updateUserContext(request.ctx, request.body))
    },
  )

  app.delete(
    '/assistant/context',
    { schema: { tags, summary: 'Forget everything saved about the caller', response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      await deleteUserContext(request.ctx)
      await deleteContextProposals(request.ctx)
      return reply.code(204).send(null)
    },
  )

  const proposalSchema = z.object({
    id: z.string(),
    field: z.string(),
    value: z.string(),
    status: z.enum(contextProposalStatuses),
    sourceMessageId: z.string().nullable(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  const proposalView = (p: Awaited<ReturnType<typeof decideContextProposal>>) => ({
    id: p.id,
    field: p.field,
    value: p.value,
    status: p.status,
    sourceMessageId: p.sourceMessageId,
    createdAt: p.createdAt.toISOString(),
    decidedAt: p.decidedAt?.toISOString() ?? null,
  })

  app.get(
    '/assistant/context/proposals',
    {
      schema: {
        tags,
        summary: 'Context updates learned from your chats, waiting for your approval',
        querystring: z.object({ status: z.enum(contextProposalStatuses).default('pending') }),
        response: { 200: z.object({ items: z.array(proposalSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: (await listContextProposals(request.ctx, request.query)).map(proposalView) }
    },
  )

  app.post(
    '/assistant/context/proposals/:id/:decision',
    {
      schema: {
        tags,
        summary: 'Approve (writes it into your context) or reject a proposed context update',
        params: z.object({ id: z.uuid(), decision: z.enum(['approve', 'reject']) }),
        response: { 200: proposalSchema, 404: errorSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return proposalView(
        await decideContextProposal(request.ctx, { id: request.params.id, approve: request.params.decision === 'approve' }),
      )
    },
  )
}
