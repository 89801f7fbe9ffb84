// Review of proposals: approve (optionally edited) creates the task or atom linked to its source messages,
// reject records the reason, merge appends the proposal to an existing task with a diff summary. Every action
// updates the run's counters in the same transaction. An approved task proposal is announced (proposalApprovedEvent,
// through the outbox) so that other modules act on it without being called from here (the GitHub connector opens
// an issue for projects that opted in).
import type { ServiceContext } from '../../lib/context.js'
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js'
import { inTransaction, type Queryable } from '../../db/transaction.js'
import { dispatchEvents, recordEvent } from '../../jobs/event-outbox.js'
import { actorLabel, appendToTaskWith, createTaskWith, taskSourceOfSourceType } from '../tasks/index.js'
import { findSourceType } from '../sources/index.js'
import { createAtomWith, embedAtoms } from '../knowledge/index.js'
import type { ProposalEdits, ReviewInput } from './run-schema.js'
import { runProposalApprover } from './kind-proposals.js'
import { getProposal, refreshRunReviewState, toProposalView, type ProposalRow, type ProposalView } from './proposals.js'

/** Recorded in the approval's transaction; payload: ProposalApproved. */
export const proposalApprovedEvent = 'proposals.approved'
export type ProposalApproved = { workspaceId: string; proposalId: string; taskId: string; reasoning: string; sourceMessageIds: string[] }

const editableFields: Array<keyof ProposalEdits> = [
  'title',
  'description',
  'priority',
  'category',
  'tags',
  'dueDate',
  'assignee',
  'projectId',
  'atomType',
]

/** The enum fields hold the task's and atom's values (the views type them as strings): a proposal's own come from
 * task_proposals' enum columns, a reviewer's edits were checked by proposalEditsSchema, a task's from tasks' columns. */
type EnumFields = Required<Pick<ProposalEdits, 'priority' | 'category' | 'atomType'>>

function applyEdits(proposal: ProposalView, edits: ProposalEdits = {}) {
  const original: Record<keyof ProposalEdits, unknown> = {
    title: proposal.title,
    description: proposal.description,
    priority: proposal.priority,
    category: proposal.category,
    tags: proposal.tags,
    dueDate: proposal.dueDate,
    assignee: proposal.assigneeName,
    projectId: proposal.project.id,
    atomType: proposal.atomType,
  }
  const final = { ...original }
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const field of editableFields) {
    const value = edits[field]
    if (value === undefined) continue
    const normalised = field === 'dueDate' && value ? new Date(value as string).toISOString() : value
    if (JSON.stringify(normalised) === JSON.stringify(original[field])) continue
    final[field] = normalised
    changes[field] = { from: original[field], to: normalised }
  }
  return { final, changes }
}

