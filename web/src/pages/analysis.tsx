// Analysis runs: start one over a time window, watch its state and counters (polling while active), cancel it;
// the schedule that starts them periodically (analysis-schedule.tsx).
import { useState, type FormEvent } from 'react'
import { api, type ApiItem } from '../api/client'
import { useInvalidate } from '../api/invalidate'
import { Link } from '../lib/router'
import { formatDate, formatMoney, formatNumber } from '../lib/format'
import { useSession } from '../session'
import { AsyncView, ErrorMessage, NotAvailable } from '../components/states'
import { ProjectSelect } from '../components/project-select'
import { ScheduleCard } from './analysis-schedule'

type AnalysisRun = ApiItem<'get', '/api/v1/analysis/runs'>

const activeStates = ['pending', 'running']
const dayMs = 24 * 3600 * 1000
const toInput = (date: Date) => new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 16)

export function AnalysisPage() {
  const session = useSession()
  if (!session.can('get', '/api/v1/analysis/runs')) {
    return (
      <section className="page">
        <h1>Analysis runs</h1>
        <NotAvailable feature="Analysis" path="GET /api/v1/analysis/runs" />
      </section>
    )
  }
  return <Analysis />
}

function Analysis() {
  const session = useSession()
  const invalidate = useInvalidate()
  const [limit, setLimit] = useState(20)
  // The API lists the newest runs (no cursor): "more" asks for a longer list. Counters change as batches finish,
  // so the list is read again every 1.5 s while a run is active.
  const runs = api.useQuery(
    'get',
    '/api/v1/analysis/runs',
    { params: { query: { limit } } },
    {
      select: (r) => r.items,
      placeholderData: (previous) => previous,
      refetchInterval: (query) => (query.state.data?.items.some((r) => activeStates.includes(r.status)) ? 1500 : false),
    },
  )
  const projects = api.useQuery('get', '/api/v1/projects', {}, { enabled: session.can('get', '/api/v1/projects'), select: (r) => r.items })
  const now = new Date()
  const [from, setFrom] = useState(toInput(new Date(now.getTime() - 7 * dayMs)))
  const [to, setTo] = useState(toInput(now))
  const [projectId, setProjectId] = useState('')
  // The volume budget: proposals surfaced per 25 analysed messages ('' = the default, 'off' = everything).
  const [budget, setBudget] = useState('')
  const starting = api.useMutation('post', '/api/v1/analysis/runs', { onSuccess: () => invalidate('/api/v1/analysis/runs') })
  const cancelling = api.useMutation('post', '/api/v1/analysis/runs/{id}/cancel', { onSuccess: () => invalidate('/api/v1/analysis/runs') })
  const failed = starting.isError ? starting.error : cancelling.isError ? cancelling.error : null

  const start = (event: FormEvent) => {
    event.preventDefault()
    cancelling.reset()
    starting.mutate({
      body: {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        projectId: projectId || undefined,
        proposalsPer25Messages: budget === '' ? undefined : budget === 'off' ? null : Number(budget),
      },
    })
  }
  const cancel = (run: AnalysisRun) => {
    starting.reset()
    cancelling.mutate({ params: { path: { id: run.id } } })
  }

  return (
    <section className="page">
      <h1>Analysis runs</h1>
      {session.can('post', '/api/v1/analysis/runs') && (
        <form className="card filters" onSubmit={start} aria-label="Start an analysis run">
          <label>
            Messages from
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label>
            to
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
          </label>
          <ProjectSelect projects={projects.data ?? []} value={projectId} onChange={setProjectId} />
          <label>
            Proposals per 25 messages
            <select value={budget} onChange={(e) => setBudget(e.target.value)}>
              <option value="">1 (default)</option>
              <option value="2">2</option>
              <option value="5">5</option>
              <option value="off">no limit</option>
            </select>
          </label>
          <button type="submit" className="primary" disabled={starting.isPending}>
            {starting.isPending ? 'Starting…' : 'Start analysis'}
          </button>
        </form>
      )}
      {failed != null && <ErrorMessage error={failed} />}
      {session.can('get', '/api/v1/analysis/schedule') && (
        <ScheduleCard projects={projects.data ?? []} canChange={session.can('put', '/api/v1/analysis/schedule')} />
      )}
      <AsyncView
        query={runs}
        isEmpty={(items) => items.length === 0}
        empty="No analysis runs yet. Start one to get task and knowledge proposals."
      >
        {(items) => (
          <>
            <ul className="item-list" aria-label="Analysis runs">
              {items.map((run) => (
                <RunRow
                  key={run.id}
                  run={run}
                  onCancel={session.can('post', '/api/v1/analysis/runs/{id}/cancel') ? () => cancel(run) : undefined}
                />
              ))}
            </ul>
            {items.length >= limit && limit < 200 && (
              <div className="load-more">
                <button type="button" onClick={() => setLimit(Math.min(200, limit + 20))}>
                  Show older runs
                </button>
              </div>
            )}
          </>
        )}
      </AsyncView>
    </section>
  )
}

