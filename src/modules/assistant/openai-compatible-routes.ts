// POST /v1/chat/completions (streaming and not) and GET /v1/models, so that any OpenAI client can ask Signalbox.
// Authenticated like /api/v1 (a Signalbox API token as the client's api key). The last user message is the
// question, earlier turns are the history; the answer's numbered sources follow it as a "Sources:" list, and
// the structured citations travel in an extra `citations` field.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { FastifyRequest } from 'fastify'
import { authenticateRequest } from '../../http/request-context.js'
import { requireScope } from '../../http/guards.js'
import { ValidationError } from '../../lib/errors.js'
import { estimateTokens } from '../llm/index.js'
import { streamAnswer, type AnswerSummary } from './answer.js'
import type { HistoryTurn } from './prompt.js'
import { sendServerSentEvents, type SseEvent } from './sse.js'
import { citationPath } from './threads.js'
import { citationSchema, citationView } from './views.js'

export const signalboxModelId = 'signalbox'

const contentPart = z.object({ type: z.string(), text: z.string().optional() }).passthrough()
const chatMessage = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
    content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
  })
  .passthrough()

const completionBody = z
  .object({
    model: z.string().min(1).max(200),
    messages: z.array(chatMessage).min(1).max(200),
    stream: z.boolean().optional(),
    temperature: z.number().optional(),
    max_tokens: z.number().int().optional(),
    user: z.string().max(200).optional(),
  })
  .passthrough()

const completionResponse = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number(),
      message: z.object({ role: z.literal('assistant'), content: z.string() }),
      finish_reason: z.string(),
      logprobs: z.null(),
    }),
  ),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() }),
  citations: z.array(citationSchema),
})

const openAiError = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })

function textOf(content: z.infer<typeof chatMessage>['content']): string {
  if (typeof content === 'string') return content
  return (content ?? []).map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('')
}

/** The question (last user message) and the turns before it. System messages are the caller's, not ours: ignored. */
export function splitConversation(messages: Array<z.infer<typeof chatMessage>>): { question: string; history: HistoryTurn[] } {
  const lastUser = messages.map((m) => m.role).lastIndexOf('user')
  const question = lastUser >= 0 ? textOf(messages[lastUser].content).trim() : ''
  if (!question)
    throw new ValidationError('No user message to answer', [{ path: 'body.messages', message: 'needs a user message with text' }])
  const history = messages
    .slice(0, lastUser)
    .filter((m) => m.role === 'user' || m.role === 'assistant')
    .map((m) => ({ role: m.role as 'user' | 'assistant', content: textOf(m.content) }))
    .filter((m) => m.content.trim())
  return { question, history }
}

/** The plain-text list of sources a client without citation support still shows. */
export function sourcesFooter(answer: Pick<AnswerSummary, 'citations'>): string {
  if (answer.citations.length === 0) return ''
  const lines = answer.citations.map(
    (c) => `[${c.n}] ${c.authorName ?? 'unknown'}, ${c.conversationTitle ?? c.sourceType}, ${c.sentAt.slice(0, 10)}: ${citationPath(c)}`,
  )
  return `\n\nSources:\n${lines.join('\n')}`
}

async function authenticate(request: FastifyRequest) {
  const { workspaceId, actor } = await authenticateRequest(request, request.server.deps)
  const deps = request.server.deps
  request.ctx = { database: deps.database, config: deps.config, log: request.log, queue: deps.queue, workspaceId, actor }
}

export const openAiCompatibleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/models',
    {
      preValidation: authenticate,
      schema: {
        tags: ['assistant'],
        summary: 'OpenAI-compatible model list: the one model, signalbox',
        response: {
          200: z.object({
            object: z.literal('list'),
            data: z.array(z.object({ id: z.string(), object: z.literal('model'), created: z.number(), owned_by: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { object: 'list' as const, data: [{ id: signalboxModelId, object: 'model' as const, created: 0, owned_by: 'signalbox' }] }
    },
  )

  app.post(
    '/v1/chat/completions',
    {
      preValidation: authenticate,
      schema: {
        tags: ['assistant'],
        summary: 'OpenAI-compatible chat completions over your data (cited answers); stream: true gives SSE chunks',
        body: completionBody,
        response: { 200: completionResponse, 400: openAiError, 401: openAiError, 403: openAiError },
      },
    },
    async (request, reply) => {
      requireScope(request, 'write')
      const { question, history } = splitConversation(request.body.messages)
      const controller = new AbortController()
      const events = streamAnswer(request.ctx, {
        question,
        history,
        source: 'api',
        signal: controller.signal,
        metadata: { client: 'openai-compatible', user: request.body.user },
      })
      const created = Math.floor(Date.now() / 1000)
      const model = request.body.model

      if (request.body.stream) {
        await sendServerSentEvents(request, reply, completionChunks(events, { created, model }), controller)
        return reply
      }
      for await (const event of events) {
        if (event.type !== 'done' && event.type !== 'error') continue
        const content = event.answer.content + sourcesFooter(event.answer)
        const promptTokens = event.answer.response.tokensIn || estimateTokens(question)
        const completionTokens = event.answer.response.tokensOut || estimateTokens(event.answer.content)
        return {
          id: `chatcmpl-${event.answer.messageId}`,
          object: 'chat.completion' as const,
          created,
          model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant' as const, content },
              finish_reason: event.type === 'done' ? 'stop' : 'error',
              logprobs: null,
            },
          ],
          usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
          citations: event.answer.citations.map(citationView),
        }
      }
      throw new Error('the answer stream ended without a result')
    },
  )
}

/** chat.completion.chunk events: one per delta, the sources footer, the finish with citations, then [DONE]. */
async function* completionChunks(
  events: AsyncIterable<import('./answer.js').AnswerEvent>,
  meta: { created: number; model: string },
): AsyncGenerator<SseEvent> {
  let id = 'chatcmpl-signalbox'
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) => ({
    data: {
      id,
      object: 'chat.completion.chunk',
      created: meta.created,
      model: meta.model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      ...extra,
    },
  })
  let first = true
  for await (const event of events) {
    if (event.type === 'thread') id = `chatcmpl-${event.userMessageId}`
    if (event.type === 'delta') {
      yield chunk(first ? { role: 'assistant', content: event.text } : { content: event.text }, null)
      first = false
    }
    if (event.type === 'done' || event.type === 'error') {
      const footer = sourcesFooter(event.answer)
      if (footer) yield chunk({ content: footer }, null)
      yield chunk({}, event.type === 'done' ? 'stop' : 'error', { citations: event.answer.citations.map(citationView) })
    }
  }
  yield { data: '[DONE]' }
}
