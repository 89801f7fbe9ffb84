// Documents: upload (drop files or choose them), the list with each file's status and the reason it failed, and
// one document's summary, project, deliverables and sections (the chunks search and citations point at).
import { useState, type DragEvent } from 'react'
import { api, apiClient, type ApiItem } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { Link } from '../../lib/router'
import { formatDate, formatNumber, formatPercent } from '../../lib/format'
import { useSession } from '../../session'
import { AsyncView, ErrorMessage, NotAvailable } from '../../components/states'

type DocumentItem = ApiItem<'get', '/api/v1/documents'>

export function DocumentsPage({ documentId }: { documentId?: string }) {
  const session = useSession()
  if (!session.can('get', '/api/v1/documents')) {
    return (
      <section className="page">
        <h1>Documents</h1>
        <NotAvailable feature="Documents" path="GET /api/v1/documents" />
      </section>
    )
  }
  return documentId ? <DocumentDetail id={documentId} /> : <DocumentList />
}

function UploadForm() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [dragging, setDragging] = useState(false)
  const [results, setResults] = useState<Array<{ name: string; outcome: string; error: string | null }>>([])
  const invalidate = useInvalidate()

  const send = async (files: File[]) => {
    if (files.length === 0) return
    setBusy(true)
    setError(null)
    try {
      const form = new FormData()
      for (const file of files) form.append('file', file, file.name)
      // Multipart is read part by part by the route, so its OpenAPI entry declares no body type.
      const { data, error: failed } = await apiClient.POST('/api/v1/documents', { body: form as never })
      if (failed) throw failed
      setResults((data as { items: typeof results }).items)
      await invalidate('/api/v1/documents')
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  const drop = (event: DragEvent) => {
    event.preventDefault()
    setDragging(false)
    void send([...event.dataTransfer.files])
  }

  return (
    <div
      className={dragging ? 'card form drop-target' : 'card form'}
      onDragOver={(e) => (e.preventDefault(), setDragging(true))}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
      aria-label="Upload documents"
    >
      <label>
        Drop PDF, Word, PowerPoint, Excel, CSV, HTML, Markdown or text files here, or choose them
        <input name="file" type="file" multiple disabled={busy} onChange={(e) => void send([...(e.target.files ?? [])])} />
      </label>
      {busy && <p>Uploading and extracting…</p>}
      {error != null && <ErrorMessage error={error} />}
      {results.length > 0 && (
        <ul aria-label="Upload results">
          {results.map((r) => (
            <li key={r.name}>
              {r.name}: {r.outcome}
              {r.error ? ` (${r.error})` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

const statusClass = (status: string) => (status === 'extracted' ? 'badge good' : status === 'failed' ? 'badge bad' : 'badge warn')

function DocumentList() {
  const [status, setStatus] = useState('')
  const documents = api.useQuery('get', '/api/v1/documents', {
    params: { query: { limit: 200, ...(status ? { status: status as DocumentItem['status'] } : {}) } },
  })
  return (
    <section className="page">
      <h1>Documents</h1>
      <UploadForm />
      <label>
        Status{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">all</option>
          <option value="extracted">extracted</option>
          <option value="failed">failed</option>
          <option value="pending">pending</option>
        </select>
      </label>
      <AsyncView query={documents} isEmpty={(page) => page.items.length === 0} empty="No documents yet.">
        {(page) => (
          <ul className="item-list" aria-label="Documents">
            {page.items.map((d) => (
              <li key={d.id} className="row" aria-label={`Document ${d.name}`}>
                <div>
                  <Link to={`/documents/${d.id}`}>
                    <strong>{d.path}</strong>
                  </Link>{' '}
                  <span className="badge muted">{d.fileType}</span> <span className={statusClass(d.status)}>{d.status}</span>{' '}
                  <span className="muted">
                    {d.origin} · {formatNumber(d.size)} bytes · {formatDate(d.updatedAt)}
                  </span>
                  {d.error && <p className="state state-error">{d.error}</p>}
                  {d.summary && <p className="muted">{d.summary}</p>}
                </div>
              </li>
            ))}
          </ul>
        )}
      </AsyncView>
    </section>
  )
}

function DocumentDetail({ id }: { id: string }) {
  const document = api.useQuery('get', '/api/v1/documents/{id}', { params: { path: { id } } })
  return (
    <section className="page">
      <p>
        <Link to="/documents">← Documents</Link>
      </p>
      <AsyncView query={document}>
        {(d) => (
          <>
            <h1>{d.name}</h1>
            <p>
              <span className={statusClass(d.status)}>{d.status}</span> <span className="muted">{d.path}</span>
            </p>
            {d.error && <p className="state state-error">{d.error}</p>}
            {d.summary && (
              <>
                <h2>Summary</h2>
                <p>{d.summary}</p>
              </>
            )}
            {d.classificationReasoning && (
              <p className="muted">
                Project: {d.projectId ? 'assigned' : d.classificationProposalId ? 'waiting for review' : 'none'} (
                {formatPercent(d.classificationConfidence ?? 0)}
                ): {d.classificationReasoning}
              </p>
            )}
            {d.deliverables.length > 0 && (
              <>
                <h2>Deliverables</h2>
                <ul aria-label="Deliverables">
                  {d.deliverables.map((x) => (
                    <li key={x.id}>
                      {x.projectCode} · {x.deliverableType} · {x.status}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <h2>Sections</h2>
            <ol className="item-list" aria-label="Sections">
              {d.sections.map((s) => (
                <li key={s.index} className="card">
                  <strong>{s.headingPath ?? '(document)'}</strong>{' '}
                  <span className="muted">
                    level {s.level} · characters {s.charStart}–{s.charEnd} · {s.tokenCount} tokens
                  </span>
                  <p>{s.text.length > 600 ? `${s.text.slice(0, 600)}…` : s.text}</p>
                </li>
              ))}
            </ol>
          </>
        )}
      </AsyncView>
    </section>
  )
}