async function lockPending(q: Queryable, ctx: ServiceContext, id: string): Promise<ProposalView> {
  const rows = await q.query<ProposalRow>(`SELECT * FROM task_proposals WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [
    id,
    ctx.workspaceId,
  ])
  if (!rows[0]) throw new NotFoundError('Proposal')
  const proposal = toProposalView(rows[0])
  // A held proposal (over its run's volume budget) is reviewed like a pending one when a person opens it.
  if (proposal.status !== 'pending' && proposal.status !== 'held') throw new ConflictError(`The proposal is already ${proposal.status}`)
  return proposal
}

async function approve(q: Queryable, ctx: ServiceContext, proposal: ProposalView, edits: ProposalEdits | undefined, reason?: string) {
  const { final, changes } = applyEdits(proposal, edits)
  let createdTaskId: string | null = null
  let createdAtomId: string | null = null
  if (proposal.kind === 'task') {
    // Seed 002 tasks.source: where the proposal's messages came from (read on this transaction's connection).
    const source = taskSourceOfSourceType(proposal.sourceId ? await findSourceType(q, ctx.workspaceId, proposal.sourceId) : null)
    const task = await createTaskWith(q, ctx, {
      source,
      title: final.title as string,
      description: final.description as string,
      priority: final.priority as EnumFields['priority'],
      category: final.category as EnumFields['category'],
      tags: final.tags as string[],
      dueDate: (final.dueDate as string | null) ?? null,
      assignee: (final.assignee as string | null) ?? null,
      projectId: (final.projectId as string | null) ?? null,
      sourceMessageIds: proposal.sourceMessageIds,
      aiGenerated: true,
      confidence: proposal.confidence,
    })
    for (const sub of proposal.subTasks) {
      await createTaskWith(q, ctx, {
        title: sub.title.slice(0, 500),
        parentTaskId: task.id,
        source,
        projectId: task.projectId,
        priority: task.priority as EnumFields['priority'],
        category: task.category as EnumFields['category'],
        aiGenerated: true,
        confidence: proposal.confidence,
        dueDate: null,
      })
    }
    createdTaskId = task.id
    const approved: ProposalApproved = {
      workspaceId: ctx.workspaceId,
      proposalId: proposal.id,
      taskId: task.id,
      reasoning: proposal.reasoning,
      sourceMessageIds: proposal.sourceMessageIds,
    }
    await recordEvent(q, proposalApprovedEvent, approved)
  } else if (proposal.kind !== 'atom') {
    await runProposalApprover(q, ctx, proposal, {
      title: final.title as string,
      description: final.description as string,
      projectId: (final.projectId as string | null) ?? null,
    })
  } else {
    const atom = await createAtomWith(
      q,
      ctx,
      {
        type: (final.atomType ?? 'insight') as EnumFields['atomType'],
        title: (final.title as string).slice(0, 200),
        content: final.description as string,
        confidence: proposal.confidence,
        meta: { proposalId: proposal.id, runId: proposal.runId, tags: final.tags },
        sourceMessageIds: proposal.sourceMessageIds,
        changeSummary: `Approved from proposal ${proposal.id}`,
      },
      { approved: true },
    )
    createdAtomId = atom.id
  }
  await q.query(
    `UPDATE task_proposals SET status = 'approved', reviewed_by = $2, reviewed_at = now(), review_reason = $3, edited_fields = $4,
       diff_summary = $5, created_task_id = $6, created_atom_id = $7 WHERE id = $1`,
    [
      proposal.id,
      actorLabel(ctx.actor),
      reason ?? null,
      JSON.stringify(Object.keys(changes)),
      Object.keys(changes).length ? JSON.stringify({ edits: changes }) : null,
      createdTaskId,
      createdAtomId,
    ],
  )
}

async function merge(q: Queryable, ctx: ServiceContext, proposal: ProposalView, intoTaskId: string | undefined, reason?: string) {
  if (proposal.kind !== 'task')
    throw new ValidationError('Only task proposals can be merged into a task', [{ path: 'action', message: 'not a task proposal' }])
  const target = intoTaskId ?? proposal.similarity.taskId
  if (!target) {
    throw new ValidationError('Name the task to merge into', [
      { path: 'intoTaskId', message: 'required: the proposal has no similar task' },
    ])
  }
  const appended = `${proposal.title}\n${proposal.description}`.trim()
  const result = await appendToTaskWith(q, ctx, target, {
    appendDescription: appended,
    sourceMessageIds: proposal.sourceMessageIds,
    tags: proposal.tags,
  }).catch((error: unknown) => {
    if (error instanceof NotFoundError) throw new ValidationError('Unknown task', [{ path: 'intoTaskId', message: 'no such task' }])
    throw error
  })
  const diffSummary = {
    intoTaskId: target,
    appendedDescription: appended,
    addedSourceMessages: result.addedMessages,
    addedTags: result.addedTags,
    similarity: proposal.similarity,
  }
  await q.query(
    `UPDATE task_proposals SET status = 'merged', reviewed_by = $2, reviewed_at = now(), review_reason = $3, diff_summary = $4,
       created_task_id = $5 WHERE id = $1`,
    [proposal.id, actorLabel(ctx.actor), reason ?? null, JSON.stringify(diffSummary), target],
  )
}

export async function reviewProposal(ctx: ServiceContext, id: string, input: ReviewInput): Promise<ProposalView> {
  await inTransaction(ctx, async (q) => {
    const proposal = await lockPending(q, ctx, id)
    if (input.action === 'approve') await approve(q, ctx, proposal, input.edits, input.reason)
    else if (input.action === 'merge') await merge(q, ctx, proposal, input.intoTaskId, input.reason)
    else {
      await q.query(
        `UPDATE task_proposals SET status = 'rejected', reviewed_by = $2, reviewed_at = now(), review_reason = $3 WHERE id = $1`,
        [proposal.id, actorLabel(ctx.actor), input.reason],
      )
    }
    await refreshRunReviewState(q, proposal.runId)
  })
  // The approval's event goes out now where this process has a queue; otherwise the workers' dispatcher sends it.
  if (ctx.queue && input.action === 'approve')
    await dispatchEvents(ctx.database, ctx.queue).catch((error) => ctx.log.warn({ err: error }, 'approval event left for the workers'))
  const reviewed = await getProposal(ctx, id)
  if (reviewed.createdAtomId) await embedAtoms(ctx, [reviewed.createdAtomId])
  return reviewed
}
