// Knowledge → the list side: a topic's atoms, or atoms found by text, paged by offset.
import { useState } from 'react'
import { api } from '../../api/client'
import { Link, setSearchParams, useLocation } from '../../lib/router'
import { useSession } from '../../session'
import { AsyncView, ErrorMessage } from '../../components/states'

const atomPageSize = 50
type AtomRows = { items: Array<{ id: string; title: string; type: string; status?: string }>; total: number }

export function TopicsAndAtoms({ selectedAtomId }: { selectedAtomId?: string }) {
  const session = useSession()
  const { search } = useLocation()
  const topicId = search.get('topic') ?? ''
  const query = search.get('q') ?? ''
  const [offset, setOffset] = useState(0)
  const topics = api.useQuery('get', '/api/v1/topics', {}, { enabled: session.can('get', '/api/v1/topics'), select: (r) => r.items })
  // A topic lists its own atoms (in its order); otherwise atoms are searched and paged by the API.
  const byTopic = Boolean(topicId) && session.can('get', '/api/v1/topics/{id}/atoms')
  const topicAtoms = api.useQuery(
    'get',
    '/api/v1/topics/{id}/atoms',
    { params: { path: { id: topicId } } },
    {
      enabled: byTopic,
      select: (r): AtomRows => ({ items: r.items.map((a) => ({ id: a.atomId, title: a.title, type: a.type })), total: r.items.length }),
    },
  )
  const foundAtoms = api.useQuery(
    'get',
    '/api/v1/atoms',
    { params: { query: { q: query || undefined, topicId: topicId || undefined, limit: atomPageSize, offset } } },
    {
      enabled: !byTopic && session.can('get', '/api/v1/atoms'),
      select: (page): AtomRows => ({
        items: page.items.map((a) => ({ id: a.id, title: a.title, type: a.type, status: a.approvalStatus })),
        total: page.total ?? page.items.length,
      }),
    },
  )
  const atoms = byTopic
    ? topicAtoms
    : session.can('get', '/api/v1/atoms')
      ? foundAtoms
      : { data: { items: [], total: 0 }, error: null, refetch: () => undefined }
  const keep = `${topicId ? `topic=${topicId}` : ''}${query ? `${topicId ? '&' : ''}q=${encodeURIComponent(query)}` : ''}`

  return (
    <>
      <div className="filters">
        <label>
          Topic
          <select
            value={topicId}
            onChange={(e) => {
              setOffset(0)
              setSearchParams({ topic: e.target.value })
            }}
          >
            <option value="">All atoms</option>
            {(topics.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
                {t.messageCount != null ? ` (${t.messageCount} messages)` : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Find
          <input
            type="search"
            defaultValue={query}
            onChange={(e) => {
              setOffset(0)
              setSearchParams({ q: e.target.value })
            }}
          />
        </label>
      </div>
      {topics.isError && <ErrorMessage error={topics.error} onRetry={() => void topics.refetch()} />}
      <AsyncView
        query={atoms}
        isEmpty={(v) => v.items.length === 0}
        empty="No knowledge atoms yet. Approve knowledge proposals from an analysis run to build it."
      >
        {(value) => (
          <>
            <ul className="item-list" aria-label="Atoms">
              {value.items.map((a) => (
                <li key={a.id} className={a.id === selectedAtomId ? 'selected' : ''}>
                  <Link to={`/knowledge/atoms/${a.id}${keep ? `?${keep}` : ''}`}>
                    <strong>{a.title}</strong>
                    <span className="meta">
                      {a.type}
                      {'status' in a && a.status ? ` · ${a.status}` : ''}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
            {value.total > atomPageSize && (
              <div className="load-more">
                <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - atomPageSize))}>
                  Previous
                </button>{' '}
                <span className="meta">
                  {offset + 1}–{Math.min(offset + atomPageSize, value.total)} of {value.total}
                </span>{' '}
                <button type="button" disabled={offset + atomPageSize >= value.total} onClick={() => setOffset(offset + atomPageSize)}>
                  Next
                </button>
              </div>
            )}
          </>
        )}
      </AsyncView>
    </>
  )
}
