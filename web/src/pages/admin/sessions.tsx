// Admin → Sessions: the signed-in person's live sessions (device, IP, times), each revocable but this one.
import { api } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { formatDate } from '../../lib/format'
import { AsyncView, ErrorMessage } from '../../components/states'

export function Sessions() {
  const invalidate = useInvalidate()
  const sessions = api.useQuery('get', '/api/v1/auth/sessions', {}, { select: (r) => r.sessions })
  const revocation = api.useMutation('delete', '/api/v1/auth/sessions/{id}', { onSuccess: () => invalidate('/api/v1/auth/sessions') })
  const revoke = (id: string) => revocation.mutate({ params: { path: { id } } })
  return (
    <>
      {revocation.isError && <ErrorMessage error={revocation.error} />}
      <AsyncView query={sessions} isEmpty={(v) => v.length === 0} empty="No live sessions.">
        {(items) => (
          <div className="table-wrap">
            <table className="data" aria-label="Sessions">
              <thead>
                <tr>
                  <th>Device</th>
                  <th>IP</th>
                  <th>Signed in</th>
                  <th>Last seen</th>
                  <th>Expires</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id}>
                    <td>
                      {s.userAgent ?? 'unknown'} {s.current && <span className="badge good">this session</span>}
                    </td>
                    <td>{s.ip ?? '—'}</td>
                    <td>{formatDate(s.createdAt)}</td>
                    <td>{formatDate(s.lastSeenAt)}</td>
                    <td>{formatDate(s.expiresAt)}</td>
                    <td>
                      {!s.current && (
                        <button type="button" className="danger" disabled={revocation.isPending} onClick={() => revoke(s.id)}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </AsyncView>
    </>
  )
}
