// The webhook inbox: the latest deliveries from connectors with their status, each replayable.
import { useState } from 'react'
import { api, apiClient } from '../../api/client'
import { formatDate } from '../../lib/format'
import { AsyncView, ErrorMessage } from '../../components/states'

export function Deliveries() {
  const deliveries = api.useQuery('get', '/api/v1/webhooks/deliveries', { params: { query: { limit: 20 } } })
  const [error, setError] = useState<unknown>(null)
  const replay = async (id: number) => {
    try {
      await apiClient.POST('/api/v1/webhooks/deliveries/replay', { body: { ids: [id] } })
      await deliveries.refetch()
    } catch (e) {
      setError(e)
    }
  }
  return (
    <>
      <h2>Webhook inbox</h2>
      {error != null && <ErrorMessage error={error} />}
      <AsyncView query={deliveries} isEmpty={(page) => page.items.length === 0} empty="No deliveries yet.">
        {(page) => (
          <>
            <p className="meta">
              {Object.entries(page.counts)
                .map(([status, n]) => `${status} ${n}`)
                .join(' · ')}
            </p>
            <ul className="item-list" aria-label="Deliveries">
              {page.items.map((d) => (
                <li key={d.id} className="row" data-status={d.status}>
                  <span>
                    #{d.id} {d.connector} {d.eventType}{' '}
                    <span className={d.status === 'dead' ? 'badge bad' : 'badge muted'}>{d.status}</span> · {d.attempts} attempts ·{' '}
                    {formatDate(d.receivedAt)}
                  </span>
                  {d.lastError && <span className="meta">{d.lastError}</span>}
                  {d.status === 'dead' && (
                    <button type="button" onClick={() => replay(d.id)}>
                      Replay
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </AsyncView>
    </>
  )
}
