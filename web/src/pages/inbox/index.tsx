// Review inbox, the core screen: a pending total and groups (per conversation or run), compact cards that expand
// for their source messages, reviewed from the keyboard (j/k move, o context, a approve, e edit, r reject, m merge,
// x select), in bulk (a selection, a whole group, "reject similar"); every filter is applied by the API.
import { useEffect, useRef, useState } from 'react'
import { api } from '../../api/client'
import { setSearchParams, useLocation } from '../../lib/router'
import { useSession } from '../../session'
import { PagedView, pagedItems } from '../../components/paged'
import { ErrorMessage, NotAvailable } from '../../components/states'
import { InboxFilterBar, inboxQuery, readInboxFilters } from './filters'
import { InboxGroups } from './groups'
import { ProposalCard, type CardActions, type ReviewMode } from './proposal-card'
import { useReview, type Proposal } from './use-review'
import { useReviewKeys } from './use-review-keys'

const pageSize = 25

export function InboxPage() {
  const session = useSession()
  if (!session.can('get', '/api/v1/proposals')) {
    return (
      <section className="page">
        <h1>Review inbox</h1>
        <NotAvailable feature="The review inbox" path="GET /api/v1/proposals" />
      </section>
    )
  }
  return <Inbox />
}

const toggled = (set: Set<string>, id: string) => {
  const next = new Set(set)
  if (next.has(id)) next.delete(id)
  else next.add(id)
  return next
}

function Inbox() {
  const session = useSession()
  const { search } = useLocation()
  const filters = readInboxFilters(search)
  const query = inboxQuery(filters)
  const init = { params: { query: { ...query, sort: filters.sort, limit: pageSize } } }
  // Offset paging; reviewed proposals leave a pending list, so "more" continues after what is shown.
  const list = api.useInfiniteQuery('get', '/api/v1/proposals', init, {
    pageParamName: 'offset',
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const shown = pages.reduce((count, page) => count + page.items.length, 0)
      return shown < last.total ? shown : undefined
    },
  })
  const items = pagedItems<Proposal>(list)

  const [current, setCurrent] = useState(0)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [mode, setMode] = useState<ReviewMode>(null)
  const [expanded, setExpanded] = useState<Set<string>>(new Set())
  const cardRefs = useRef(new Map<string, HTMLElement>())
  const review = useReview({
    listKey: api.queryOptions('get', '/api/v1/proposals', init).queryKey,
    pendingOnly: filters.status === 'pending' || filters.status === 'held',
    onSettled: () => setMode(null),
  })
  // Reviewed proposals are no longer selectable.
  const afterReview = (done: string[]) => setSelected((s) => new Set([...s].filter((id) => !done.includes(id))))

  const currentItem = items[Math.min(current, items.length - 1)]
  /** Cards are compact; the current one and those opened with "o" show their context. */
  const showContext = (id: string) => id === currentItem?.id || expanded.has(id)

  useEffect(() => {
    if (currentItem) cardRefs.current.get(currentItem.id)?.scrollIntoView({ block: 'nearest' })
  }, [currentItem?.id])

  const actions: CardActions = {
    busy: review.busy,
    setMode,
    toggleSelected: (id) => setSelected((s) => toggled(s, id)),
    toggleContext: (id) => setExpanded((s) => toggled(s, id)),
    approve: (ids, edits) => void review.approve(ids, edits).then(afterReview),
    reject: (ids, reason) => void review.reject(ids, reason).then(afterReview),
    rejectSimilar: (id, reason) => void review.rejectSimilar(id, reason).then(afterReview),
    merge: (id, taskId) => void review.merge(id, taskId).then(afterReview),
  }
  useReviewKeys({ enabled: !mode && !review.busy, currentItem, itemCount: items.length, selected, setCurrent, setMode, actions })

  return (
    <section className="page">
      <div className="page-header">
        <h1>Review inbox</h1>
        <p className="keys" aria-label="Keyboard shortcuts">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>o</kbd> context · <kbd>a</kbd> approve · <kbd>e</kbd> edit · <kbd>r</kbd> reject ·{' '}
          <kbd>m</kbd> merge · <kbd>x</kbd> select · <kbd>A</kbd> approve selected
        </p>
      </div>
      <InboxFilterBar filters={filters} />
      {filters.status === 'pending' && <HeldNotice query={query} />}
      {session.can('get', '/api/v1/proposals/groups') && (
        <InboxGroups
          selection={filters}
          query={query}
          canBulk={session.can('post', '/api/v1/proposals/bulk')}
          onReviewed={(message) => {
            review.setNotice(message)
            setSelected(new Set())
          }}
        />
      )}
      {selected.size > 0 && (
        <div className="bulk-bar" role="region" aria-label="Bulk actions">
          <span>{selected.size} selected</span>
          <button type="button" className="good" disabled={review.busy} onClick={() => actions.approve([...selected])}>
            Approve selected
          </button>
          <button type="button" className="danger" disabled={review.busy} onClick={() => actions.reject([...selected], '')}>
            Reject selected
          </button>
          <button type="button" className="link-button" onClick={() => setSelected(new Set())}>
            Clear
          </button>
        </div>
      )}
      {review.notice && (
        <p className="notice" role="status">
          {review.notice}
        </p>
      )}
      {review.error != null && <ErrorMessage error={review.error} />}
      <PagedView<Proposal>
        query={list}
        empty={
          filters.status === 'pending' ? 'Inbox zero: nothing waits for review. Run an analysis to get proposals.' : 'No proposals here.'
        }
      >
        {(proposals) => (
          <div className="proposals" aria-label="Proposals">
            <label className="inline-field">
              <input
                type="checkbox"
                checked={proposals.every((p) => selected.has(p.id))}
                onChange={(e) => setSelected(e.target.checked ? new Set(proposals.map((p) => p.id)) : new Set())}
              />
              Select all shown
            </label>
            {proposals.map((p, index) => (
              <ProposalCard
                key={p.id}
                proposal={p}
                current={p.id === currentItem?.id}
                selected={selected.has(p.id)}
                showContext={showContext(p.id)}
                mode={mode}
                actions={actions}
                cardRef={(el) => {
                  if (el) cardRefs.current.set(p.id, el)
                  else cardRefs.current.delete(p.id)
                }}
                onFocus={() => setCurrent(index)}
              />
            ))}
          </div>
        )}
      </PagedView>
    </section>
  )
}

/** Proposals over their run's volume budget wait under "held": say how many, one click away. */
function HeldNotice({ query }: { query: ReturnType<typeof inboxQuery> }) {
  const held = api.useQuery('get', '/api/v1/proposals', { params: { query: { ...query, status: 'held', limit: 1 } } })
  const total = held.data?.total ?? 0
  if (total === 0) return null
  return (
    <p className="meta" role="note">
      {total} more held back over the runs&apos; volume budget (one proposal per 25 messages, the most confident first).{' '}
      <button type="button" className="link-button" onClick={() => setSearchParams({ status: 'held' })}>
        Show held
      </button>
    </p>
  )
}
