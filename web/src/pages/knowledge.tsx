// Knowledge: topics with their atoms, and an atom's detail with its links, sources and version history
// (compare two versions, approve or reject a pending one).
import { useState } from 'react'
import { api } from '../api/legacy'
import { pathFor, paths } from '../api/paths'
import type { Atom, AtomLink, AtomVersion, FieldChange, Topic, TopicAtom } from '../api/types'
import { Link, setSearchParams, useLocation } from '../lib/router'
import { useAsync } from '../lib/use-async'
import { formatDate, formatPercent, truncate } from '../lib/format'
import { useSession } from '../session'
import { ErrorMessage, NotAvailable } from '../components/states'
import { SourceMessages } from '../components/source-messages'
import { LegacyAsyncView } from '../components/legacy-views'

const itemsOf = <T,>(value: { items: T[] } | T[]): T[] => (Array.isArray(value) ? value : value.items)
const atomPageSize = 50

export function KnowledgePage({ atomId }: { atomId?: string }) {
  const session = useSession()
  if (!session.can('listAtoms') && !session.can('listTopics')) {
    return (
      <section className="page">
        <h1>Knowledge</h1>
        <NotAvailable feature="Knowledge" path={`${paths.listTopics.join(' ')}, ${paths.listAtoms.join(' ')}`} />
      </section>
    )
  }
  return (
    <section className={atomId ? 'page split has-detail' : 'page split'}>
      <div className="split-list">
        <h1>Knowledge</h1>
        <TopicsAndAtoms selectedAtomId={atomId} />
      </div>
      <div className="split-detail">{atomId ? <AtomDetail key={atomId} atomId={atomId} /> : <p className="hint">Choose an atom to see its links and history.</p>}</div>
    </section>
  )
}

