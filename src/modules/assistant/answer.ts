// Answering a question in a thread: retrieve passages, build the prompt within the model's budget, stream the
// answer (remote chat model, or the local extractive answer without a key), keep the cited passages, store the turn
// and its analytics. Channel-agnostic: the web SSE route, the OpenAI-compatible API and the Telegram bot call it.
import type { ServiceContext } from '../../lib/context.js'
import {
  BudgetExceededError,
  LlmCancelledError,
  NoChatProviderError,
  chatModelLimits,
  chatStream,
  type RecordedChatCall,
} from '../llm/index.js'
import type { SearchFilters } from '../search/index.js'
import { AppError } from '../../lib/errors.js'
import { recordResponse, type AssistantResponse } from './analytics.js'
import { answerLocally, streamPieces } from './local-answer.js'
import { buildAnswerPrompt, noAnswerText, type HistoryTurn } from './prompt.js'
import { citationFor, citedNumbers, retrievePassages, type Passage } from './retrieval.js'
import type { Citation } from './schema.js'
import {
  appendMessage,
  createThread,
  getThread,
  listThreadMessages,
  titleFromQuestion,
  type Thread,
  type ThreadMessageStatus,
  type ThreadSource,
} from './threads.js'
import { userContextForPrompt } from './user-context.js'
import { memoriesForPrompt } from './agent-memory.js'
import { proposeContextFromMessage } from './context-proposals.js'

export type AnswerInput = {
  threadId?: string
  question: string
  source: ThreadSource
  filters?: SearchFilters
  /** Passages retrieved per question (before the context budget trims them). */
  passageLimit?: number
  signal?: AbortSignal
  metadata?: Record<string, unknown>
  /** Overrides the local answer's confidence threshold (the evaluation sweeps it). */
  localConfidenceThreshold?: number
  /** Earlier turns supplied by the caller (the stateless OpenAI-compatible API) instead of the thread's own. */
  history?: HistoryTurn[]
}

export type AnswerSummary = {
  messageId: string
  status: ThreadMessageStatus
  content: string
  citations: Citation[]
  response: AssistantResponse
  /** How much of the question the best passages cover (0..1, local-answer.ts answerConfidence); null for model answers. */
  confidence: number | null
}

export type AnswerEvent =
  | { type: 'thread'; thread: Thread; userMessageId: string }
  /** Every passage the answer may cite, numbered as the [n] markers will be. */
  | { type: 'sources'; citations: Citation[] }
  | { type: 'delta'; text: string }
  | { type: 'done'; answer: AnswerSummary }
  /** The turn ended badly (interrupted stream, provider failure); the partial text is stored as `answer`. */
  | { type: 'error'; code: string; message: string; answer: AnswerSummary }

export const defaultPassageLimit = 8

export const budgetBlockedText =
  "The assistant's LLM budget is used up for now, so this question was not sent to the model. An admin can raise the budget under LLM → Budgets."

type CallFacts = Omit<RecordedChatCall, 'status' | 'callId'> & { callId: string | null }

