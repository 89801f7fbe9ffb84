// One source: its state, counts and connector health, with pause/resume, sync now and delete (keeping its
// messages or not).
import { useState } from 'react'
import { apiClient, type ApiItem } from '../../api/client'
import { formatDate, formatNumber } from '../../lib/format'
import { ErrorMessage } from '../../components/states'

type Source = ApiItem<'get', '/api/v1/sources'>

const stateBadge: Record<string, string> = { connected: 'badge good', paused: 'badge muted', failing: 'badge bad', imported: 'badge muted' }

export function SourceRow({ source, onChange }: { source: Source; onChange: () => void }) {
  const [error, setError] = useState<unknown>(null)
  const [note, setNote] = useState<string | null>(null)
  const [confirmingDelete, setConfirmingDelete] = useState(false)
  const params = { path: { id: source.id } }
  const act = async (work: () => Promise<unknown>) => {
    setError(null)
    try {
      await work()
      onChange()
    } catch (e) {
      setError(e)
    }
  }
  const sync = () =>
    act(async () => {
      const { data: result } = await apiClient.POST('/api/v1/sources/{id}/sync', { params })
      setNote(
        result!.queued
          ? 'Sync queued.'
          : `Sync ${result!.result!.status}: fetched ${result!.result!.fetched}, stored ${result!.result!.stored}${result!.result!.error ? ` (${result!.result!.error})` : ''}`,
      )
    })
  const remove = (keepMessages: boolean) =>
    act(() =>
      apiClient
        .DELETE('/api/v1/sources/{id}', { params: { ...params, query: { keepMessages: keepMessages ? 'true' : 'false' } } })
        .then(() => setConfirmingDelete(false)),
    )
  return (
    <li className="row" aria-label={`Source ${source.name}`} data-source-id={source.id}>
      <div>
        <strong>{source.name}</strong> <span className="badge muted">{source.type}</span>{' '}
        <span className={stateBadge[source.state]} data-state={source.state}>
          {source.state}
        </span>
      </div>
      <div className="meta">
        {formatNumber(source.messageCount)} messages in {formatNumber(source.conversationCount)} conversations · last message{' '}
        {source.lastMessageAt ? formatDate(source.lastMessageAt) : 'never'}
        {source.connector && <> · last success {source.lastSuccessAt ? formatDate(source.lastSuccessAt) : 'never'}</>}
        {source.deliveries.pending > 0 && <> · {source.deliveries.pending} deliveries waiting</>}
        {source.deliveries.dead > 0 && <> · {source.deliveries.dead} dead deliveries</>}
        {source.rejectedDeliveries > 0 && <> · {source.rejectedDeliveries} forged deliveries refused</>}
      </div>
      {source.state === 'failing' && (
        <div className="meta" role="status">
          Failing ({source.consecutiveFailures} in a row): {source.lastError} — next try {formatDate(source.nextRetryAt)}
        </div>
      )}
      {source.connector && (
        <div className="actions">
          {source.state === 'paused' ? (
            <button type="button" onClick={() => act(() => apiClient.POST('/api/v1/sources/{id}/resume', { params }))}>
              Resume
            </button>
          ) : (
            <button type="button" onClick={() => act(() => apiClient.POST('/api/v1/sources/{id}/pause', { params }))}>
              Pause
            </button>
          )}
          <button type="button" onClick={sync}>
            Sync now
          </button>
          {!confirmingDelete ? (
            <button type="button" onClick={() => setConfirmingDelete(true)}>
              Delete…
            </button>
          ) : (
            <span role="group" aria-label="Delete this source">
              Keep its {formatNumber(source.messageCount)} messages?{' '}
              <button type="button" onClick={() => remove(true)}>
                Delete, keep messages
              </button>{' '}
              <button type="button" className="danger" onClick={() => remove(false)}>
                Delete with messages
              </button>{' '}
              <button type="button" onClick={() => setConfirmingDelete(false)}>
                Cancel
              </button>
            </span>
          )}
        </div>
      )}
      {note && (
        <div className="meta" role="status">
          {note}
        </div>
      )}
      {error != null && <ErrorMessage error={error} />}
    </li>
  )
}
