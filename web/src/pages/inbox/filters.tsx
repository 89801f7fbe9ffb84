// The inbox's filters: read from the URL (so they survive a reload and can be shared), turned into the API's
// query, and the row of selects that changes them.
import type { paths } from '../../api/client'
import { api } from '../../api/client'
import { setSearchParams } from '../../lib/router'
import { formatDate, formatPercent } from '../../lib/format'
import { useSession } from '../../session'
import { ProjectSelect } from '../../components/project-select'

type ProposalQuery = NonNullable<paths['/api/v1/proposals']['get']['parameters']['query']>
export type InboxFilters = ReturnType<typeof readInboxFilters>
/** What the API filters by: the list, the groups and bulk review of a group share it. */
export type InboxQuery = Pick<ProposalQuery, 'status' | 'kind' | 'runId' | 'projectId' | 'minConfidence' | 'conversationId'>

export function readInboxFilters(search: URLSearchParams) {
  return {
    status: (search.get('status') ?? 'pending') as NonNullable<ProposalQuery['status']>,
    kind: search.get('kind') ?? '',
    runId: search.get('run') ?? '',
    projectId: search.get('project') ?? '',
    minConfidence: search.get('minConfidence') ?? '',
    conversationId: search.get('conversation') ?? '',
    sort: (search.get('sort') ?? 'created') as NonNullable<ProposalQuery['sort']>,
  }
}

export function inboxQuery(filters: InboxFilters): InboxQuery {
  return {
    status: filters.status,
    kind: (filters.kind || undefined) as ProposalQuery['kind'],
    runId: filters.runId || undefined,
    projectId: filters.projectId || undefined,
    minConfidence: filters.minConfidence ? Number(filters.minConfidence) : undefined,
    conversationId: filters.conversationId || undefined,
  }
}

export function InboxFilterBar({ filters }: { filters: InboxFilters }) {
  const session = useSession()
  const runs = api.useQuery(
    'get',
    '/api/v1/analysis/runs',
    { params: { query: { limit: 50 } } },
    { enabled: session.can('get', '/api/v1/analysis/runs') },
  )
  const projects = api.useQuery('get', '/api/v1/projects', {}, { enabled: session.can('get', '/api/v1/projects') })
  return (
    <div className="filters">
      <label>
        Status
        <select value={filters.status} onChange={(e) => setSearchParams({ status: e.target.value === 'pending' ? null : e.target.value })}>
          {['pending', 'held', 'approved', 'rejected', 'merged'].map((s) => (
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
          {(runs.data?.items ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {formatDate(r.createdAt)} ({r.status}, {r.counters.proposalsTotal} proposals)
            </option>
          ))}
        </select>
      </label>
      <ProjectSelect projects={projects.data?.items ?? []} value={filters.projectId} onChange={(project) => setSearchParams({ project })} />
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
  )
}