function RunRow({ run, onCancel }: { run: AnalysisRun; onCancel?: () => void }) {
  const c = run.counters
  const fraction =
    c.batchesCreated > 0 ? c.batchesDone / c.batchesCreated : ['completed', 'reviewed', 'closed'].includes(run.status) ? 1 : 0
  const statusClass = ['completed', 'reviewed', 'closed'].includes(run.status)
    ? 'badge good'
    : ['failed', 'cancelled'].includes(run.status)
      ? 'badge bad'
      : 'badge warn'
  return (
    <li aria-label={`Run ${formatDate(run.createdAt)}`} data-run-id={run.id}>
      <div className="row">
        <div className="proposal-head">
          <strong>
            {formatDate(run.timeWindowStart)} → {formatDate(run.timeWindowEnd)}
          </strong>
          <span className={statusClass} data-status={run.status}>
            {run.status}
          </span>
          <span className="badge muted">{run.triggerType}</span>
          {run.cancelRequested && activeStates.includes(run.status) && <span className="badge muted">cancelling…</span>}
          {activeStates.includes(run.status) && !run.cancelRequested && onCancel && (
            <button type="button" className="danger" onClick={onCancel}>
              Cancel
            </button>
          )}
          {c.proposalsTotal > 0 && <Link to={`/inbox?run=${run.id}`}>Review proposals</Link>}
        </div>
        <div
          className="progress"
          role="progressbar"
          aria-label="Batches done"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(fraction * 100)}
        >
          <span style={{ width: `${Math.round(fraction * 100)}%` }} />
        </div>
        <div className="counters">
          <span>
            messages <strong>{formatNumber(c.messagesInWindow)}</strong> → <strong>{formatNumber(c.messagesAfterPrefilter)}</strong> after
            filter
          </span>
          <span>
            batches <strong>{c.batchesDone}</strong>/<strong>{c.batchesCreated}</strong>
          </span>
          <span>
            proposals <strong>{c.proposalsTotal}</strong> (pending {c.proposalsPending}, approved {c.proposalsApproved}, rejected{' '}
            {c.proposalsRejected}, merged {c.proposalsMerged}
            {run.suppression.heldOverBudget ? `, held ${run.suppression.heldOverBudget} over the budget of ${run.suppression.budget}` : ''})
          </span>
          <span>
            tokens <strong>{formatNumber(c.llmTokensUsed)}</strong>
          </span>
          <span>
            cost <strong>{formatMoney(c.costEstimate)}</strong>
          </span>
          <span>created {formatDate(run.createdAt)}</span>
        </div>
        {run.errorLog?.length > 0 && (
          <details>
            <summary>{run.errorLog.length} errors</summary>
            <ul>
              {run.errorLog.slice(0, 20).map((e, i) => (
                <li key={i} className="meta">
                  {formatDate(e.at)}: {e.message}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </li>
  )
}