export async function* streamAnswer(ctx: ServiceContext, input: AnswerInput): AsyncGenerator<AnswerEvent> {
  const question = input.question.trim()
  const thread = input.threadId
    ? await getThread(ctx, input.threadId)
    : await createThread(ctx, { title: titleFromQuestion(question), source: input.source })
  const history = input.history ?? (input.threadId ? await threadHistory(ctx, thread.id) : [])
  const userMessage = await appendMessage(ctx, {
    threadId: thread.id,
    role: 'user',
    content: question,
    metadata: { source: input.source, ...input.metadata },
  })
  yield { type: 'thread', thread, userMessageId: userMessage.id }
  // What the person says about themselves is proposed for their context, never stored without their approval.
  await proposeContextFromMessage(ctx, { text: question, messageId: userMessage.id })

  const started = performance.now()
  // A follow-up ("who renewed it?") rarely names its subject: search with the previous question as well.
  const previousQuestion = [...history].reverse().find((turn) => turn.role === 'user')?.content
  const query = previousQuestion ? `${previousQuestion}\n${question}` : question
  const retrieved = await retrievePassages(ctx, { query, filters: input.filters, limit: input.passageLimit ?? defaultPassageLimit })
  const limits = await chatModelLimits(ctx)
  const prompt = buildAnswerPrompt({
    question,
    passages: retrieved,
    history,
    userContext: await userContextForPrompt(ctx),
    memories: await memoriesForPrompt(ctx, question),
    limits: limits ?? { contextWindow: null, maxOutputTokens: null },
  })
  const passages = prompt.passages
  yield { type: 'sources', citations: passages.map((p) => citationFor(p)) }

  let text = ''
  let firstTokenMs: number | null = null
  let call: CallFacts = {
    callId: null,
    provider: 'none',
    model: 'none',
    temperature: null,
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
    latencyMs: 0,
  }
  let status: ThreadMessageStatus = 'complete'
  let failure: { code: string; message: string } | null = null
  let quotes = new Map<number, string>()
  let confidence: number | null = null

  const finish = async (): Promise<AnswerSummary> => {
    const numbers = status === 'complete' || status === 'interrupted' ? citedNumbers(text, passages.length) : []
    if (status === 'complete' && numbers.length === 0) status = 'declined'
    const citations = numbers.map((n) => citationFor(passages[n - 1], quotes.get(n)))
    const message = await appendMessage(ctx, { threadId: thread.id, role: 'assistant', content: text, status, citations })
    const response = await recordResponse(ctx, {
      messageId: message.id,
      threadId: thread.id,
      ...call,
      latencyMs: Math.round(performance.now() - started),
      firstTokenMs,
      status,
      retrievedChunkIds: passages.map((p) => p.hit.chunk.id),
      retrievedMessageIds: passages.map((p) => p.hit.messageId),
    })
    return { messageId: message.id, status, content: text, citations, response, confidence }
  }
  const emit = (piece: string): AnswerEvent => {
    firstTokenMs ??= Math.round(performance.now() - started)
    text += piece
    return { type: 'delta', text: piece }
  }

  if (passages.length === 0) {
    // Nothing retrieved: no model is asked, the answer says so plainly.
    status = 'declined'
    yield emit(noAnswerText)
    yield { type: 'done', answer: await finish() }
    return
  }

  try {
    try {
      const stream = chatStream(ctx, {
        messages: prompt.messages,
        signal: input.signal,
        purpose: 'assistant',
        onCallRecorded: (recorded) => {
          const { status: _status, ...facts } = recorded
          call = facts
        },
      })
      for await (const piece of stream) yield emit(piece)
    } catch (error) {
      if (!(error instanceof NoChatProviderError)) throw error
      const local = await answerLocally(ctx, {
        question,
        passages,
        signal: input.signal,
        confidenceThreshold: input.localConfidenceThreshold,
      })
      call = { ...local.call, temperature: null }
      confidence = local.confidence
      quotes = local.quotes
      for (const piece of streamPieces(local.text ?? noAnswerText)) yield emit(piece)
    }
  } catch (error) {
    if (error instanceof BudgetExceededError) {
      status = 'blocked'
      text = ''
      yield emit(budgetBlockedText)
      yield { type: 'done', answer: await finish() }
      return
    }
    status = text ? 'interrupted' : 'failed'
    const typed = error instanceof AppError ? error : null
    failure = {
      code: typed?.code ?? 'assistant_error',
      message: error instanceof LlmCancelledError ? 'The answer was cancelled' : (typed?.message ?? 'The answer failed'),
    }
    if (!typed) ctx.log.error({ err: error }, 'assistant answer failed')
  }
  const answer = await finish()
  if (failure) yield { type: 'error', ...failure, answer }
  else yield { type: 'done', answer }
}

/** The whole answer at once, for channels that do not stream (Telegram, the non-streaming API). */
export async function answerQuestion(
  ctx: ServiceContext,
  input: AnswerInput,
): Promise<{ thread: Thread; answer: AnswerSummary; error: { code: string; message: string } | null }> {
  let thread: Thread | null = null
  for await (const event of streamAnswer(ctx, input)) {
    if (event.type === 'thread') thread = event.thread
    if (event.type === 'done') return { thread: thread!, answer: event.answer, error: null }
    if (event.type === 'error') return { thread: thread!, answer: event.answer, error: { code: event.code, message: event.message } }
  }
  throw new Error('the answer stream ended without a result')
}

async function threadHistory(ctx: ServiceContext, threadId: string): Promise<HistoryTurn[]> {
  const messages = await listThreadMessages(ctx, threadId)
  return messages
    .filter((m) => (m.role === 'user' || m.role === 'assistant') && m.content && m.status !== 'blocked' && m.status !== 'failed')
    .map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content }))
}

export type { Passage }
