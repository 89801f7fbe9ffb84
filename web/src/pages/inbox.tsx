// Review inbox, the core screen: a pending total and groups (per conversation or run), compact cards that expand
// for their source messages, reviewed from the keyboard (j/k move, o context, a approve, e edit, r reject, m merge,
// x select), in bulk (a selection, a whole group, "reject similar"); every filter is applied by the API.
import { useEffect, useRef, useState } from 'react'
import { api } from '../api/client'
import { pathFor, paths } from '../api/paths'
import type { AnalysisRun, Project, Proposal } from '../api/types'
import { Link, setSearchParams, useLocation } from '../lib/router'
import { usePagedList } from '../lib/use-paged-list'
import { useAsync } from '../lib/use-async'
import { formatDate, formatPercent } from '../lib/format'
import { useSession } from '../session'
import { PagedView } from '../components/paged'
import { ErrorMessage, NotAvailable } from '../components/states'
import { SourceMessages } from '../components/source-messages'
import { ProjectSelect } from '../components/project-select'
import { EditForm, MergeForm, RejectForm } from './inbox-forms'
import { InboxGroups } from './inbox-groups'

const pageSize = 25

type Mode = { kind: 'edit' | 'reject' | 'reject-similar' | 'merge'; proposalId: string } | null

export function InboxPage() {
  const session = useSession()
  if (!session.can('listProposals')) {
    return (
      <section className="page">
        <h1>Review inbox</h1>
        <NotAvailable feature="The review inbox" path={paths.listProposals.join(' ')} />
      </section>
    )
  }
  return <Inbox />
}

