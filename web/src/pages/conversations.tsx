// Conversations browser: conversations by source, and one conversation as a timeline with its people.
// ?message=<id> opens the conversation scrolled to that message (search results link here).
import { useEffect, useMemo, useRef, useState } from 'react'
import { api } from '../api/client'
import { pathFor } from '../api/paths'
import type { Conversation, Message, Page } from '../api/types'
import { Link, setSearchParams, useLocation } from '../lib/router'
import { usePagedList } from '../lib/use-paged-list'
import { useAsync } from '../lib/use-async'
import { formatDate, formatDay } from '../lib/format'
import { PagedView } from '../components/paged'
import { AsyncView, ErrorMessage, Loading } from '../components/states'

export function ConversationsPage({ conversationId }: { conversationId?: string }) {
  const { search } = useLocation()
  const source = search.get('source') ?? ''
  const list = usePagedList((cursor) => api.get<Page<Conversation>>(pathFor('listConversations'), { limit: 50, cursor, sourceId: source || undefined }), [source])
  // Sources are learnt from the conversations seen so far (there is no sources endpoint yet).
  const [sources, setSources] = useState<Map<string, string>>(new Map())
  useEffect(() => {
    setSources((old) => {
      const next = new Map(old)
      for (const c of list.items) next.set(c.sourceId, `${c.sourceName} (${c.sourceType})`)
      return next.size === old.size ? old : next
    })
  }, [list.items])

  return (
    <section className={conversationId ? 'page split has-detail' : 'page split'}>
      <div className="split-list">
        <h1>Conversations</h1>
        <label className="inline-field">
          Source
          <select value={source} onChange={(e) => setSearchParams({ source: e.target.value })}>
            <option value="">All sources</option>
            {[...sources].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <PagedView list={list} empty="No conversations yet. Import an export or connect a channel to see them here.">
          {(items) => (
            <ul className="item-list" aria-label="Conversations">
              {items.map((c) => (
                <li key={c.id} className={c.id === conversationId ? 'selected' : ''}>
                  <Link to={`/conversations/${c.id}${source ? `?source=${source}` : ''}`}>
                    <strong>{c.title ?? c.externalId}</strong>
                    <span className="meta">
                      {c.sourceType} · {c.messageCount} messages · {formatDate(c.lastMessageAt)}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </PagedView>
      </div>
      <div className="split-detail">
        {conversationId ? (
          <ConversationTimeline key={conversationId} conversationId={conversationId} focusMessageId={search.get('message')} />
        ) : (
          <p className="hint">Choose a conversation to read it.</p>
        )}
      </div>
    </section>
  )
}

const pageSize = 200
const maxPagesToFindMessage = 10

function ConversationTimeline({ conversationId, focusMessageId }: { conversationId: string; focusMessageId: string | null }) {
  const conversation = useAsync(
    () => api.get<Page<Conversation>>(pathFor('listConversations'), { limit: 500 }).then((p) => p.items.find((c) => c.id === conversationId) ?? null),
    [conversationId],
  )
  const [messages, setMessages] = useState<Message[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<Error | null>(null)
  const focusRef = useRef<HTMLLIElement | null>(null)

  const loadPage = async (after: string | undefined) =>
    api.get<Page<Message>>(pathFor('listConversationMessages', { id: conversationId }), { limit: pageSize, cursor: after, order: 'asc' })

  useEffect(() => {
    let cancelled = false
    ;(async () => {
      setLoading(true)
      let all: Message[] = []
      let next: string | null = null
      // Keep reading pages until the focused message is in view (bounded), so search results can jump to it.
      for (let i = 0; i < maxPagesToFindMessage; i++) {
        const page = await loadPage(next ?? undefined)
        all = [...all, ...page.items]
        next = page.nextCursor
        if (!next || !focusMessageId || all.some((m) => m.id === focusMessageId)) break
      }
      if (cancelled) return
      setMessages(all)
      setCursor(next)
      setLoading(false)
    })().catch((e) => {
      if (!cancelled) {
        setError(e)
        setLoading(false)
      }
    })
    return () => {
      cancelled = true
    }
    // runs once per conversation / focused message
  }, [conversationId, focusMessageId])

  useEffect(() => {
    focusRef.current?.scrollIntoView({ block: 'center' })
  }, [messages, focusMessageId])

  const people = useMemo(() => {
    const counts = new Map<string, number>()
    for (const m of messages) {
      const name = m.author?.displayName ?? m.author?.username ?? 'unknown'
      counts.set(name, (counts.get(name) ?? 0) + 1)
    }
    return [...counts].sort((a, b) => b[1] - a[1])
  }, [messages])

  const loadMore = async () => {
    if (!cursor) return
    setLoading(true)
    try {
      const page = await loadPage(cursor)
      setMessages((old) => [...old, ...page.items])
      setCursor(page.nextCursor)
    } catch (e) {
      setError(e as Error)
    } finally {
      setLoading(false)
    }
  }

  if (error && messages.length === 0) return <ErrorMessage error={error} />
  if (loading && messages.length === 0) return <Loading />
  let lastDay = ''
  return (
    <article className="conversation" aria-label="Conversation">
      <Link to="/conversations" className="back-link">
        ← All conversations
      </Link>
      <AsyncView state={conversation}>
        {(c) => (
          <header>
            <h2>{c?.title ?? 'Conversation'}</h2>
            {c && (
              <p className="meta">
                {c.sourceName} ({c.sourceType}) · {c.kind} · {c.messageCount} messages
              </p>
            )}
          </header>
        )}
      </AsyncView>
      <div className="people" aria-label="People">
        <h3>People</h3>
        <ul className="chips">
          {people.map(([name, count]) => (
            <li key={name} className="chip">
              {name} <span className="meta">{count}</span>
            </li>
          ))}
        </ul>
      </div>
      <ol className="timeline">
        {messages.map((m) => {
          const day = formatDay(m.sentAt)
          const separator = day !== lastDay
          lastDay = day
          const focused = m.id === focusMessageId
          return (
            <li key={m.id} ref={focused ? focusRef : undefined} className={focused ? 'message focused' : 'message'} data-message-id={m.id}>
              {separator && <div className="day-separator">{new Date(m.sentAt).toLocaleDateString(undefined, { dateStyle: 'full' })}</div>}
              <div className="message-head">
                <strong>{m.author?.displayName ?? m.author?.username ?? 'unknown'}</strong>
                <time dateTime={m.sentAt}>{formatDate(m.sentAt)}</time>
                {m.edited && <span className="badge">edited</span>}
                {m.noiseClassification && m.noiseClassification !== 'signal' && <span className="badge muted">{m.noiseClassification}</span>}
              </div>
              <div className="message-body">{m.content || <em>(no text)</em>}</div>
            </li>
          )
        })}
      </ol>
      {error && <ErrorMessage error={error} />}
      {cursor && (
        <div className="load-more">
          <button type="button" onClick={() => void loadMore()} disabled={loading}>
            {loading ? 'Loading…' : 'Load later messages'}
          </button>
        </div>
      )}
    </article>
  )
}
