// Search: hybrid (default), vector or full-text, filtered by source and time; snippets highlight the matched
// terms (the server's offsets) and each result opens its message inside its conversation.
import { useEffect, useState, type FormEvent } from 'react'
import { api, type paths } from '../api/client'
import { Link, setSearchParams, useLocation } from '../lib/router'
import { nextCursorOf } from '../components/paged'
import { formatDate, truncate } from '../lib/format'
import { useSession } from '../session'
import { HighlightRanges } from '../components/highlight'
import { Empty, ErrorMessage, Loading, NotAvailable } from '../components/states'

type SearchMode = NonNullable<paths['/api/v1/search']['get']['parameters']['query']['mode']>
const modes: Array<{ value: SearchMode; label: string }> = [
  { value: 'hybrid', label: 'Hybrid (words + meaning)' },
  { value: 'fulltext', label: 'Words only' },
  { value: 'vector', label: 'Meaning only' },
]
const pageSize = 20

export function SearchPage() {
  const session = useSession()
  if (!session.can('get', '/api/v1/search')) {
    return (
      <section className="page">
        <h1>Search</h1>
        <NotAvailable feature="Search" path="GET /api/v1/search" />
      </section>
    )
  }
  return <Search />
}

function Search() {
  const { search } = useLocation()
  const params = {
    q: search.get('q') ?? '',
    mode: search.get('mode') ?? 'hybrid',
    source: search.get('source') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
  }
  const [draft, setDraft] = useState(params)
  // Sources to filter by, learnt from the conversations list.
  const sources = api.useQuery(
    'get',
    '/api/v1/conversations',
    { params: { query: { limit: 500 } } },
    {
      select: (page) => [...new Map<string, string>(page.items.map((c) => [c.sourceId, `${c.sourceName} (${c.sourceType})`]))],
    },
  )
  const results = api.useInfiniteQuery(
    'get',
    '/api/v1/search',
    {
      params: {
        query: {
          q: params.q,
          mode: params.mode as SearchMode,
          sourceId: params.source || undefined,
          from: params.from ? new Date(`${params.from}T00:00:00`).toISOString() : undefined,
          to: params.to ? new Date(`${params.to}T23:59:59`).toISOString() : undefined,
          k: pageSize,
        },
      },
    },
    { enabled: params.q.trim() !== '', initialPageParam: '', getNextPageParam: nextCursorOf },
  )
  const hits = results.data?.pages.flatMap((page) => page.items) ?? []
  const cursor = results.hasNextPage
  const loading = results.isFetching
  const error = results.error
  const done = results.data !== undefined
  // Stored messages not indexed yet, counted by the server when the first page is not full.
  const waitingToIndex = results.data?.pages[0].waitingToIndex ?? 0

  // A new search (from the URL: a link, back/forward) shows its terms in the form.
  const key = JSON.stringify(params)
  useEffect(() => {
    setDraft(params)
    // the URL parameters are the search; `key` stands for them
  }, [key])

  const loadMore = () => void results.fetchNextPage()

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setSearchParams({ ...draft, mode: draft.mode === 'hybrid' ? null : draft.mode }, { replace: false })
  }

  return (
    <section className="page">
      <h1>Search</h1>
      <form className="search-form" role="search" onSubmit={submit}>
        <label className="visually-hidden" htmlFor="search-q">
          Search messages
        </label>
        <input
          id="search-q"
          type="search"
          placeholder="Search every conversation…"
          value={draft.q}
          onChange={(e) => setDraft({ ...draft, q: e.target.value })}
          autoFocus
        />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <div className="filters">
        <label>
          Mode
          <select value={draft.mode} onChange={(e) => setDraft({ ...draft, mode: e.target.value })}>
            {modes.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Source
          <select value={draft.source} onChange={(e) => setDraft({ ...draft, source: e.target.value })}>
            <option value="">All sources</option>
            {(sources.data ?? []).map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label>
          To
          <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
      </div>
      {!params.q && <Empty>Type words, a phrase or a question. Hybrid search finds messages by their words and by their meaning.</Empty>}
      {error != null && <ErrorMessage error={error} />}
      {loading && !done && <Loading label="Searching…" />}
      {params.q && done && (
        <>
          <p className="meta" role="status">
            {hits.length}
            {cursor ? '+' : ''} results for “{params.q}”
          </p>
          {waitingToIndex > 0 && (
            <p className="meta" role="note">
              {waitingToIndex} stored {waitingToIndex === 1 ? 'message is' : 'messages are'} still being indexed and cannot be found yet.
            </p>
          )}
          {hits.length === 0 ? (
            <Empty>No messages match “{params.q}”. Try other words, or search by meaning.</Empty>
          ) : (
            <ol className="item-list" aria-label="Search results">
              {hits.map((hit) => (
                <li key={hit.messageId} className="result">
                  <Link to={`/conversations/${hit.conversationId}?message=${hit.messageId}`}>
                    <span className="meta">
                      {hit.conversationTitle ?? 'Conversation'} · {hit.sourceType} · {hit.author?.displayName ?? 'unknown'} ·{' '}
                      {formatDate(hit.sentAt)}
                    </span>
                    {hit.context?.before && <span className="meta">… {truncate(hit.context.before.content, 140)}</span>}
                    <span className="message-body">
                      <HighlightRanges
                        text={hit.snippet || truncate(hit.content, 400)}
                        ranges={hit.snippet ? (hit.highlights ?? []) : []}
                      />
                    </span>
                    {hit.context?.after && <span className="meta">{truncate(hit.context.after.content, 140)} …</span>}
                  </Link>
                </li>
              ))}
            </ol>
          )}
          {cursor && (
            <div className="load-more">
              <button type="button" disabled={loading} onClick={loadMore}>
                {results.isFetchingNextPage ? 'Loading…' : 'More results'}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  )
}