function Inbox() {
  const session = useSession()
  const { search } = useLocation()
  const filters = {
    status: search.get('status') ?? 'pending',
    kind: search.get('kind') ?? '',
    runId: search.get('run') ?? '',
    projectId: search.get('project') ?? '',
    minConfidence: search.get('minConfidence') ?? '',
    conversationId: search.get('conversation') ?? '',
    sort: search.get('sort') ?? 'created',
  }
  /** What the API filters by (the list, the groups and bulk review of a group share it). */
  const query = {
    status: filters.status,
    kind: filters.kind || undefined,
    runId: filters.runId || undefined,
    projectId: filters.projectId || undefined,
    minConfidence: filters.minConfidence || undefined,
    conversationId: filters.conversationId || undefined,
  }
  const [version, setVersion] = useState(0)
  const loadedCount = useRef(0)
  const list = usePagedList(async (cursor) => {
    // Offset paging; reviewed proposals leave a pending list, so "more" continues after what is shown.
    const offset = cursor ? loadedCount.current : 0
    const page = await api.get<{ items: Proposal[]; total: number }>(pathFor('listProposals'), { ...query, sort: filters.sort, limit: pageSize, offset })
    return { items: page.items, nextCursor: offset + page.items.length < page.total ? 'more' : null }
  }, [JSON.stringify(filters), version])
  loadedCount.current = list.items.length
  const runs = useAsync(async () => (session.can('listRuns') ? (await api.get<{ items: AnalysisRun[] }>(pathFor('listRuns'), { limit: 50 })).items : []), [])
  const projects = useAsync(async () => (session.can('listProjects') ? (await api.get<{ items: Project[] }>(pathFor('listProjects'))).items : []), [])

  const [current, setCurrent] = useState(0)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [mode, setMode] = useState<Mode>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [expanded, setExpanded] = useState<Set<string>>(new Set())
  const cardRefs = useRef(new Map<string, HTMLElement>())

  const items = list.items
  const currentItem = items[Math.min(current, items.length - 1)]
  /** Cards are compact; the current one and those opened with "o" show their context. */
  const showContext = (p: Proposal) => p.id === currentItem?.id || expanded.has(p.id)

  useEffect(() => {
    if (currentItem) cardRefs.current.get(currentItem.id)?.scrollIntoView({ block: 'nearest' })
  }, [currentItem?.id])

  /** A reviewed proposal leaves the list (when showing pending ones); the cursor stays on the same row. */
  function settle(ids: string[], status: Proposal['status']) {
    if (filters.status === 'pending') list.update((all) => all.filter((p) => !ids.includes(p.id)))
    else list.update((all) => all.map((p) => (ids.includes(p.id) ? { ...p, status } : p)))
    setSelected((s) => new Set([...s].filter((id) => !ids.includes(id))))
  }

  async function act(label: string, status: Proposal['status'], call: () => Promise<string[]>) {
    setBusy(true)
    setError(null)
    let done: string[] = []
    try {
      done = await call()
      setNotice(`${label} ${done.length} proposal${done.length === 1 ? '' : 's'}`)
    } catch (e) {
      setError(e)
    } finally {
      settle(done, status)
      setMode(null)
      setBusy(false)
    }
  }

  const review = (id: string, body: Record<string, unknown>) => api.post(pathFor('reviewProposal', { id }), body)
  /** One proposal through /review; several through /bulk, which reports each one's outcome. */
  const decide = async (ids: string[], body: { action: 'approve' | 'reject'; reason?: string }) => {
    if (ids.length === 1) {
      await review(ids[0], body)
      return ids
    }
    const result = await api.post<{ results: Array<{ id: string; ok: boolean; error?: string }>; failed: number }>(pathFor('reviewProposalsInBulk'), { proposalIds: ids, ...body })
    if (result.failed > 0) setError(new Error(`${result.failed} of ${ids.length} could not be reviewed: ${result.results.filter((r) => !r.ok).map((r) => r.error).join('; ')}`))
    return result.results.filter((r) => r.ok).map((r) => r.id)
  }
  const approve = (ids: string[], edits?: Record<string, unknown>) =>
    act('Approved', 'approved', () => (edits && ids.length === 1 ? review(ids[0], { action: 'approve', edits }).then(() => ids) : decide(ids, { action: 'approve' })))
  // The API wants a reason for every rejection; an empty one becomes a plain statement of the fact.
  const reject = (ids: string[], reason: string) => act('Rejected', 'rejected', () => decide(ids, { action: 'reject', reason: reason.trim() || 'Rejected in review' }))
  const rejectSimilar = (id: string, reason: string) =>
    act('Rejected', 'rejected', async () => {
      const result = await api.post<{ results: Array<{ id: string; ok: boolean }> }>(pathFor('rejectSimilarProposals', { id }), {
        reason: reason.trim() || 'Rejected with similar proposals',
      })
      setVersion((v) => v + 1)
      return result.results.filter((r) => r.ok).map((r) => r.id)
    })
  const merge = (id: string, taskId: string) => act('Merged', 'merged', () => review(id, { action: 'merge', intoTaskId: taskId }).then(() => [id]))

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement
      if (mode || busy || event.ctrlKey || event.metaKey || event.altKey) return
      if (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable) return
      if (!currentItem) return
      const key = event.key
      if (key === 'j') setCurrent((c) => Math.min(c + 1, items.length - 1))
      else if (key === 'k') setCurrent((c) => Math.max(c - 1, 0))
      else if (key === 'x') toggle(currentItem.id)
      else if (key === 'o') toggleContext(currentItem.id)
      else if (key === 'a' && currentItem.status === 'pending') void approve([currentItem.id])
      else if (key === 'A' && selected.size > 0) void approve([...selected])
      else if (key === 'e' && currentItem.status === 'pending') setMode({ kind: 'edit', proposalId: currentItem.id })
      else if (key === 'r' && currentItem.status === 'pending') setMode({ kind: 'reject', proposalId: currentItem.id })
      else if (key === 'm' && currentItem.status === 'pending') setMode({ kind: 'merge', proposalId: currentItem.id })
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  const toggleContext = (id: string) =>
    setExpanded((s) => {
      const next = new Set(s)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })

  return (
    <section className="page">
      <div className="page-header">
        <h1>Review inbox</h1>
        <p className="keys" aria-label="Keyboard shortcuts">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>o</kbd> context · <kbd>a</kbd> approve · <kbd>e</kbd> edit · <kbd>r</kbd> reject · <kbd>m</kbd> merge · <kbd>x</kbd> select ·{' '}
          <kbd>A</kbd> approve selected
        </p>
      </div>
      <div className="filters">
        <label>
          Status
          <select value={filters.status} onChange={(e) => setSearchParams({ status: e.target.value === 'pending' ? null : e.target.value })}>
            {['pending', 'approved', 'rejected', 'merged'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select value={filters.kind} onChange={(e) => setSearchParams({ kind: e.target.value })}>
            <option value="">Tasks and knowledge</option>
            <option value="task">Tasks</option>
            <option value="atom">Knowledge</option>
          </select>
        </label>
        <label>
          Run
          <select value={filters.runId} onChange={(e) => setSearchParams({ run: e.target.value })}>
            <option value="">All runs</option>
            {(runs.value ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {formatDate(r.createdAt)} ({r.status}, {r.counters.proposalsTotal} proposals)
              </option>
            ))}
          </select>
        </label>
        <ProjectSelect projects={projects.value ?? []} value={filters.projectId} onChange={(project) => setSearchParams({ project })} />
        <label>
          Order
          <select value={filters.sort} onChange={(e) => setSearchParams({ sort: e.target.value === 'created' ? null : e.target.value })}>
            <option value="created">oldest first</option>
            <option value="confidence">most confident first</option>
          </select>
        </label>
        <label>
          Min. confidence
          <select value={filters.minConfidence} onChange={(e) => setSearchParams({ minConfidence: e.target.value })}>
            <option value="">Any</option>
            {['0.5', '0.7', '0.8', '0.9'].map((v) => (
              <option key={v} value={v}>
                {formatPercent(Number(v))}
              </option>
            ))}
          </select>
        </label>
      </div>
      {session.can('listProposalGroups') && (
        <InboxGroups
          selection={filters}
          query={query}
          canBulk={session.can('reviewProposalsInBulk')}
          version={version}
          onReviewed={(message) => {
            setNotice(message)
            setSelected(new Set())
            setVersion((v) => v + 1)
          }}
        />
      )}
      {selected.size > 0 && (
        <div className="bulk-bar" role="region" aria-label="Bulk actions">
          <span>{selected.size} selected</span>
          <button type="button" className="good" disabled={busy} onClick={() => void approve([...selected])}>
            Approve selected
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => void reject([...selected], '')}>
            Reject selected
          </button>
          <button type="button" className="link-button" onClick={() => setSelected(new Set())}>
            Clear
          </button>
        </div>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {error != null && <ErrorMessage error={error} />}
      <PagedView list={list} empty={filters.status === 'pending' ? 'Inbox zero: nothing waits for review. Run an analysis to get proposals.' : 'No proposals here.'}>
        {(proposals) => (
          <div className="proposals" aria-label="Proposals">
            {items.length > 0 && (
              <label className="inline-field">
                <input
                  type="checkbox"
                  checked={proposals.every((p) => selected.has(p.id))}
                  onChange={(e) => setSelected(e.target.checked ? new Set(proposals.map((p) => p.id)) : new Set())}
                />
                Select all shown
              </label>
            )}
            {proposals.map((p, index) => (
              <article
                key={p.id}
                ref={(el) => {
                  if (el) cardRefs.current.set(p.id, el)
                  else cardRefs.current.delete(p.id)
                }}
                className={p.id === currentItem?.id ? 'proposal current' : 'proposal'}
                aria-current={p.id === currentItem?.id ? 'true' : undefined}
                aria-label={`Proposal: ${p.title}`}
                onClick={() => setCurrent(index)}
              >
                <div className="proposal-head">
                  <input type="checkbox" aria-label={`Select ${p.title}`} checked={selected.has(p.id)} onChange={() => toggle(p.id)} />
                  <h2>{p.title}</h2>
                  <span className="badge">{p.kind === 'atom' ? p.atomType ?? 'knowledge' : 'task'}</span>
                  <span className={p.confidence >= 0.8 ? 'badge good' : p.confidence >= 0.5 ? 'badge warn' : 'badge bad'}>
                    {formatPercent(p.confidence)} confidence
                  </span>
                  {p.status !== 'pending' && <span className="badge muted">{p.status}</span>}
                </div>
                {p.kind === 'task' && (
                  <p className="meta">
                    {p.priority} · {p.category}
                    {p.assigneeName ? ` · ${p.assigneeName}` : ''}
                    {p.dueDate ? ` · due ${formatDate(p.dueDate)}` : ''}
                    {p.llmRecommendation && p.llmRecommendation !== 'new_task' ? ` · suggests ${p.llmRecommendation.replace('_', ' ')}` : ''}
                    {p.similarity?.taskId ? ` · similar task exists (${formatPercent(p.similarity.score)})` : ''}
                  </p>
                )}
                {p.reasoning && <p className="meta why">Why: {p.reasoning}</p>}
                <button type="button" className="link-button" aria-expanded={showContext(p)} onClick={() => toggleContext(p.id)}>
                  {showContext(p) ? 'Hide context' : `Show context (${p.messageCount} message${p.messageCount === 1 ? '' : 's'})`}
                </button>
                {showContext(p) && p.description && <p className="message-body">{p.description}</p>}
                {p.status !== 'pending' && p.review?.reason && <p className="meta">Review: {p.review.reason}</p>}
                {p.createdTaskId && (
                  <p className="meta">
                    Became a task: <Link to={`/tasks?view=list&q=${encodeURIComponent(p.title)}`}>{p.title}</Link>
                  </p>
                )}
                {showContext(p) && <SourceMessages ids={p.sourceMessageIds ?? []} />}
                {mode?.proposalId === p.id && mode.kind === 'edit' && (
                  <EditForm proposal={p} busy={busy} onCancel={() => setMode(null)} onSave={(edits) => void approve([p.id], edits)} />
                )}
                {mode?.proposalId === p.id && mode.kind === 'reject' && (
                  <RejectForm busy={busy} onCancel={() => setMode(null)} onReject={(reason) => void reject([p.id], reason)} />
                )}
                {mode?.proposalId === p.id && mode.kind === 'reject-similar' && (
                  <RejectForm
                    busy={busy}
                    label="Reject similar proposals"
                    action="Reject this and similar"
                    onCancel={() => setMode(null)}
                    onReject={(reason) => void rejectSimilar(p.id, reason)}
                  />
                )}
                {mode?.proposalId === p.id && mode.kind === 'merge' && (
                  <MergeForm proposal={p} busy={busy} onCancel={() => setMode(null)} onMerge={(taskId) => void merge(p.id, taskId)} />
                )}
                {p.status === 'pending' && !mode && (
                  <div className="proposal-actions">
                    <button type="button" className="good" disabled={busy} onClick={() => void approve([p.id])}>
                      Approve
                    </button>
                    <button type="button" disabled={busy} onClick={() => setMode({ kind: 'edit', proposalId: p.id })}>
                      Edit
                    </button>
                    <button type="button" className="danger" disabled={busy} onClick={() => setMode({ kind: 'reject', proposalId: p.id })}>
                      Reject
                    </button>
                    {session.can('rejectSimilarProposals') && (
                      <button type="button" disabled={busy} onClick={() => setMode({ kind: 'reject-similar', proposalId: p.id })}>
                        Reject similar
                      </button>
                    )}
                    {p.kind === 'task' && (
                      <button type="button" disabled={busy} onClick={() => setMode({ kind: 'merge', proposalId: p.id })}>
                        Merge
                      </button>
                    )}
                  </div>
                )}
              </article>
            ))}
          </div>
        )}
      </PagedView>
    </section>
  )
}
