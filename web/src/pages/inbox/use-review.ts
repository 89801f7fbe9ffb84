// The inbox's review actions (approve, edit then approve, reject, reject similar, merge; one proposal or a
// selection): each calls the API, then updates the cached pages so a reviewed proposal leaves a pending list at
// once, and reports what happened. Failures of a bulk call are listed with the server's message for each.
import { useState } from 'react'
import { useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query'
import { apiClient, type ApiData, type ApiItem, type paths } from '../../api/client'

export type Proposal = ApiItem<'get', '/api/v1/proposals'>
type ProposalPage = ApiData<'get', '/api/v1/proposals'>
type ReviewBody = NonNullable<paths['/api/v1/proposals/{id}/review']['post']['requestBody']>['content']['application/json']
export type ProposalEdits = NonNullable<Extract<ReviewBody, { action: 'approve' }>['edits']>
type BulkOutcome = ApiData<'post', '/api/v1/proposals/bulk'>

/** "2 of 3 could not be reviewed: The proposal is already approved; ..." from a bulk call's per-proposal results. */
export function bulkFailureMessage(outcome: BulkOutcome, asked: number): string | null {
  if (outcome.failed === 0) return null
  const reasons = outcome.results.filter((r) => !r.ok).map((r) => r.error?.message ?? r.status ?? 'unknown error')
  return `${outcome.failed} of ${asked} could not be reviewed: ${[...new Set(reasons)].join('; ')}`
}

/** onSettled runs after every action, succeeded or not (the inbox closes its open form). */
export function useReview({ listKey, pendingOnly, onSettled }: { listKey: QueryKey; pendingOnly: boolean; onSettled: () => void }) {
  const queryClient = useQueryClient()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [notice, setNotice] = useState<string | null>(null)

  /** A reviewed proposal leaves the list (when showing pending ones), else shows its new status. */
  function settle(ids: string[], status: Proposal['status']) {
    queryClient.setQueryData<InfiniteData<ProposalPage>>(listKey, (data) =>
      data
        ? {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              items: pendingOnly
                ? page.items.filter((p) => !ids.includes(p.id))
                : page.items.map((p) => (ids.includes(p.id) ? { ...p, status } : p)),
            })),
          }
        : data,
    )
  }

  /** Counts and groups change with every review; the cards are settled in place. */
  const refreshCounts = () => queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/proposals/groups'] })

  async function act(label: string, status: Proposal['status'], call: () => Promise<string[]>): Promise<string[]> {
    setBusy(true)
    setError(null)
    let done: string[] = []
    try {
      done = await call()
      setNotice(`${label} ${done.length} proposal${done.length === 1 ? '' : 's'}`)
    } catch (e) {
      setError(e)
    } finally {
      settle(done, status)
      void refreshCounts()
      onSettled()
      setBusy(false)
    }
    return done
  }

  const review = (id: string, body: ReviewBody) => apiClient.POST('/api/v1/proposals/{id}/review', { params: { path: { id } }, body })
  /** One proposal through /review; several through /bulk, which reports each one's outcome. */
  async function decide(ids: string[], body: { action: 'approve'; reason?: string } | { action: 'reject'; reason: string }) {
    if (ids.length === 1) {
      await review(ids[0], body)
      return ids
    }
    const { data: outcome } = await apiClient.POST('/api/v1/proposals/bulk', { body: { proposalIds: ids, ...body } })
    const failure = bulkFailureMessage(outcome!, ids.length)
    if (failure) setError(new Error(failure))
    return outcome!.results.filter((r) => r.ok).map((r) => r.id)
  }

  return {
    busy,
    error,
    notice,
    setNotice,
    approve: (ids: string[], edits?: ProposalEdits) =>
      act('Approved', 'approved', () =>
        edits && ids.length === 1 ? review(ids[0], { action: 'approve', edits }).then(() => ids) : decide(ids, { action: 'approve' }),
      ),
    // The API wants a reason for every rejection; an empty one becomes a plain statement of the fact.
    reject: (ids: string[], reason: string) =>
      act('Rejected', 'rejected', () => decide(ids, { action: 'reject', reason: reason.trim() || 'Rejected in review' })),
    rejectSimilar: (id: string, reason: string) =>
      act('Rejected', 'rejected', async () => {
        const { data } = await apiClient.POST('/api/v1/proposals/{id}/reject-similar', {
          params: { path: { id } },
          body: { reason: reason.trim() || 'Rejected with similar proposals' },
        })
        await queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/proposals'] })
        return data!.results.filter((r) => r.ok).map((r) => r.id)
      }),
    merge: (id: string, taskId: string) =>
      act('Merged', 'merged', () => review(id, { action: 'merge', intoTaskId: taskId }).then(() => [id])),
  }
}
