// Search: hybrid (default), keyword or semantic, filtered by source, person and time; snippets highlight the
// query's words and each result opens its message inside its conversation.
import { useState, type FormEvent } from 'react'
import { api } from '../api/client'
import { pathFor, paths } from '../api/paths'
import type { SearchHit, SearchResponse } from '../api/types'
import { Link, setSearchParams, useLocation } from '../lib/router'
import { useAsync } from '../lib/use-async'
import { formatDate, truncate } from '../lib/format'
import { useSession } from '../session'
import { Highlight } from '../components/highlight'
import { Empty, ErrorMessage, Loading, NotAvailable } from '../components/states'

const modes = ['hybrid', 'keyword', 'semantic'] as const

const authorName = (hit: SearchHit) =>
  typeof hit.author === 'string' ? hit.author : hit.author?.displayName ?? hit.author?.username ?? null

export function SearchPage() {
  const session = useSession()
  if (!session.can('search')) {
    return (
      <section className="page">
        <h1>Search</h1>
        <NotAvailable feature="Search" path={paths.search.join(' ')} />
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
    person: search.get('person') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
  }
  const [draft, setDraft] = useState(params)
  const [limit, setLimit] = useState(20)
  const results = useAsync(
    async () =>
      params.q
        ? api.get<SearchResponse>(pathFor('search'), {
            q: params.q,
            mode: params.mode,
            sourceType: params.source || undefined,
            person: params.person || undefined,
            from: params.from ? new Date(params.from).toISOString() : undefined,
            to: params.to ? new Date(`${params.to}T23:59:59`).toISOString() : undefined,
            limit,
          })
        : null,
    [JSON.stringify(params), limit],
  )

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setLimit(20)
    setSearchParams({ ...draft, mode: draft.mode === 'hybrid' ? null : draft.mode }, { replace: false })
  }

  return (
    <section className="page">
      <h1>Search</h1>
      <form className="search-form" role="search" onSubmit={submit}>
        <label className="visually-hidden" htmlFor="search-q">
          Search messages
        </label>
        <input id="search-q" type="search" placeholder="Search every conversation…" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} autoFocus />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <div className="filters">
        <label>
          Mode
          <select value={draft.mode} onChange={(e) => setDraft({ ...draft, mode: e.target.value })}>
            {modes.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Source type
          <select value={draft.source} onChange={(e) => setDraft({ ...draft, source: e.target.value })}>
            <option value="">Any</option>
            {['telegram', 'slack', 'email', 'chatwoot', 'github', 'notion', 'api'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Person
          <input value={draft.person} onChange={(e) => setDraft({ ...draft, person: e.target.value })} placeholder="name or username" />
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
      {!params.q && <Empty>Type words, a phrase or a question; filters narrow the results.</Empty>}
      {params.q && results.error && <ErrorMessage error={results.error} onRetry={results.reload} />}
      {params.q && results.loading && !results.value && <Loading label="Searching…" />}
      {params.q && results.value && (
        <>
          <p className="meta" role="status">
            {results.value.items.length} results{results.value.tookMs != null ? ` in ${results.value.tookMs} ms` : ''} ({results.value.mode ?? params.mode})
          </p>
          {results.value.items.length === 0 ? (
            <Empty>No messages match “{params.q}”. Try other words or the semantic mode.</Empty>
          ) : (
            <ol className="item-list" aria-label="Search results">
              {results.value.items.map((hit) => (
                <li key={hit.messageId} className="result">
                  <Link to={`/conversations/${hit.conversationId}?message=${hit.messageId}`}>
                    <span className="meta">
                      {hit.conversationTitle ?? 'Conversation'} · {hit.sourceType ?? hit.sourceName ?? ''} · {authorName(hit) ?? 'unknown'} · {formatDate(hit.sentAt)}
                    </span>
                    <span className="message-body">
                      <Highlight text={truncate(hit.snippet ?? hit.content ?? '', 500)} query={params.q} />
                    </span>
                  </Link>
                </li>
              ))}
            </ol>
          )}
          {results.value.items.length >= limit && (
            <div className="load-more">
              <button type="button" disabled={results.loading} onClick={() => setLimit(limit + 20)}>
                {results.loading ? 'Loading…' : 'More results'}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  )
}
