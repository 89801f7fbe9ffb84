// Analysis runs: create (validated window, config snapshot, enqueued as a job), read, cancel and close.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import type { RawRow } from '../../db/raw-row.js'
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js'
import { findAgent } from '../llm/index.js'
import { actorLabel } from '../tasks/index.js'
import { getProject } from '../projects/index.js'
import { defaultBatching } from './batching.js'
import { defaultProposalsPer25Messages } from './volume-budget.js'
import type { CreateRunInput } from './run-schema.js'
import type { analysisRuns } from './schema.js'

export const runAnalysisJobName = 'analysis.run'

// jsonb fields (config, errors, metrics, suppression) are loose objects: what the worker stored is sent as stored.
export const runViewSchema = z.object({
  id: z.string(),
  status: z.string(),
  triggerType: z.string(),
  triggeredBy: z.string().nullable(),
  timeWindowStart: z.string(),
  timeWindowEnd: z.string(),
  agentId: z.string().nullable(),
  projectId: z.string().nullable(),
  configSnapshot: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  heartbeatAt: z.string().nullable(),
  attempts: z.number().int(),
  cancelRequested: z.boolean(),
  counters: z.object({
    messagesInWindow: z.number(),
    messagesAfterPrefilter: z.number(),
    batchesCreated: z.number(),
    batchesDone: z.number(),
    llmTokensUsed: z.number(),
    costEstimate: z.number(),
    proposalsTotal: z.number(),
    proposalsApproved: z.number(),
    proposalsRejected: z.number(),
    proposalsMerged: z.number(),
    proposalsPending: z.number(),
  }),
  errorLog: z.array(z.looseObject({ at: z.string(), batch: z.number().optional(), message: z.string(), kind: z.string().optional() })),
  accuracyMetrics: z.record(z.string(), z.unknown()).nullable(),
  /** Proposals held back by what reviewers did before (rejected or approved look-alikes), and merges into pending ones. */
  suppression: z.looseObject({
    total: z.number(),
    byReason: z.record(z.string(), z.number()),
    mergedIntoPending: z.number().optional(),
    examples: z.array(z.looseObject({ title: z.string(), reason: z.string() })).optional(),
    heldOverBudget: z.number().optional(),
    budget: z.number().nullable().optional(),
  }),
})
export type RunView = z.infer<typeof runViewSchema>

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString())

/** A row of `SELECT * FROM analysis_runs` (or RETURNING *). */
export type RunRow = RawRow<typeof analysisRuns>

/** execute-run.ts still hands its claimed row over untyped (a plain record); the union goes when it asks for RunRow. */
export function toRunView(row: RunRow | Record<string, unknown>): RunView {
  const r = row as RunRow
  return {
    id: r.id,
    status: r.status,
    triggerType: r.trigger_type,
    triggeredBy: r.triggered_by,
    timeWindowStart: iso(r.time_window_start)!,
    timeWindowEnd: iso(r.time_window_end)!,
    agentId: r.agent_id,
    projectId: r.project_id,
    configSnapshot: r.config_snapshot,
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    completedAt: iso(r.completed_at),
    closedAt: iso(r.closed_at),
    heartbeatAt: iso(r.heartbeat_at),
    attempts: r.attempts,
    cancelRequested: r.cancel_requested_at != null,
    counters: {
      messagesInWindow: r.total_messages_in_window,
      messagesAfterPrefilter: r.messages_after_prefilter,
      batchesCreated: r.batches_created,
      batchesDone: r.batches_done,
      llmTokensUsed: r.llm_tokens_used,
      costEstimate: r.cost_estimate,
      proposalsTotal: r.proposals_total,
      proposalsApproved: r.proposals_approved,
      proposalsRejected: r.proposals_rejected,
      proposalsMerged: r.proposals_merged,
      proposalsPending: r.proposals_pending,
    },
    errorLog: r.error_log ?? [],
    accuracyMetrics: r.accuracy_metrics,
    suppression: r.suppression_report ?? { total: 0, byReason: {} },
  }
}

const unitMs: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

export function resolveWindow(input: Pick<CreateRunInput, 'from' | 'to' | 'since'>, now = new Date()): { from: Date; to: Date } {
  const to = input.to ? new Date(input.to) : now
  const from = input.since
    ? new Date(to.getTime() - Number(input.since.slice(0, -1)) * unitMs[input.since.slice(-1)])
    : new Date(input.from!)
  if (!(from < to)) throw new ValidationError('The window is empty', [{ path: 'from', message: 'must be before to' }])
  return { from, to }
}

