// Admin → Audit log: auth events and admin actions, newest first, filtered by action, paged by time.
import { useState } from 'react'
import { api } from '../../api/client'
import { formatDate } from '../../lib/format'
import { AsyncView } from '../../components/states'

export function Audit() {
  const [pages, setPages] = useState<string[]>([])
  const [action, setAction] = useState('')
  const before = pages[pages.length - 1]
  const events = api.useQuery('get', '/api/v1/admin/audit', { params: { query: { limit: 50, before, action: action || undefined } } })
  return (
    <>
      <div className="filters">
        <label>
          Action
          <input
            type="search"
            value={action}
            onChange={(e) => {
              setPages([])
              setAction(e.target.value)
            }}
            placeholder="e.g. auth.login"
          />
        </label>
      </div>
      <AsyncView query={events} isEmpty={(v) => v.events.length === 0} empty="No audit events.">
        {(value) => (
          <>
            <div className="table-wrap">
              <table className="data" aria-label="Audit log">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Action</th>
                    <th>Outcome</th>
                    <th>Who</th>
                    <th>Target</th>
                    <th>IP</th>
                    <th>Details</th>
                  </tr>
                </thead>
                <tbody>
                  {value.events.map((e) => (
                    <tr key={e.id}>
                      <td>{formatDate(e.createdAt)}</td>
                      <td>{e.action}</td>
                      <td>
                        <span className={e.outcome === 'success' ? 'badge good' : 'badge bad'}>{e.outcome}</span>
                      </td>
                      <td>{e.actorName ?? e.actorUserId ?? 'system'}</td>
                      <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</td>
                      <td>{e.ip ?? '—'}</td>
                      <td className="meta">{Object.keys(e.details ?? {}).length ? JSON.stringify(e.details) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="load-more">
              <button type="button" disabled={pages.length === 0} onClick={() => setPages(pages.slice(0, -1))}>
                Newer
              </button>{' '}
              <button type="button" disabled={!value.nextBefore} onClick={() => value.nextBefore && setPages([...pages, value.nextBefore])}>
                Older
              </button>
            </div>
          </>
        )}
      </AsyncView>
    </>
  )
}
