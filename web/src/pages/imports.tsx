// Imports: upload a Telegram / Slack / mbox (or JSONL) export and watch the queued run's progress until it ends.
import { useState, type FormEvent } from 'react'
import { api, apiClient, type ApiItem } from '../api/client'
import { useInvalidate } from '../api/invalidate'
import { formatDate, formatNumber } from '../lib/format'
import { useSession } from '../session'
import { AsyncView, ErrorMessage, NotAvailable } from '../components/states'

type ImportRun = ApiItem<'get', '/api/v1/imports'>

const kinds = [
  { value: 'telegram', label: 'Telegram Desktop export (result.json or .zip)' },
  { value: 'slack', label: 'Slack export (.zip)' },
  { value: 'email', label: 'Email (mbox or .eml)' },
  { value: 'jsonl', label: 'JSON Lines (one message per line)' },
]

const finished = (run: ImportRun) => ['completed', 'failed', 'cancelled'].includes(run.status)

export function ImportsPage() {
  const session = useSession()
  if (!session.can('post', '/api/v1/imports')) {
    return (
      <section className="page">
        <h1>Imports</h1>
        <NotAvailable feature="Imports" path="POST /api/v1/imports" />
      </section>
    )
  }
  return <Imports />
}

function Imports() {
  const [kind, setKind] = useState('telegram')
  const [file, setFile] = useState<File | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const invalidate = useInvalidate()
  // Polled every second while a run is queued or running.
  const runs = api.useQuery(
    'get',
    '/api/v1/imports',
    { params: { query: { limit: 50 } } },
    {
      select: (r) => r.items,
      refetchInterval: (query) => (query.state.data?.items.some((r) => !finished(r)) ? 1000 : false),
    },
  )

  const upload = async (event: FormEvent) => {
    event.preventDefault()
    if (!file) return
    setBusy(true)
    setError(null)
    try {
      const form = new FormData()
      form.append('kind', kind) // before the file: the server reads fields in order
      form.append('file', file, file.name)
      // Multipart is read part by part by the route, so its OpenAPI entry declares no body type.
      await apiClient.POST('/api/v1/imports', { body: form as never })
      await invalidate('/api/v1/imports')
      setFile(null)
      ;(event.target as HTMLFormElement).reset()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="page">
      <h1>Imports</h1>
      <form className="card form" onSubmit={upload} aria-label="Upload an export">
        <label>
          Kind of export
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          File
          <input name="file" type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        {error != null && <ErrorMessage error={error} />}
        <div>
          <button type="submit" className="primary" disabled={busy || !file}>
            {busy ? 'Uploading…' : 'Upload and import'}
          </button>
        </div>
      </form>
      <h2>Recent imports</h2>
      <AsyncView query={runs} isEmpty={(items) => items.length === 0} empty="No imports yet.">
        {(items) => (
          <ul className="item-list" aria-label="Imports">
            {items.map((run) => (
              <ImportRow key={run.id} run={run} />
            ))}
          </ul>
        )}
      </AsyncView>
    </section>
  )
}

function ImportRow({ run }: { run: ImportRun }) {
  const total = run.progress.bytesTotal ?? 0
  const fraction = finished(run) ? 1 : total > 0 ? run.progress.bytesRead / total : 0
  const statusClass = run.status === 'completed' ? 'badge good' : run.status === 'failed' ? 'badge bad' : 'badge warn'
  return (
    <li className="row" data-import-id={run.id} aria-label={`Import ${run.fileName}`}>
      <div className="row">
        <div>
          <strong>{run.fileName}</strong> <span className="badge muted">{run.kind}</span>{' '}
          <span className={statusClass} data-status={run.status}>
            {run.status}
          </span>
        </div>
        <div
          className="progress"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(fraction * 100)}
          aria-label="Progress"
        >
          <span style={{ width: `${Math.round(fraction * 100)}%` }} />
        </div>
        <div className="counters">
          <span>
            read <strong>{formatNumber(run.counts.fetched)}</strong>
          </span>
          <span>
            new <strong>{formatNumber(run.counts.created)}</strong>
          </span>
          <span>
            updated <strong>{formatNumber(run.counts.updated)}</strong>
          </span>
          <span>
            skipped <strong>{formatNumber(run.counts.skipped)}</strong>
          </span>
          <span>
            failed <strong>{formatNumber(run.counts.failed)}</strong>
          </span>
          <span>started {formatDate(run.startedAt ?? run.createdAt)}</span>
          {run.finishedAt && <span>finished {formatDate(run.finishedAt)}</span>}
        </div>
        {run.errors.length > 0 && (
          <details>
            <summary>{run.errors.length} problems</summary>
            <ul>
              {run.errors.slice(0, 20).map((e, i) => (
                <li key={i} className="meta">
                  {Object.values(e).map(String).join(' · ')}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </li>
  )
}
