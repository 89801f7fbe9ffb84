// The person's proactive messages (digests, due reminders, their own reminders): when each is scheduled, its
// status, and per channel the delivery status, attempts and last error, so a failed delivery is never silent.
import { useState } from 'react'
import { api, type ApiItem } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { formatDate } from '../../lib/format'
import { AsyncView, ErrorMessage } from '../../components/states'

type ProactiveMessage = ApiItem<'get', '/api/v1/proactive-messages'>
const statuses = ['pending', 'sent', 'failed', 'cancelled'] as const
type Status = (typeof statuses)[number]
const kindLabels: Record<ProactiveMessage['kind'], string> = { digest: 'Daily digest', due_reminder: 'Due reminder', custom: 'Reminder' }

// Polled while one waits, so a delivery (or its failure) shows up without a reload.
const pendingPollMs = 5_000

export function ProactiveList() {
  const invalidate = useInvalidate()
  const [status, setStatus] = useState<Status | ''>('')
  const list = api.useQuery(
    'get',
    '/api/v1/proactive-messages',
    { params: { query: { limit: 100, status: status || undefined } } },
    { refetchInterval: (query) => (query.state.data?.items.some((m) => m.status === 'pending') ? pendingPollMs : false) },
  )
  const cancel = api.useMutation('post', '/api/v1/proactive-messages/{id}/cancel', {
    onSuccess: () => invalidate('/api/v1/proactive-messages'),
  })

  return (
    <section aria-labelledby="proactive-heading">
      <div className="page-header">
        <h2 id="proactive-heading">Scheduled and sent messages</h2>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
            <option value="">any</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      {cancel.isError && <ErrorMessage error={cancel.error} />}
      <AsyncView query={list} isEmpty={(v) => v.items.length === 0} empty="No scheduled or sent messages.">
        {(value) => (
          <ul className="item-list" aria-label="Proactive messages">
            {value.items.map((m) => (
              <li key={m.id} data-status={m.status}>
                <div className="row">
                  <strong>
                    {kindLabels[m.kind]}: {m.content}
                  </strong>
                  <span className="meta">
                    <span className={`badge status-${m.status}`}>{m.status}</span> · scheduled for {formatDate(m.scheduledFor)}
                    {m.sentAt ? ` · sent ${formatDate(m.sentAt)}` : ''}
                  </span>
                  <DeliveryTable message={m} />
                  {m.status === 'pending' && (
                    <button
                      type="button"
                      disabled={cancel.isPending}
                      aria-label={`Cancel “${m.content}”`}
                      onClick={() => cancel.mutate({ params: { path: { id: m.id } } })}
                    >
                      Cancel
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </AsyncView>
    </section>
  )
}

function DeliveryTable({ message }: { message: ProactiveMessage }) {
  if (message.deliveries.length === 0) return null
  return (
    <table className="data" aria-label={`Deliveries of “${message.content}”`}>
      <thead>
        <tr>
          <th>Channel</th>
          <th>Status</th>
          <th>Attempts</th>
          <th>Next attempt / sent</th>
          <th>Last error</th>
        </tr>
      </thead>
      <tbody>
        {message.deliveries.map((d) => (
          <tr key={d.channel} data-delivery={d.channel}>
            <td>{d.channel}</td>
            <td>{d.status}</td>
            <td>{d.attempts}</td>
            <td>{d.sentAt ? formatDate(d.sentAt) : d.status === 'pending' ? formatDate(d.nextAttemptAt) : '—'}</td>
            <td>{d.lastError ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
