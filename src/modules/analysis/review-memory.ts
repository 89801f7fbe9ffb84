// Learning from review: before a run stores its proposals, each draft is compared with what people already did.
// Similar to a rejected proposal of the same workspace and source -> suppressed (counted, with the rejection's
// reason); similar to an approved one -> suppressed as a repeat; similar to a pending one -> its source messages
// are added to that pending proposal instead of a second card; similar to another draft of the same run -> one
// proposal with both drafts' messages. Similarity is over titles' content terms, so wording must really repeat.
import type { ServiceContext } from '../../lib/context.js'
import type { RawRow } from '../../db/raw-row.js'
import { contentTerms, termOverlap } from '../local-analyser/index.js'
import type { SuppressionReport, taskProposals } from './schema.js'
import type { ProposalDraft } from './build-proposals.js'

/** Term Jaccard of two titles from which they count as the same proposal. */
export const sameProposalThreshold = 0.6
/** How many past reviewed proposals a run compares against (newest first). */
const memoryDepth = 3000

type Remembered = {
  id: string
  kind: string
  title: string
  terms: Set<string>
  sourceId: string | null
  reason: string | null
  sourceMessageIds: string[]
}
export type ReviewMemory = { rejected: Remembered[]; approved: Remembered[]; pending: Remembered[] }

const termsOf = (title: string) => new Set(contentTerms(title))

export function titleSimilarity(a: string, b: string): number {
  return termOverlap(termsOf(a), termsOf(b))
}

export async function loadReviewMemory(ctx: ServiceContext): Promise<ReviewMemory> {
  const rows = await ctx.database.query<
    Pick<RawRow<typeof taskProposals>, 'id' | 'kind' | 'title' | 'source_id' | 'review_reason' | 'status' | 'source_message_ids'>
  >(
    `(SELECT id, kind, title, source_id, review_reason, status, source_message_ids FROM task_proposals
       WHERE workspace_id = $1 AND status IN ('rejected', 'approved', 'merged') ORDER BY reviewed_at DESC NULLS LAST LIMIT $2)
     UNION ALL
     (SELECT id, kind, title, source_id, review_reason, status, source_message_ids FROM task_proposals
       WHERE workspace_id = $1 AND status IN ('pending', 'held') ORDER BY created_at DESC LIMIT $2)`,
    [ctx.workspaceId, memoryDepth],
  )
  const memory: ReviewMemory = { rejected: [], approved: [], pending: [] }
  for (const r of rows) {
    const item: Remembered = {
      id: r.id,
      kind: r.kind,
      title: r.title,
      terms: termsOf(r.title),
      sourceId: r.source_id,
      reason: r.review_reason,
      sourceMessageIds: r.source_message_ids,
    }
    if (item.terms.size === 0) continue
    if (r.status === 'rejected') memory.rejected.push(item)
    // A held proposal (over an earlier run's budget) is still unreviewed: a repeat is merged into it too.
    else if (r.status === 'pending' || r.status === 'held') memory.pending.push(item)
    else memory.approved.push(item)
  }
  return memory
}

export type Screened = {
  keep: ProposalDraft[]
  /** Pending proposals (of earlier runs) that gain source messages instead of a new card. */
  mergeIntoPending: Array<{ proposalId: string; sourceMessageIds: string[] }>
  suppressed: Array<{ title: string; reason: string }>
}

function mostSimilar(terms: Set<string>, kind: string, candidates: Remembered[], sourceId: string | null): Remembered | null {
  let best: Remembered | null = null
  let bestScore = sameProposalThreshold
  for (const candidate of candidates) {
    if (candidate.kind !== kind) continue
    // Rejections are remembered per source: a pattern rejected in one community says nothing about another.
    if (candidate.sourceId && sourceId && candidate.sourceId !== sourceId) continue
    const score = termOverlap(terms, candidate.terms)
    if (score >= bestScore) {
      best = candidate
      bestScore = score
    }
  }
  return best
}

/** Proposals a batch stored become pending memory for the run's later batches. */
export function rememberPending(memory: ReviewMemory, stored: Array<{ id: string; kind: string; title: string; sourceId: string | null }>) {
  for (const p of stored) memory.pending.push({ ...p, terms: termsOf(p.title), reason: null, sourceMessageIds: [] })
}

/** Applies the memory to one batch's drafts (in order), also merging near-identical drafts of the batch. */
export function screenDrafts(drafts: ProposalDraft[], memory: ReviewMemory, sourceId: string | null): Screened {
  const screened: Screened = { keep: [], mergeIntoPending: [], suppressed: [] }
  const kept: Array<{ draft: ProposalDraft; terms: Set<string> }> = []
  for (const draft of drafts) {
    const terms = termsOf(draft.title)
    const rejected = mostSimilar(terms, draft.kind, memory.rejected, sourceId)
    if (rejected) {
      screened.suppressed.push({ title: draft.title, reason: `rejected before: ${rejected.reason ?? 'no reason given'}` })
      continue
    }
    const approved = mostSimilar(terms, draft.kind, memory.approved, sourceId)
    if (approved) {
      screened.suppressed.push({ title: draft.title, reason: 'repeats an approved proposal' })
      continue
    }
    const pending = mostSimilar(terms, draft.kind, memory.pending, null)
    if (pending) {
      screened.mergeIntoPending.push({ proposalId: pending.id, sourceMessageIds: draft.sourceMessageIds })
      continue
    }
    const twin = kept.find((k) => k.draft.kind === draft.kind && termOverlap(k.terms, terms) >= sameProposalThreshold)
    if (twin) {
      twin.draft.sourceMessageIds = [...new Set([...twin.draft.sourceMessageIds, ...draft.sourceMessageIds])]
      twin.draft.messageCount = twin.draft.sourceMessageIds.length
      continue
    }
    kept.push({ draft, terms })
    screened.keep.push(draft)
  }
  return screened
}

/** Adds a batch's suppressions to the run's report (counts per reason, the first few examples). */
export function addToReport(report: SuppressionReport, screened: Screened): SuppressionReport {
  const byReason = { ...report.byReason }
  for (const s of screened.suppressed) byReason[s.reason] = (byReason[s.reason] ?? 0) + 1
  const examples = [...(report.examples ?? []), ...screened.suppressed].slice(0, 10)
  return {
    total: report.total + screened.suppressed.length,
    byReason,
    mergedIntoPending: (report.mergedIntoPending ?? 0) + screened.mergeIntoPending.length,
    examples,
  }
}
