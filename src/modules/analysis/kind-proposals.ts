// Proposals of kinds other than task and atom (seed 002 pending_* tables: a document's project, ...): the module that
// owns the thing proposes through proposeOfKind and registers what approving does (registerProposalApprover), so
// they are reviewed in the one inbox, API, CLI and Telegram prompts while analysis knows nothing of files.
import type { ServiceContext } from '../../lib/context.js'
import { ConflictError } from '../../lib/errors.js'
import { inTransaction, type Queryable } from '../../db/transaction.js'
import { originRun } from './email-proposals.js'
import { refreshRunReviewState, type ProposalView } from './proposals.js'
import type { proposalKinds } from './schema.js'

export type OtherProposalKind = Exclude<(typeof proposalKinds)[number], 'task' | 'atom'>

/** What the reviewer decided, after edits: the project may be changed before approving. */
export type ApprovedValues = { title: string; description: string; projectId: string | null }
export type ProposalApprover = (q: Queryable, ctx: ServiceContext, proposal: ProposalView, approved: ApprovedValues) => Promise<void>

const approvers = new Map<OtherProposalKind, ProposalApprover>()

/** Called once at import time by the owning module. */
export function registerProposalApprover(kind: OtherProposalKind, approver: ProposalApprover): void {
  approvers.set(kind, approver)
}

export async function runProposalApprover(q: Queryable, ctx: ServiceContext, proposal: ProposalView, approved: ApprovedValues) {
  const approver = approvers.get(proposal.kind as OtherProposalKind)
  if (!approver) throw new ConflictError(`Proposals of kind ${proposal.kind} cannot be approved in this process (its module is not loaded)`)
  await approver(q, ctx, proposal, approved)
}

export type KindProposalInput = {
  kind: OtherProposalKind
  /** Names the run that collects these proposals (config_snapshot.origin), e.g. 'document-classification'. */
  origin: string
  title: string
  description: string
  confidence: number
  reasoning: string
  proposedProjectId: string | null
  sourceMessageIds: string[]
  conversationId: string | null
  sourceId: string | null
  sentAt: Date
}

/** A pending proposal of the kind in the origin's open run; returns its id. */
export async function proposeOfKind(ctx: ServiceContext, input: KindProposalInput): Promise<string> {
  return inTransaction(ctx, async (q) => {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`proposals:${ctx.workspaceId}:${input.origin}`])
    const runId = await originRun(q, ctx, input.origin, input.sentAt)
    const [row] = await q.query<{ id: string }>(
      `INSERT INTO task_proposals (workspace_id, run_id, kind, title, description, source_message_ids, message_count, confidence,
         reasoning, conversation_id, source_id, proposed_project_id, project_classification_confidence)
       VALUES ($1, $2, $3::proposal_kind, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $8) RETURNING id`,
      [
        ctx.workspaceId,
        runId,
        input.kind,
        input.title.slice(0, 500),
        input.description,
        JSON.stringify(input.sourceMessageIds),
        input.sourceMessageIds.length,
        Math.max(0, Math.min(1, input.confidence)),
        input.reasoning,
        input.conversationId,
        input.sourceId,
        input.proposedProjectId,
      ],
    )
    await refreshRunReviewState(q, runId)
    return row.id
  })
}
