// The assistant: chat threads on the left, the conversation on the right. Answers stream in as they are written;
// each [n] marker links to the cited message inside its conversation, with the numbered sources listed below;
// thumbs up/down (with an optional comment) rate an answer.
import { Fragment, useEffect, useRef, useState, type ReactNode } from 'react'
import { api, apiClient, type ApiData } from '../api/client'
import { postEventStream } from '../api/event-stream'
import { Link, navigate } from '../lib/router'
import { formatDate } from '../lib/format'
import { useSession } from '../session'
import { Empty, ErrorMessage, Loading, NotAvailable } from '../components/states'

type StoredMessage = ApiData<'get', '/api/v1/assistant/threads/{id}'>['messages'][number]
/** What the chat shows of a message: a stored one, or one this page is still receiving (`streaming`). */
type ChatMessage = Pick<StoredMessage, 'id' | 'role' | 'content' | 'status' | 'citations' | 'response'> & { streaming?: boolean }
type Citation = ChatMessage['citations'][number]

export function AssistantPage({ threadId }: { threadId?: string }) {
  const session = useSession()
  if (!session.can('post', '/api/v1/assistant/ask/stream')) {
    return (
      <section className="page">
        <h1>Assistant</h1>
        <NotAvailable feature="The assistant" path="POST /api/v1/assistant/ask/stream" />
      </section>
    )
  }
  return <Assistant threadId={threadId} />
}

