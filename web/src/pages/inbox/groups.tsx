// The inbox header for hundreds of proposals: how many wait (counted by the API over the current filters), and
// the groups they fall in (per conversation or per run), each openable and reviewable as a whole with one reason.
import { useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { api, apiClient, type ApiData } from '../../api/client'
import { setSearchParams } from '../../lib/router'
import { formatPercent } from '../../lib/format'
import { ErrorMessage } from '../../components/states'
import { RejectForm } from './forms'
import type { InboxFilters, InboxQuery } from './filters'
import { bulkFailureMessage } from './use-review'

type ProposalGroup = ApiData<'get', '/api/v1/proposals/groups'>['groups'][number]

type Props = {
  selection: InboxFilters
  /** The filter part the API takes (empty values left out). */
  query: InboxQuery
  canBulk: boolean
  /** After a group was reviewed (the cards are reloaded already). */
  onReviewed: (message: string) => void
}

export function InboxGroups({ selection, query, canBulk, onReviewed }: Props) {
  const queryClient = useQueryClient()
  const [by, setBy] = useState<'conversation' | 'run'>('conversation')
  const [rejecting, setRejecting] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const groups = api.useQuery('get', '/api/v1/proposals/groups', { params: { query: { ...query, by, limit: 50 } } })
  const groupFilter = (key: string) => (by === 'run' ? { runId: key } : { conversationId: key })

  async function reviewGroup(group: ProposalGroup, action: 'approve' | 'reject', reason?: string) {
    setBusy(true)
    setError(null)
    try {
      const { status, ...filter } = query
      const { data: result } = await apiClient.POST('/api/v1/proposals/bulk', {
        body: {
          filter: { ...filter, ...groupFilter(group.key), status: status === 'held' ? 'held' : undefined },
          action,
          reason: reason?.trim() || (action === 'reject' ? 'Rejected with its group' : undefined),
        },
      })
      await queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/proposals'] })
      onReviewed(
        `${action === 'approve' ? 'Approved' : 'Rejected'} ${result!.succeeded} proposal${result!.succeeded === 1 ? '' : 's'} of “${group.label}”`,
      )
      const failure = bulkFailureMessage(result!, result!.results.length)
      if (failure) setError(new Error(failure))
    } catch (e) {
      setError(e)
    } finally {
      setRejecting(null)
      setBusy(false)
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/proposals/groups'] })
    }
  }

  const total = groups.data?.total
  const pending = selection.status === 'pending'
  // Held proposals (over a run's volume budget) are unreviewed too: a group of them is reviewed in bulk the same way.
  const reviewable = pending || selection.status === 'held'
  return (
    <section className="inbox-groups card" aria-label="Proposal groups">
      <div className="inbox-groups-head">
        <h2>{total === undefined ? 'Counting…' : `${total} ${pending ? 'pending' : selection.status}`}</h2>
        <label>
          Group by
          <select value={by} onChange={(e) => setBy(e.target.value as 'conversation' | 'run')}>
            <option value="conversation">conversation</option>
            <option value="run">run</option>
          </select>
        </label>
        {(selection.conversationId || selection.runId) && (
          <button type="button" className="link-button" onClick={() => setSearchParams({ conversation: null, run: null })}>
            Show all groups
          </button>
        )}
      </div>
      {groups.isError && <ErrorMessage error={groups.error} />}
      {error != null && <ErrorMessage error={error} />}
      <ul className="group-list">
        {(groups.data?.groups ?? []).map((group) => (
          <li key={group.key} aria-label={`Group: ${group.label}`}>
            <button
              type="button"
              className="link-button"
              onClick={() =>
                setSearchParams(by === 'run' ? { run: group.key, conversation: null } : { conversation: group.key, run: null })
              }
            >
              {group.label}
            </button>{' '}
            <span className="meta">
              {group.count} ({group.tasks} tasks, {group.atoms} knowledge) · up to {formatPercent(group.maxConfidence)}
            </span>
            {reviewable && canBulk && rejecting !== group.key && (
              <span className="proposal-actions">
                <button type="button" className="good" disabled={busy} onClick={() => void reviewGroup(group, 'approve')}>
                  Approve all {group.count}
                </button>
                <button type="button" className="danger" disabled={busy} onClick={() => setRejecting(group.key)}>
                  Reject all {group.count}…
                </button>
              </span>
            )}
            {rejecting === group.key && (
              <RejectForm
                busy={busy}
                label="Reject group"
                action={`Reject all ${group.count}`}
                onCancel={() => setRejecting(null)}
                onReject={(reason) => void reviewGroup(group, 'reject', reason)}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