function TopicsAndAtoms({ selectedAtomId }: { selectedAtomId?: string }) {
  const session = useSession()
  const { search } = useLocation()
  const topicId = search.get('topic') ?? ''
  const query = search.get('q') ?? ''
  const [offset, setOffset] = useState(0)
  const topics = useAsync(async () => (session.can('listTopics') ? itemsOf(await api.get<{ items: Topic[] } | Topic[]>(pathFor('listTopics'))) : []), [])
  const atoms = useAsync(async () => {
    if (topicId && session.can('listTopicAtoms')) {
      const items = itemsOf(await api.get<{ items: TopicAtom[] } | TopicAtom[]>(pathFor('listTopicAtoms', { id: topicId })))
      return { items: items.map((a) => ({ id: a.atomId, title: a.title, type: a.type })), total: items.length }
    }
    if (!session.can('listAtoms')) return { items: [], total: 0 }
    const page = await api.get<{ items: Atom[]; total?: number }>(pathFor('listAtoms'), { q: query || undefined, topicId: topicId || undefined, limit: atomPageSize, offset })
    return { items: page.items.map((a) => ({ id: a.id, title: a.title, type: a.type, status: a.approvalStatus })), total: page.total ?? page.items.length }
  }, [topicId, query, offset])
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
            {(topics.value ?? []).map((t) => (
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
      {topics.error && <ErrorMessage error={topics.error} onRetry={topics.reload} />}
      <LegacyAsyncView state={atoms} isEmpty={(v) => v.items.length === 0} empty="No knowledge atoms yet. Approve knowledge proposals from an analysis run to build it.">
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
      </LegacyAsyncView>
    </>
  )
}

function AtomDetail({ atomId }: { atomId: string }) {
  const session = useSession()
  const atom = useAsync(() => api.get<Atom>(pathFor('getAtom', { id: atomId })), [atomId])
  const links = useAsync(async () => (session.can('listAtomLinks') ? itemsOf(await api.get<{ items: AtomLink[] } | AtomLink[]>(pathFor('listAtomLinks', { id: atomId }))) : []), [atomId])
  const versions = useAsync(
    async () => (session.can('listAtomVersions') ? itemsOf(await api.get<{ items: AtomVersion[] } | AtomVersion[]>(pathFor('listAtomVersions', { id: atomId }))) : []),
    [atomId],
  )
  return (
    <LegacyAsyncView state={atom}>
      {(a) => (
        <article aria-label="Atom">
          <Link to="/knowledge" className="back-link">
            ← All atoms
          </Link>
          <h2>{a.title}</h2>
          <p className="meta">
            {a.type} · version {a.currentVersion} · {a.approvalStatus}
            {a.confidence != null ? ` · ${formatPercent(a.confidence)} confidence` : ''} · updated {formatDate(a.updatedAt)}
          </p>
          <p className="message-body">{a.content}</p>
          <h3>Links</h3>
          <LegacyAsyncView state={links} isEmpty={(v) => v.length === 0} empty="No links to other atoms.">
            {(items) => (
              <ul className="chips" aria-label="Links">
                {items.map((l) => {
                  const other = l.direction === 'out' ? l.toAtomId : l.fromAtomId
                  return (
                    <li key={`${l.fromAtomId}-${l.toAtomId}-${l.linkType}`} className="chip">
                      {l.direction === 'out' ? l.linkType : `← ${l.linkType}`} <Link to={`/knowledge/atoms/${other}`}>{truncate(l.otherTitle, 60)}</Link>
                    </li>
                  )
                })}
              </ul>
            )}
          </LegacyAsyncView>
          {a.sourceMessageIds?.length > 0 && (
            <>
              <h3>Sources</h3>
              <SourceMessages ids={a.sourceMessageIds} />
            </>
          )}
          <h3>Version history</h3>
          <LegacyAsyncView state={versions} isEmpty={(v) => v.length === 0} empty="No versions recorded.">
            {(items) => <VersionHistory atomId={atomId} versions={items} onReviewed={() => (versions.reload(), atom.reload())} />}
          </LegacyAsyncView>
        </article>
      )}
    </LegacyAsyncView>
  )
}

function VersionHistory({ atomId, versions, onReviewed }: { atomId: string; versions: AtomVersion[]; onReviewed: () => void }) {
  const session = useSession()
  const sorted = [...versions].sort((a, b) => b.version - a.version)
  const [to, setTo] = useState(sorted[0]?.version ?? 1)
  const [from, setFrom] = useState(sorted[1]?.version ?? sorted[0]?.version ?? 1)
  const [error, setError] = useState<unknown>(null)
  const diff = useAsync(async () => {
    if (from === to) return { changes: [] as FieldChange[] }
    if (session.can('diffAtomVersions')) return api.get<{ changes: FieldChange[] }>(pathFor('diffAtomVersions', { id: atomId }), { from, to })
    return { changes: diffLocally(sorted.find((v) => v.version === from)?.data ?? {}, sorted.find((v) => v.version === to)?.data ?? {}) }
  }, [from, to])
  const review = async (version: number, decision: 'approve' | 'reject') => {
    setError(null)
    try {
      await api.post(pathFor(decision === 'approve' ? 'approveAtomVersion' : 'rejectAtomVersion', { id: atomId, n: String(version) }))
      onReviewed()
    } catch (e) {
      setError(e)
    }
  }
  return (
    <>
      {error != null && <ErrorMessage error={error} />}
      <div className="table-wrap">
        <table className="data" aria-label="Versions">
          <thead>
            <tr>
              <th>Version</th>
              <th>Change</th>
              <th>By</th>
              <th>When</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sorted.map((v) => (
              <tr key={v.version}>
                <td>v{v.version}</td>
                <td>{v.changeSummary ?? '—'}</td>
                <td>{v.createdBy ?? '—'}</td>
                <td>{formatDate(v.createdAt)}</td>
                <td>
                  <span className={v.approved ? 'badge good' : v.approvalStatus === 'rejected' ? 'badge bad' : 'badge warn'}>{v.approvalStatus}</span>
                </td>
                <td>
                  {v.approvalStatus === 'pending' && session.can('approveAtomVersion') && (
                    <>
                      <button type="button" className="good" onClick={() => void review(v.version, 'approve')}>
                        Approve
                      </button>{' '}
                      <button type="button" className="danger" onClick={() => void review(v.version, 'reject')}>
                        Reject
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sorted.length > 1 && (
        <>
          <div className="filters">
            <label>
              Compare
              <select value={from} onChange={(e) => setFrom(Number(e.target.value))}>
                {sorted.map((v) => (
                  <option key={v.version} value={v.version}>
                    v{v.version}
                  </option>
                ))}
              </select>
            </label>
            <label>
              with
              <select value={to} onChange={(e) => setTo(Number(e.target.value))}>
                {sorted.map((v) => (
                  <option key={v.version} value={v.version}>
                    v{v.version}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <LegacyAsyncView state={diff} isEmpty={(d) => d.changes.length === 0} empty="No differences.">
            {(d) => (
              <dl aria-label="Differences">
                {d.changes.map((c) => (
                  <div key={c.field}>
                    <dt>
                      <strong>{c.field}</strong>
                    </dt>
                    <dd>
                      <span className="diff-del">{show(c.from)}</span> → <span className="diff-add">{show(c.to)}</span>
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </LegacyAsyncView>
        </>
      )}
    </>
  )
}

const show = (value: unknown) => (value == null ? '∅' : typeof value === 'string' ? value : JSON.stringify(value))

function diffLocally(a: Record<string, unknown>, b: Record<string, unknown>): FieldChange[] {
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])]
  return fields.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f])).map((field) => ({ field, from: a[field], to: b[field] }))
}
