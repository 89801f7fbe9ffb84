// Admin → Signup requests: approve a request and hand its PIN to the person, who enters it to activate.
import { useState } from 'react'
import { api, type ApiData } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { formatDate } from '../../lib/format'
import { AsyncView, ErrorMessage } from '../../components/states'

type SignupRequest = ApiData<'get', '/api/v1/admin/signup-requests'>['requests'][number]

export function SignupRequests() {
  const invalidate = useInvalidate()
  const requests = api.useQuery('get', '/api/v1/admin/signup-requests', {}, { select: (r) => r.requests })
  const [pins, setPins] = useState<Record<string, string>>({})
  const approval = api.useMutation('post', '/api/v1/admin/signup-requests/{id}/approve', {
    onSuccess: (result, { params }) => {
      if (result?.pin) setPins((p) => ({ ...p, [params.path.id]: result.pin! }))
      return invalidate('/api/v1/admin/signup-requests')
    },
  })
  const approve = (request: SignupRequest) => approval.mutate({ params: { path: { id: request.id } } })
  return (
    <>
      {approval.isError && <ErrorMessage error={approval.error} />}
      <AsyncView query={requests} isEmpty={(v) => v.length === 0} empty="No pending signup requests.">
        {(items) => (
          <ul className="item-list" aria-label="Signup requests">
            {items.map((r) => (
              <li key={r.id}>
                <div className="row">
                  <div>
                    <strong>{r.username}</strong> {r.email && <span className="meta">{r.email}</span>}{' '}
                    <span className="meta">
                      requested {formatDate(r.createdAt)} from {r.ip ?? 'unknown'}
                    </span>
                  </div>
                  <div className="counters">
                    <span>expires {formatDate(r.expiresAt)}</span>
                    <span>{r.attemptsLeft} PIN attempts left</span>
                    {r.approvedAt ? <span className="badge good">approved</span> : null}
                  </div>
                  {(pins[r.id] ?? (r.approvedAt ? r.pin : null)) && (
                    <p className="notice">
                      PIN to hand to {r.username}: <code>{pins[r.id] ?? r.pin}</code>
                    </p>
                  )}
                  {!r.approvedAt && (
                    <div>
                      <button type="button" className="good" disabled={approval.isPending} onClick={() => approve(r)}>
                        Approve and show PIN
                      </button>
                    </div>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </AsyncView>
    </>
  )
}