export async function createRun(
  ctx: ServiceContext,
  input: CreateRunInput,
  trigger: 'manual' | 'scheduled' | 'api' = 'api',
): Promise<RunView> {
  const window = resolveWindow(input)
  const project = input.projectId ? await getProject(ctx, input.projectId).catch(() => null) : null
  if (input.projectId && !project) throw new ValidationError('Unknown project', [{ path: 'projectId', message: 'no such project' }])
  if (input.agentId) {
    if (!(await findAgent(ctx, input.agentId))) throw new ValidationError('Unknown agent', [{ path: 'agentId', message: 'no such agent' }])
  }
  // The snapshot freezes everything the run depends on, so a later edit of the project or settings does not
  // change how an old run is read.
  const snapshot = {
    batching: { tokenBudget: input.tokenBudget ?? defaultBatching.tokenBudget, gapMinutes: input.gapMinutes ?? defaultBatching.gapMinutes },
    extractAtoms: input.extractAtoms ?? true,
    proposalsPer25Messages: input.proposalsPer25Messages === undefined ? defaultProposalsPer25Messages : input.proposalsPer25Messages,
    sourceIds: input.sourceIds ?? null,
    conversationIds: input.conversationIds ?? null,
    agentId: input.agentId ?? null,
    project: project
      ? {
          id: project.id,
          name: project.name,
          version: project.version,
          keywords: project.keywords,
          glossary: project.glossary,
          priorityRules: project.priorityRules,
        }
      : null,
  }
  const rows = await ctx.database.query<RunRow>(
    `INSERT INTO analysis_runs (workspace_id, trigger_type, triggered_by, time_window_start, time_window_end, agent_id, project_id, config_snapshot)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [
      ctx.workspaceId,
      trigger,
      actorLabel(ctx.actor),
      window.from.toISOString(),
      window.to.toISOString(),
      input.agentId ?? null,
      input.projectId ?? null,
      JSON.stringify(snapshot),
    ],
  )
  const run = toRunView(rows[0])
  await ctx.queue?.send(runAnalysisJobName, { workspaceId: ctx.workspaceId, runId: run.id }, { singletonKey: run.id })
  return run
}

export async function getRun(ctx: ServiceContext, id: string): Promise<RunView> {
  const rows = await ctx.database.query<RunRow>(`SELECT * FROM analysis_runs WHERE id = $1 AND workspace_id = $2`, [id, ctx.workspaceId])
  if (!rows[0]) throw new NotFoundError('Analysis run')
  return toRunView(rows[0])
}

export async function listRuns(ctx: ServiceContext, input: { status?: string; limit: number }): Promise<RunView[]> {
  const params: unknown[] = [ctx.workspaceId, input.limit]
  const status = input.status ? ` AND status = $3` : ''
  if (input.status) params.push(input.status)
  const rows = await ctx.database.query<RunRow>(
    `SELECT * FROM analysis_runs WHERE workspace_id = $1${status} ORDER BY created_at DESC LIMIT $2`,
    params,
  )
  return rows.map(toRunView)
}

/** A pending run is cancelled at once; a running one at its next batch boundary (the executor checks). */
export async function cancelRun(ctx: ServiceContext, id: string): Promise<RunView> {
  const run = await getRun(ctx, id)
  if (run.status === 'pending') {
    await ctx.database.query(
      `UPDATE analysis_runs SET status = 'cancelled', cancel_requested_at = now(), completed_at = now() WHERE id = $1 AND status = 'pending'`,
      [id],
    )
  } else if (run.status === 'running') {
    await ctx.database.query(`UPDATE analysis_runs SET cancel_requested_at = coalesce(cancel_requested_at, now()) WHERE id = $1`, [id])
  } else if (run.status !== 'cancelled') {
    throw new ConflictError(`A ${run.status} run cannot be cancelled`)
  }
  return getRun(ctx, id)
}

/** Closing ends a run's review: allowed once it completed; pending proposals stay pending but the run leaves the queue. */
export async function closeRun(ctx: ServiceContext, id: string): Promise<RunView> {
  const rows = await ctx.database.query(
    `UPDATE analysis_runs SET status = 'closed', closed_at = now() WHERE id = $1 AND workspace_id = $2 AND status IN ('completed', 'reviewed') RETURNING id`,
    [id, ctx.workspaceId],
  )
  if (!rows[0]) {
    const run = await getRun(ctx, id)
    throw new ConflictError(`A ${run.status} run cannot be closed (only completed or reviewed runs)`)
  }
  return getRun(ctx, id)
}