function Assistant({ threadId }: { threadId?: string }) {
  const session = useSession()
  const threads = api.useQuery('get', '/api/v1/assistant/threads')
  return (
    <section className={threadId ? 'page split has-detail' : 'page split'}>
      <div className="split-list">
        <div className="page-header">
          <h1>Assistant</h1>
          <div className="actions">
            <Link to="/assistant" className="button">
              New chat
            </Link>
            {session.can('get', '/api/v1/assistant/analytics') ? <Link to="/assistant/analytics">Usage and feedback</Link> : null}
          </div>
        </div>
        {threads.isPending ? <Loading /> : null}
        {threads.isError ? <ErrorMessage error={threads.error} onRetry={() => void threads.refetch()} /> : null}
        {threads.data && threads.data.items.length === 0 ? <Empty>No chats yet. Ask a question about your conversations.</Empty> : null}
        {threads.data && threads.data.items.length > 0 ? (
          <ul className="item-list" aria-label="Chats">
            {threads.data.items.map((t) => (
              <li key={t.id} className={t.id === threadId ? 'selected' : ''}>
                <Link to={`/assistant/${t.id}`}>
                  {t.title}
                  <span className="meta">
                    {formatDate(t.updatedAt)} · {t.source}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="split-detail">
        <Chat key={threadId ?? 'new'} threadId={threadId} onThreadsChanged={() => void threads.refetch()} />
      </div>
    </section>
  )
}

function Chat({ threadId, onThreadsChanged }: { threadId?: string; onThreadsChanged: () => void }) {
  const [messages, setMessages] = useState<ChatMessage[]>([])
  const thread = api.useQuery(
    'get',
    '/api/v1/assistant/threads/{id}',
    { params: { path: { id: threadId ?? '' } } },
    { enabled: Boolean(threadId) },
  )
  const loading = Boolean(threadId) && thread.isPending
  const [askError, setError] = useState<unknown>(null)
  const error = askError ?? (thread.isError ? thread.error : null)
  const [question, setQuestion] = useState('')
  const [busy, setBusy] = useState(false)
  const abort = useRef<AbortController | null>(null)

  // The stored thread, unless this page already shows more (an answer that just streamed in).
  useEffect(() => {
    const stored = thread.data?.messages
    if (stored) setMessages((current) => (current.length > stored.length ? current : stored))
  }, [thread.data])
  useEffect(() => () => abort.current?.abort(), [threadId])

  const ask = async (event: { preventDefault(): void }) => {
    event.preventDefault()
    const text = question.trim()
    if (!text || busy) return
    setBusy(true)
    setError(null)
    setQuestion('')
    const pendingId = `pending-${Date.now()}`
    setMessages((m) => [
      ...m,
      { id: `${pendingId}-q`, role: 'user', content: text, status: 'complete', citations: [], response: null },
      { id: pendingId, role: 'assistant', content: '', status: 'complete', citations: [], response: null, streaming: true },
    ])
    const update = (change: (m: ChatMessage) => ChatMessage) => setMessages((all) => all.map((m) => (m.id === pendingId ? change(m) : m)))
    let sources: Citation[] = []
    let newThreadId: string | null = null
    abort.current = new AbortController()
    try {
      await postEventStream(
        '/api/v1/assistant/ask/stream',
        { question: text, threadId, source: 'web' },
        ({ event, data }) => {
          if (event === 'thread') newThreadId = data.thread.id
          if (event === 'sources') sources = data.citations
          if (event === 'delta') update((m) => ({ ...m, content: m.content + data.text, citations: sources }))
          if (event === 'done' || event === 'error') {
            const answer = event === 'done' ? data : data.answer
            update((m) => ({
              ...m,
              id: answer.messageId,
              content: answer.content,
              status: answer.status,
              citations: answer.citations,
              streaming: false,
              response: { id: answer.response.id, model: answer.response.model, feedbackRating: null, feedbackComment: null },
            }))
            if (event === 'error') setError(new Error(data.message))
          }
        },
        abort.current.signal,
      )
    } catch (e) {
      setError(e)
      update((m) => ({ ...m, streaming: false, status: 'failed' }))
    } finally {
      setBusy(false)
      onThreadsChanged()
      if (!threadId && newThreadId) navigate(`/assistant/${newThreadId}`, { replace: true })
    }
  }

  return (
    <div className="chat" aria-label="Chat">
      {loading ? <Loading /> : null}
      {!threadId && messages.length === 0 ? (
        <p className="hint">Ask anything about your conversations: answers cite the messages they come from.</p>
      ) : null}
      <ol className="chat-messages" aria-live="polite">
        {messages.map((m) => (
          <li key={m.id} className={`chat-message chat-${m.role}`} data-status={m.status}>
            {m.role === 'assistant' ? <AssistantAnswer message={m} /> : <p>{m.content}</p>}
          </li>
        ))}
      </ol>
      {error ? <ErrorMessage error={error} /> : null}
      <form className="chat-form" onSubmit={ask}>
        <label htmlFor="chat-question" className="visually-hidden">
          Question
        </label>
        <textarea
          id="chat-question"
          value={question}
          rows={2}
          placeholder="Ask about your conversations…"
          onChange={(e) => setQuestion(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) void ask(e)
          }}
        />
        <button type="submit" disabled={busy || !question.trim()}>
          {busy ? 'Answering…' : 'Ask'}
        </button>
      </form>
    </div>
  )
}

/** Answer text with each [n] turned into a link to the cited message. */
function withCitationLinks(text: string, citations: Citation[]): ReactNode[] {
  const byNumber = new Map(citations.map((c) => [c.n, c]))
  return text.split(/(\[\d{1,3}\])/g).map((part, i) => {
    const n = /^\[(\d{1,3})\]$/.exec(part)?.[1]
    const citation = n ? byNumber.get(Number(n)) : undefined
    if (!citation) return <Fragment key={i}>{part}</Fragment>
    return (
      <Link key={i} to={citation.url} className="citation" title={`${citation.authorName ?? 'unknown'}: ${citation.quote}`}>
        [{citation.n}]
      </Link>
    )
  })
}

function AssistantAnswer({ message }: { message: ChatMessage }) {
  return (
    <div className="answer">
      <p>
        {withCitationLinks(message.content, message.citations)}
        {message.streaming ? (
          <span className="cursor" aria-hidden>
            ▍
          </span>
        ) : null}
      </p>
      {!message.streaming && message.citations.length > 0 ? (
        <ol className="sources" aria-label="Sources">
          {message.citations.map((c) => (
            <li key={c.n} value={c.n}>
              <Link to={c.url}>
                {c.authorName ?? 'unknown'} in {c.conversationTitle ?? c.sourceType}, {formatDate(c.sentAt)}
              </Link>
              <span className="meta"> — {c.quote}</span>
            </li>
          ))}
        </ol>
      ) : null}
      {message.status === 'interrupted' ? <p className="meta">The answer was cut off.</p> : null}
      {!message.streaming && message.response ? <Feedback message={message} /> : null}
    </div>
  )
}

function Feedback({ message }: { message: ChatMessage }) {
  const [rating, setRating] = useState(message.response?.feedbackRating ?? null)
  const [comment, setComment] = useState(message.response?.feedbackComment ?? '')
  const [saved, setSaved] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const send = async (value: 'up' | 'down', text = comment) => {
    setError(null)
    try {
      await apiClient.POST('/api/v1/assistant/messages/{id}/feedback', {
        params: { path: { id: message.id } },
        body: { rating: value, comment: text || null },
      })
      setRating(value)
      setSaved(true)
    } catch (e) {
      setError(e)
    }
  }
  return (
    <div className="feedback" role="group" aria-label="Feedback">
      <button type="button" aria-pressed={rating === 'up'} onClick={() => void send('up')}>
        Helpful
      </button>
      <button type="button" aria-pressed={rating === 'down'} onClick={() => void send('down')}>
        Not helpful
      </button>
      {rating === 'down' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void send('down')
          }}
        >
          <label>
            What was wrong?{' '}
            <input
              value={comment}
              onChange={(e) => {
                setComment(e.target.value)
                setSaved(false)
              }}
            />
          </label>
          <button type="submit">Send</button>
        </form>
      ) : null}
      {saved ? (
        <span className="meta" role="status">
          Thanks, feedback saved.
        </span>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  )
}
