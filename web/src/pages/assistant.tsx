// The assistant: chat threads on the left, the conversation on the right. Answers stream in as they are written;
// each [n] marker links to the cited message inside its conversation, with the numbered sources listed below;
// thumbs up/down (with an optional comment) rate an answer.
import { Fragment, useEffect, useRef, useState, type ReactNode } from 'react'
import { api } from '../api/legacy'
import { postEventStream } from '../api/event-stream'
import { pathFor, paths } from '../api/paths'
import { Link, navigate } from '../lib/router'
import { useAsync } from '../lib/use-async'
import { formatDate } from '../lib/format'
import { useSession } from '../session'
import { Empty, ErrorMessage, Loading, NotAvailable } from '../components/states'

type Citation = { n: number; messageId: string; conversationId: string; conversationTitle: string | null; sourceType: string; authorName: string | null; sentAt: string; quote: string; url: string }
type Thread = { id: string; title: string; source: string; createdAt: string; updatedAt: string }
type ChatMessage = {
  id: string
  role: 'user' | 'assistant' | 'system' | 'tool'
  content: string
  status: string
  citations: Citation[]
  response: { id: string; model: string; feedbackRating: 'up' | 'down' | null; feedbackComment: string | null } | null
  streaming?: boolean
}

export function AssistantPage({ threadId }: { threadId?: string }) {
  const session = useSession()
  if (!session.can('askStream')) {
    return (
      <section className="page">
        <h1>Assistant</h1>
        <NotAvailable feature="The assistant" path={paths.askStream.join(' ')} />
      </section>
    )
  }
  return <Assistant threadId={threadId} />
}

function Assistant({ threadId }: { threadId?: string }) {
  const session = useSession()
  const threads = useAsync(() => api.get<{ items: Thread[] }>(pathFor('listThreads')), [])
  return (
    <section className={threadId ? 'page split has-detail' : 'page split'}>
      <div className="split-list">
        <div className="page-header">
          <h1>Assistant</h1>
          <div className="actions">
            <Link to="/assistant" className="button">New chat</Link>
            {session.can('assistantAnalytics') ? <Link to="/assistant/analytics">Usage and feedback</Link> : null}
          </div>
        </div>
        {threads.loading && !threads.value ? <Loading /> : null}
        {threads.error ? <ErrorMessage error={threads.error} onRetry={threads.reload} /> : null}
        {threads.value && threads.value.items.length === 0 ? <Empty>No chats yet. Ask a question about your conversations.</Empty> : null}
        {threads.value && threads.value.items.length > 0 ? (
          <ul className="item-list" aria-label="Chats">
            {threads.value.items.map((t) => (
              <li key={t.id} className={t.id === threadId ? 'selected' : ''}>
                <Link to={`/assistant/${t.id}`}>
                  {t.title}
                  <span className="meta">{formatDate(t.updatedAt)} · {t.source}</span>
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="split-detail">
        <Chat key={threadId ?? 'new'} threadId={threadId} onThreadsChanged={threads.reload} />
      </div>
    </section>
  )
}

function Chat({ threadId, onThreadsChanged }: { threadId?: string; onThreadsChanged: () => void }) {
  const [messages, setMessages] = useState<ChatMessage[]>([])
  const [loading, setLoading] = useState(Boolean(threadId))
  const [error, setError] = useState<unknown>(null)
  const [question, setQuestion] = useState('')
  const [busy, setBusy] = useState(false)
  const abort = useRef<AbortController | null>(null)

  useEffect(() => {
    if (!threadId) return
    api.get<{ messages: ChatMessage[] }>(pathFor('getThread', { id: threadId })).then(
      (thread) => {
        setMessages((current) => (current.length > thread.messages.length ? current : thread.messages))
        setLoading(false)
      },
      (e) => {
        setError(e)
        setLoading(false)
      },
    )
    return () => abort.current?.abort()
  }, [threadId])

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
        pathFor('askStream'),
        { question: text, threadId, source: 'web' },
        ({ event, data }) => {
          if (event === 'thread') newThreadId = data.thread.id
          if (event === 'sources') sources = data.citations
          if (event === 'delta') update((m) => ({ ...m, content: m.content + data.text, citations: sources }))
          if (event === 'done' || event === 'error') {
            const answer = event === 'done' ? data : data.answer
            update((m) => ({ ...m, id: answer.messageId, content: answer.content, status: answer.status, citations: answer.citations, streaming: false, response: { id: answer.response.id, model: answer.response.model, feedbackRating: null, feedbackComment: null } }))
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
      {!threadId && messages.length === 0 ? <p className="hint">Ask anything about your conversations: answers cite the messages they come from.</p> : null}
      <ol className="chat-messages" aria-live="polite">
        {messages.map((m) => (
          <li key={m.id} className={`chat-message chat-${m.role}`} data-status={m.status}>
            {m.role === 'assistant' ? <AssistantAnswer message={m} /> : <p>{m.content}</p>}
          </li>
        ))}
      </ol>
      {error ? <ErrorMessage error={error} /> : null}
      <form className="chat-form" onSubmit={ask}>
        <label htmlFor="chat-question" className="visually-hidden">Question</label>
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
        <button type="submit" disabled={busy || !question.trim()}>{busy ? 'Answering…' : 'Ask'}</button>
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
      <p>{withCitationLinks(message.content, message.citations)}{message.streaming ? <span className="cursor" aria-hidden>▍</span> : null}</p>
      {!message.streaming && message.citations.length > 0 ? (
        <ol className="sources" aria-label="Sources">
          {message.citations.map((c) => (
            <li key={c.n} value={c.n}>
              <Link to={c.url}>{c.authorName ?? 'unknown'} in {c.conversationTitle ?? c.sourceType}, {formatDate(c.sentAt)}</Link>
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
      await api.post(pathFor('answerFeedback', { id: message.id }), { rating: value, comment: text || null })
      setRating(value)
      setSaved(true)
    } catch (e) {
      setError(e)
    }
  }
  return (
    <div className="feedback" role="group" aria-label="Feedback">
      <button type="button" aria-pressed={rating === 'up'} onClick={() => void send('up')}>Helpful</button>
      <button type="button" aria-pressed={rating === 'down'} onClick={() => void send('down')}>Not helpful</button>
      {rating === 'down' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void send('down')
          }}
        >
          <label>
            What was wrong? <input value={comment} onChange={(e) => { setComment(e.target.value); setSaved(false) }} />
          </label>
          <button type="submit">Send</button>
        </form>
      ) : null}
      {saved ? <span className="meta" role="status">Thanks, feedback saved.</span> : null}
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  )
}
