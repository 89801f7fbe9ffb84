// One conversation as a timeline. Opened on a message (?message=, from search or a proposal) it loads the messages
// around that one, keeps it highlighted and scrolled into view, and pages both ways from there; otherwise it starts
// at the first message. Any message of a long chat is one request away.
import { useEffect, useRef } from 'react'
import { useInfiniteQuery } from '@tanstack/react-query'
import { api, apiClient, type ApiItem } from '../api/client'
import { Link } from '../lib/router'
import { formatDate, formatDay } from '../lib/format'
import { AsyncView, ErrorMessage, Loading } from '../components/states'
import { ConversationPeople } from '../components/conversation-people'

const pageSize = 200

type Message = ApiItem<'get', '/api/v1/conversations/{id}/messages'>
/** Part of a conversation: nextCursor reads later messages (order=asc), previousCursor earlier ones (order=desc). */
type TimelinePart = { items: Message[]; nextCursor: string | null; previousCursor: string | null }
type PartToRead = { from: 'start' } | { from: 'around'; messageId: string } | { from: 'later' | 'earlier'; cursor: string }

/** The author to show; an identity with neither name nor username is an account deleted at the source. */
export function authorName(m: Message): string {
  if (!m.author) return 'Unknown author'
  return m.author.displayName ?? m.author.username ?? 'Deleted account'
}

async function readPart(conversationId: string, part: PartToRead, signal: AbortSignal): Promise<TimelinePart> {
  const path = { id: conversationId }
  if (part.from === 'around') {
    const { data } = await apiClient.GET('/api/v1/conversations/{id}/messages/around/{messageId}', {
      params: { path: { ...path, messageId: part.messageId }, query: { limit: pageSize } },
      signal,
    })
    return data!
  }
  const earlier = part.from === 'earlier'
  const cursor = part.from === 'start' ? undefined : part.cursor
  const { data: page } = await apiClient.GET('/api/v1/conversations/{id}/messages', {
    params: { path, query: { limit: pageSize, order: earlier ? 'desc' : 'asc', cursor } },
    signal,
  })
  // Earlier messages come newest first: reversed, they go before the ones shown.
  return earlier
    ? { items: [...page!.items].reverse(), nextCursor: null, previousCursor: page!.nextCursor }
    : { items: page!.items, nextCursor: page!.nextCursor, previousCursor: null }
}

export function ConversationTimeline({ conversationId, focusMessageId }: { conversationId: string; focusMessageId: string | null }) {
  const conversation = api.useQuery('get', '/api/v1/conversations/{id}', { params: { path: { id: conversationId } } })
  const parts = useInfiniteQuery({
    queryKey: ['conversation-timeline', conversationId, focusMessageId],
    initialPageParam: (focusMessageId ? { from: 'around', messageId: focusMessageId } : { from: 'start' }) as PartToRead,
    queryFn: ({ pageParam, signal }) => readPart(conversationId, pageParam, signal),
    getNextPageParam: (last): PartToRead | undefined => (last.nextCursor ? { from: 'later', cursor: last.nextCursor } : undefined),
    getPreviousPageParam: (first): PartToRead | undefined =>
      first.previousCursor ? { from: 'earlier', cursor: first.previousCursor } : undefined,
  })
  const timeline = parts.data
    ? { items: parts.data.pages.flatMap((part) => part.items), previousCursor: parts.hasPreviousPage, nextCursor: parts.hasNextPage }
    : null
  const busy = parts.isFetchingPreviousPage ? 'earlier' : parts.isFetchingNextPage ? 'later' : null
  const error = parts.error
  const focusRef = useRef<HTMLLIElement | null>(null)

  // Once, when the timeline around the focused message arrives; paging afterwards leaves the scroll where it is.
  const scrolledFor = useRef<string | null>(null)
  useEffect(() => {
    if (!timeline || !focusMessageId || scrolledFor.current === focusMessageId || !focusRef.current) return
    focusRef.current.scrollIntoView({ block: 'center' })
    scrolledFor.current = focusMessageId
  }, [parts.data, focusMessageId])

  const loadEarlier = () => void parts.fetchPreviousPage()
  const loadLater = () => void parts.fetchNextPage()

  if (error && !timeline) return <ErrorMessage error={error} />
  if (!timeline) return <Loading />
  let lastDay = ''
  return (
    <article className="conversation" aria-label="Conversation">
      <Link to="/conversations" className="back-link">
        ← All conversations
      </Link>
      <AsyncView query={conversation}>
        {(c) => (
          <header>
            <h2>{c.title ?? 'Conversation'}</h2>
            <p className="meta">
              {c.sourceName} ({c.sourceType}) · {c.kind} · {c.messageCount} messages
            </p>
          </header>
        )}
      </AsyncView>
      <ConversationPeople conversationId={conversationId} />
      {timeline.previousCursor && (
        <div className="load-more">
          <button type="button" onClick={loadEarlier} disabled={busy !== null}>
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
                {m.noiseClassification && m.noiseClassification !== 'signal' && (
                  <span className="badge muted">{m.noiseClassification}</span>
                )}
              </div>
              <div className="message-body">{m.content || <em>(no text)</em>}</div>
            </li>
          )
        })}
      </ol>
      {error != null && <ErrorMessage error={error} />}
      {timeline.nextCursor && (
        <div className="load-more">
          <button type="button" onClick={loadLater} disabled={busy !== null}>
            {busy === 'later' ? 'Loading…' : 'Load later messages'}
          </button>
        </div>
      )}
    </article>
  )
}
