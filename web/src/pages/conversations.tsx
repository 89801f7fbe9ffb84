// Conversations browser: conversations by source, and one conversation as a timeline with its people.
// ?message=<id> opens the conversation around that message (search results and proposals link here).
import { useEffect, useState } from 'react'
import { api, type ApiItem } from '../api/client'
import { Link, setSearchParams, useLocation } from '../lib/router'
import { formatDate } from '../lib/format'
import { ConversationTimeline } from './conversation-timeline'
import { PagedView, nextCursorOf, pagedItems } from '../components/paged'

type Conversation = ApiItem<'get', '/api/v1/conversations'>

export function ConversationsPage({ conversationId }: { conversationId?: string }) {
  const { search } = useLocation()
  const source = search.get('source') ?? ''
  const list = api.useInfiniteQuery(
    'get',
    '/api/v1/conversations',
    { params: { query: { limit: 50, sourceId: source || undefined } } },
    {
      initialPageParam: '',
      getNextPageParam: nextCursorOf,
    },
  )
  const items = pagedItems<Conversation>(list)
  // Sources are learnt from the conversations seen so far (there is no sources endpoint yet).
  const [sources, setSources] = useState<Map<string, string>>(new Map())
  useEffect(() => {
    setSources((old) => {
      const next = new Map(old)
      for (const c of items) next.set(c.sourceId, `${c.sourceName} (${c.sourceType})`)
      return next.size === old.size ? old : next
    })
  }, [list.data])

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
        <PagedView<Conversation> query={list} empty="No conversations yet. Import an export or connect a channel to see them here.">
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
