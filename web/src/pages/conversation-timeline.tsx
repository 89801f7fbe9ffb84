// One conversation as a timeline. Opened on a message (?message=, from search or a proposal) it loads the messages
// around that one, keeps it highlighted and scrolled into view, and pages both ways from there; otherwise it starts
// at the first message. Any message of a long chat is one request away.
import { useEffect, useRef, useState } from 'react'
import { api } from '../api/legacy'
import { pathFor } from '../api/paths'
import type { Conversation, ConversationWindow, Message, Page } from '../api/types'
import { Link } from '../lib/router'
import { useAsync } from '../lib/use-async'
import { formatDate, formatDay } from '../lib/format'
import { ErrorMessage, Loading } from '../components/states'
import { ConversationPeople } from '../components/conversation-people'
import { LegacyAsyncView } from '../components/legacy-views'

const pageSize = 200

/** The author to show; an identity with neither name nor username is an account deleted at the source. */
export function authorName(m: Message): string {
  if (!m.author) return 'Unknown author'
  return m.author.displayName ?? m.author.username ?? 'Deleted account'
}

export function ConversationTimeline({ conversationId, focusMessageId }: { conversationId: string; focusMessageId: string | null }) {
  const conversation = useAsync(() => api.get<Conversation>(pathFor('getConversation', { id: conversationId })), [conversationId])
  const [timeline, setTimeline] = useState<ConversationWindow | null>(null)
  const [busy, setBusy] = useState<'earlier' | 'later' | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const focusRef = useRef<HTMLLIElement | null>(null)

  useEffect(() => {
    let cancelled = false
    setTimeline(null)
    setError(null)
    const first = focusMessageId
      ? api.get<ConversationWindow>(pathFor('listMessagesAround', { id: conversationId, messageId: focusMessageId }), { limit: pageSize })
      : api
          .get<Page<Message>>(pathFor('listConversationMessages', { id: conversationId }), { limit: pageSize, order: 'asc' })
          .then((page) => ({ items: page.items, nextCursor: page.nextCursor, previousCursor: null }))
    first.then(
      (loaded) => !cancelled && setTimeline(loaded),
      (e: Error) => !cancelled && setError(e),
    )
    return () => {
      cancelled = true
    }
  }, [conversationId, focusMessageId])

  // Once, when the timeline around the focused message arrives; paging afterwards leaves the scroll where it is.
  const scrolledFor = useRef<string | null>(null)
  useEffect(() => {
    if (!timeline || !focusMessageId || scrolledFor.current === focusMessageId || !focusRef.current) return
    focusRef.current.scrollIntoView({ block: 'center' })
    scrolledFor.current = focusMessageId
  }, [timeline, focusMessageId])

  const loadEarlier = async () => {
    if (!timeline?.previousCursor) return
    setBusy('earlier')
    try {
      const page = await api.get<Page<Message>>(pathFor('listConversationMessages', { id: conversationId }), {
        limit: pageSize,
        order: 'desc',
        cursor: timeline.previousCursor,
      })
      setTimeline((w) => w && { ...w, items: [...[...page.items].reverse(), ...w.items], previousCursor: page.nextCursor })
    } catch (e) {
      setError(e as Error)
    } finally {
      setBusy(null)
    }
  }

  const loadLater = async () => {
    if (!timeline?.nextCursor) return
    setBusy('later')
    try {
      const page = await api.get<Page<Message>>(pathFor('listConversationMessages', { id: conversationId }), {
        limit: pageSize,
        order: 'asc',
        cursor: timeline.nextCursor,
      })
      setTimeline((w) => w && { ...w, items: [...w.items, ...page.items], nextCursor: page.nextCursor })
    } catch (e) {
      setError(e as Error)
    } finally {
      setBusy(null)
    }
  }

  if (error && !timeline) return <ErrorMessage error={error} />
  if (!timeline) return <Loading />
  let lastDay = ''
  return (
    <article className="conversation" aria-label="Conversation">
      <Link to="/conversations" className="back-link">
        ← All conversations
      </Link>
      <LegacyAsyncView state={conversation}>
        {(c) => (
          <header>
            <h2>{c.title ?? 'Conversation'}</h2>
            <p className="meta">
              {c.sourceName} ({c.sourceType}) · {c.kind} · {c.messageCount} messages
            </p>
          </header>
        )}
      </LegacyAsyncView>
      <ConversationPeople conversationId={conversationId} />
      {timeline.previousCursor && (
        <div className="load-more">
          <button type="button" onClick={() => void loadEarlier()} disabled={busy !== null}>
            {busy === 'earlier' ? 'Loading…' : 'Load earlier messages'}
          </button>
        </div>
      )}
      <ol className="timeline">
        {timeline.items.map((m) => {
          const day = formatDay(m.sentAt)
          const separator = day !== lastDay
          lastDay = day
          const focused = m.id === focusMessageId
          return (
            <li
              key={m.id}
              ref={focused ? focusRef : undefined}
              className={focused ? 'message focused' : 'message'}
              aria-current={focused ? 'true' : undefined}
              data-message-id={m.id}
            >
              {separator && <div className="day-separator">{new Date(m.sentAt).toLocaleDateString(undefined, { dateStyle: 'full' })}</div>}
              <div className="message-head">
                <strong className={m.author && !m.author.displayName && !m.author.username ? 'muted' : undefined}>{authorName(m)}</strong>
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
      {timeline.nextCursor && (
        <div className="load-more">
          <button type="button" onClick={() => void loadLater()} disabled={busy !== null}>
            {busy === 'later' ? 'Loading…' : 'Load later messages'}
          </button>
        </div>
      )}
    </article>
  )
}
