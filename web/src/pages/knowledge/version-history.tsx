// Knowledge → an atom's versions: who changed what and when, approve or reject a pending one, compare any two.
import { useState } from 'react'
import { api, apiClient, type ApiData } from '../../api/client'
import { formatDate } from '../../lib/format'
import { useSession } from '../../session'
import { AsyncView, ErrorMessage } from '../../components/states'

type AtomVersion = ApiData<'get', '/api/v1/atoms/{id}/versions'>['items'][number]

export function VersionHistory({ atomId, versions, onReviewed }: { atomId: string; versions: AtomVersion[]; onReviewed: () => void }) {
  const session = useSession()
  const sorted = [...versions].sort((a, b) => b.version - a.version)
  const [to, setTo] = useState(sorted[0]?.version ?? 1)
  const [from, setFrom] = useState(sorted[1]?.version ?? sorted[0]?.version ?? 1)
  const [error, setError] = useState<unknown>(null)
  // The server compares two versions when it can; otherwise the stored fields are compared here.
  const serverDiff = from !== to && session.can('get', '/api/v1/atoms/{id}/diff')
  const fetched = api.useQuery(
    'get',
    '/api/v1/atoms/{id}/diff',
    { params: { path: { id: atomId }, query: { from, to } } },
    { enabled: serverDiff },
  )
  const localChanges =
    from === to ? [] : diffLocally(sorted.find((v) => v.version === from)?.data ?? {}, sorted.find((v) => v.version === to)?.data ?? {})
  const diff = serverDiff ? fetched : { data: { changes: localChanges }, error: null, refetch: () => undefined }
  const review = async (version: number, decision: 'approve' | 'reject') => {
    setError(null)
    try {
      const params = { path: { id: atomId, n: version } }
      if (decision === 'approve') await apiClient.POST('/api/v1/atoms/{id}/versions/{n}/approve', { params })
      else await apiClient.POST('/api/v1/atoms/{id}/versions/{n}/reject', { params })
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
                  <span className={v.approved ? 'badge good' : v.approvalStatus === 'rejected' ? 'badge bad' : 'badge warn'}>
                    {v.approvalStatus}
                  </span>
                </td>
                <td>
                  {v.approvalStatus === 'pending' && session.can('post', '/api/v1/atoms/{id}/versions/{n}/approve') && (
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
          <AsyncView query={diff} isEmpty={(d) => d.changes.length === 0} empty="No differences.">
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
          </AsyncView>
        </>
      )}
    </>
  )
}

const show = (value: unknown) => (value == null ? '∅' : typeof value === 'string' ? value : JSON.stringify(value))

function diffLocally(a: Record<string, unknown>, b: Record<string, unknown>): Array<{ field: string; from: unknown; to: unknown }> {
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])]
  return fields.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f])).map((field) => ({ field, from: a[field], to: b[field] }))
}
