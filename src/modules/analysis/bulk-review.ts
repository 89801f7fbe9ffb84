// Review of many proposals at once: a selection of ids, everything a filter selects (a run, a conversation,
// "below 0.5"), and "reject similar" (one proposal and every pending one whose title resembles it). Each
// proposal is reviewed in its own transaction through reviewProposal, so one conflict does not undo the others.
import type { ServiceContext } from '../../lib/context.js'
import { AppError } from '../../lib/errors.js'
import { getProposal, selectionWhere } from './proposals.js'
import { reviewProposal } from './review.js'
import type { BulkReviewInput, RejectSimilarInput, ReviewInput } from './run-schema.js'
import { titleSimilarity } from './review-memory.js'

export type BulkResult = { id: string; ok: boolean; status?: string; error?: { code: string; message: string } }
export type BulkOutcome = { results: BulkResult[]; succeeded: number; failed: number }

/** A filter may select at most this many pending proposals in one call (the caller repeats for more). */
export const bulkFilterLimit = 5000

async function reviewEach(ctx: ServiceContext, ids: string[], review: ReviewInput): Promise<BulkOutcome> {
  const results: BulkResult[] = []
  for (const id of [...new Set(ids)]) {
    try {
      const proposal = await reviewProposal(ctx, id, review)
      results.push({ id, ok: true, status: proposal.status })
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      results.push({ id, ok: false, error: { code: error.code, message: error.message } })
    }
  }
  return { results, succeeded: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length }
}

export async function pendingIdsOf(ctx: ServiceContext, filter: NonNullable<BulkReviewInput['filter']>): Promise<string[]> {
  const { where, params } = selectionWhere(ctx, { ...filter, status: filter.status === 'held' ? 'held' : 'pending' })
  params.push(bulkFilterLimit)
  const rows = await ctx.database.query<{ id: string }>(
    `SELECT id FROM task_proposals WHERE ${where} ORDER BY created_at, batch_index, id LIMIT $${params.length}`,
    params,
  )
  return rows.map((r) => r.id)
}

export async function reviewProposalsInBulk(ctx: ServiceContext, input: BulkReviewInput): Promise<BulkOutcome> {
  const ids = input.proposalIds ?? (await pendingIdsOf(ctx, input.filter!))
  const review: ReviewInput =
    input.action === 'approve'
      ? { action: 'approve', reason: input.reason }
      : { action: 'reject', reason: input.reason || 'Rejected in bulk' }
  return reviewEach(ctx, ids, review)
}

/**
 * Rejects a proposal and every pending proposal of the workspace of the same kind whose title resembles it. The
 * rejections carry the reason and become patterns the next runs suppress (review-memory.ts).
 */
export async function rejectSimilarProposals(
  ctx: ServiceContext,
  id: string,
  input: RejectSimilarInput,
): Promise<BulkOutcome & { similar: number }> {
  const proposal = await getProposal(ctx, id)
  const { where, params } = selectionWhere(ctx, { status: 'pending', kind: proposal.kind as 'task' | 'atom' })
  const pending = await ctx.database.query<{ id: string; title: string }>(`SELECT id, title FROM task_proposals WHERE ${where}`, params)
  const similar = pending
    .filter((p) => p.id !== proposal.id && titleSimilarity(p.title, proposal.title) >= input.threshold)
    .map((p) => p.id)
  const outcome = await reviewEach(ctx, [proposal.id, ...similar], { action: 'reject', reason: input.reason })
  return { ...outcome, similar: similar.length }
}
