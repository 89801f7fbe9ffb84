// Analysis runs: start one over a time window, watch its state and counters (polling while active), cancel it.
import { useState, type FormEvent } from 'react'
import { api } from '../api/client'
import { pathFor, paths } from '../api/paths'
import type { AnalysisRun, Page, Project } from '../api/types'
import { Link } from '../lib/router'
import { usePagedList } from '../lib/use-paged-list'
import { useAsync, useInterval } from '../lib/use-async'
import { formatDate, formatMoney, formatNumber } from '../lib/format'
import { useSession } from '../session'
import { PagedView } from '../components/paged'
import { ErrorMessage, NotAvailable } from '../components/states'

const activeStates = ['pending', 'running']
const dayMs = 24 * 3600 * 1000
const toInput = (date: Date) => new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 16)

export function AnalysisPage() {
  const session = useSession()
  if (!session.can('listRuns')) {
    return (
      <section className="page">
        <h1>Analysis runs</h1>
        <NotAvailable feature="Analysis" path={paths.listRuns.join(' ')} />
      </section>
    )
  }
  return <Analysis />
}

function Analysis() {
  const session = useSession()
  const runs = usePagedList((cursor) => api.get<Page<AnalysisRun>>(pathFor('listRuns'), { limit: 20, cursor }), [])
  const anyActive = runs.items.some((r) => activeStates.includes(r.status))
  // Refresh the first page while a run is active; counters change as batches finish.
  useInterval(async () => {
    const fresh = await api.get<Page<AnalysisRun>>(pathFor('listRuns'), { limit: 20 }).catch(() => null)
    if (fresh) runs.update((items) => items.map((r) => fresh.items.find((f) => f.id === r.id) ?? r))
  }, 1500, anyActive)

  const projects = useAsync(async () => (session.can('listProjects') ? (await api.get<{ items: Project[] }>(pathFor('listProjects'))).items : []), [])
  const now = new Date()
  const [from, setFrom] = useState(toInput(new Date(now.getTime() - 7 * dayMs)))
  const [to, setTo] = useState(toInput(now))
  const [projectId, setProjectId] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const start = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const run = await api.post<AnalysisRun>(pathFor('startRun'), {
        timeWindowStart: new Date(from).toISOString(),
        timeWindowEnd: new Date(to).toISOString(),
        projectId: projectId || undefined,
      })
      runs.update((items) => [run, ...items])
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  const cancel = async (run: AnalysisRun) => {
    setError(null)
    try {
      const updated = await api.post<AnalysisRun>(pathFor('cancelRun', { id: run.id }))
      runs.update((items) => items.map((r) => (r.id === run.id ? { ...r, ...(updated ?? {}), status: updated?.status ?? 'cancelled' } : r)))
    } catch (e) {
      setError(e)
    }
  }

  return (
    <section className="page">
      <h1>Analysis runs</h1>
      {session.can('startRun') && (
        <form className="card filters" onSubmit={start} aria-label="Start an analysis run">
          <label>
            Messages from
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label>
            to
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
          </label>
          {(projects.value ?? []).length > 0 && (
            <label>
              Project
              <select value={projectId} onChange={(e) => setProjectId(e.target.value)}>
                <option value="">All projects</option>
                {(projects.value ?? []).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Starting…' : 'Start analysis'}
          </button>
        </form>
      )}
      {error != null && <ErrorMessage error={error} />}
      <PagedView list={runs} empty="No analysis runs yet. Start one to get task and knowledge proposals.">
        {(items) => (
          <ul className="item-list" aria-label="Analysis runs">
            {items.map((run) => (
              <RunRow key={run.id} run={run} onCancel={session.can('cancelRun') ? () => void cancel(run) : undefined} />
            ))}
          </ul>
        )}
      </PagedView>
    </section>
  )
}

function RunRow({ run, onCancel }: { run: AnalysisRun; onCancel?: () => void }) {
  const fraction = run.batchesCreated > 0 ? run.batchesDone / run.batchesCreated : ['completed', 'reviewed', 'closed'].includes(run.status) ? 1 : 0
  const statusClass = ['completed', 'reviewed', 'closed'].includes(run.status) ? 'badge good' : ['failed', 'cancelled'].includes(run.status) ? 'badge bad' : 'badge warn'
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
          {activeStates.includes(run.status) && onCancel && (
            <button type="button" className="danger" onClick={onCancel}>
              Cancel
            </button>
          )}
          {run.proposalsTotal > 0 && <Link to={`/inbox?run=${run.id}`}>Review proposals</Link>}
        </div>
        <div className="progress" role="progressbar" aria-label="Batches done" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
          <span style={{ width: `${Math.round(fraction * 100)}%` }} />
        </div>
        <div className="counters">
          <span>
            messages <strong>{formatNumber(run.totalMessagesInWindow)}</strong> → <strong>{formatNumber(run.messagesAfterPrefilter)}</strong> after filter
          </span>
          <span>
            batches <strong>{run.batchesDone}</strong>/<strong>{run.batchesCreated}</strong>
          </span>
          <span>
            proposals <strong>{run.proposalsTotal}</strong> (pending {run.proposalsPending}, approved {run.proposalsApproved}, rejected {run.proposalsRejected}, merged{' '}
            {run.proposalsMerged})
          </span>
          <span>
            tokens <strong>{formatNumber(run.llmTokensUsed)}</strong>
          </span>
          <span>
            cost <strong>{formatMoney(run.costEstimate)}</strong>
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
