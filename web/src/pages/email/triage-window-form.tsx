// Triage the mail of a recent window that has none yet (the server does it behind imports and syncs; this is for
// mail stored before triage existed, or after changing rules).
import { useState } from 'react'
import { api } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { ErrorMessage } from '../../components/states'

export function TriageWindowForm() {
  const invalidate = useInvalidate()
  const [since, setSince] = useState('30d')
  const triage = api.useMutation('post', '/api/v1/email/triage', {
    onSuccess: () => invalidate('/api/v1/email', '/api/v1/email/senders'),
  })
  return (
    <form
      className="actions"
      onSubmit={(e) => {
        e.preventDefault()
        triage.mutate({ body: { since, force: false } })
      }}
    >
      <label>
        Window <input value={since} onChange={(e) => setSince(e.target.value)} size={6} aria-describedby="since-help" />
      </label>
      <span id="since-help" className="meta">
        e.g. 12h, 30d, 2w
      </span>
      <button type="submit" disabled={triage.isPending}>
        {triage.isPending ? 'Triaging…' : 'Triage'}
      </button>
      {triage.data && (
        <span role="status">
          {triage.data.triaged} triaged ({triage.data.byRule} by rule) of {triage.data.considered}
          {triage.data.failed > 0 ? `, ${triage.data.failed} failed` : ''}
        </span>
      )}
      {triage.isError && <ErrorMessage error={triage.error} />}
    </form>
  )
}
