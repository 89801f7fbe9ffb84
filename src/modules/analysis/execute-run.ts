// Executes one analysis run: claim it, prefilter the window, batch, extract, store proposals batch by batch.
// Each batch commits its proposals, the messages' included_in_runs and the counters in one transaction, so a
// run that dies mid-way resumes with the messages it has not analysed yet (they are not included in any run).
import type { ServiceContext } from '../../lib/context.js'
import { inTransaction } from '../../db/transaction.js'
import {
  findConversationSourceId,
  loadRunWindowMessages,
  lockMessagesTakenByOtherRuns,
  markMessagesIncludedInRun,
  type RunWindowMessage,
} from '../messages/index.js'
import { scoreMessages } from '../noise/index.js'
import { getProject, listProjects, type ProjectView } from '../projects/index.js'
import { listTasksForSimilarity } from '../tasks/index.js'
import { batchMessages, defaultBatching, type Batch, type BatchingOptions } from './batching.js'
import { buildProposals } from './build-proposals.js'
import { extractFromBatch } from './extract.js'
import { getRun, toRunView, type RunView } from './runs.js'
import type { RunError, SuppressionReport } from './schema.js'
import { applyVolumeBudget, defaultProposalsPer25Messages } from './volume-budget.js'
import { addToReport, loadReviewMemory, rememberPending, screenDrafts, type ReviewMemory, type Screened } from './review-memory.js'

/** A running run whose heartbeat is older than this belongs to a worker that died. */
export const staleAfterSeconds = 300

export type RunProgress = { run: RunView; batch?: { index: number; total: number; proposals: number } }
export type ExecuteOptions = { onProgress?: (progress: RunProgress) => void | Promise<void>; staleAfterSeconds?: number }

type Snapshot = {
  batching?: BatchingOptions
  extractAtoms?: boolean
  sourceIds?: string[] | null
  conversationIds?: string[] | null
  agentId?: string | null
  project?: { id: string } | null
  /** Absent in runs created before the budget existed: they get the default. */
  proposalsPer25Messages?: number | null
}

const excludedClassifications = new Set(['noise', 'spam'])

/** The prefilter: service events, noise and spam, empty messages, and messages some run already analysed. */
export function passesPrefilter(m: RunWindowMessage): boolean {
  if (m.contentKind === 'service' || !m.content.trim()) return false
  if (excludedClassifications.has(m.analysisStatus) || (m.noiseClassification && excludedClassifications.has(m.noiseClassification)))
    return false
  return m.includedInRuns.length === 0
}

async function claimRun(ctx: ServiceContext, runId: string, staleSeconds: number) {
  const rows = await ctx.database.query(
    `UPDATE analysis_runs SET status = 'running', started_at = coalesce(started_at, now()), heartbeat_at = now(), attempts = attempts + 1
     WHERE id = $1 AND workspace_id = $2 AND cancel_requested_at IS NULL
       AND (status = 'pending' OR (status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $3))))
     RETURNING *`,
    [runId, ctx.workspaceId, staleSeconds],
  )
  return rows[0] ? toRunView(rows[0]) : null
}

async function appendError(ctx: ServiceContext, runId: string, error: RunError) {
  await ctx.database.query(`UPDATE analysis_runs SET error_log = error_log || $2::jsonb, heartbeat_at = now() WHERE id = $1`, [
    runId,
    JSON.stringify([error]),
  ])
}

async function finish(ctx: ServiceContext, runId: string, status: 'completed' | 'failed' | 'cancelled') {
  await ctx.database.query(
    `UPDATE analysis_runs SET status = $2, completed_at = now(), heartbeat_at = now() WHERE id = $1 AND status = 'running'`,
    [runId, status],
  )
}

/** Scores messages the noise job has not reached yet, so the prefilter sees every message's class. */
async function scoreUnscored(ctx: ServiceContext, messages: RunWindowMessage[]) {
  const ids = messages.filter((m) => m.noiseClassification === null && m.analysisStatus === 'pending').map((m) => m.id)
  for (let i = 0; i < ids.length; i += 1000) await scoreMessages(ctx, { messageIds: ids.slice(i, i + 1000) })
  return ids.length
}

async function existingProposalSets(ctx: ServiceContext, messageIds: string[]): Promise<string[][]> {
  if (messageIds.length === 0) return []
  const rows = await ctx.database.query<{ source_message_ids: string[] }>(
    `SELECT source_message_ids FROM task_proposals
     WHERE workspace_id = $1 AND kind = 'task' AND source_message_ids ?| (SELECT array_agg(value) FROM jsonb_array_elements_text($2::jsonb))`,
    [ctx.workspaceId, JSON.stringify(messageIds)],
  )
  return rows.map((r) => r.source_message_ids)
}

type StoredProposal = { id: string; kind: string; title: string; sourceId: string | null }

async function storeBatch(
  ctx: ServiceContext,
  runId: string,
  batch: Batch,
  screened: Screened,
  sourceId: string | null,
  report: SuppressionReport,
  usage: { tokens: number; costUsd: number },
): Promise<StoredProposal[]> {
  const allDrafts = screened.keep
  return inTransaction(ctx, async (q) => {
    // Another run over an overlapping window may have taken some of these messages while this batch was with
    // the model: lock them, and drop the proposals that rest on messages another run already analysed.
    const taken = await lockMessagesTakenByOtherRuns(
      q,
      batch.messages.map((m) => m.id),
      runId,
    )
    const drafts = allDrafts.filter((d) => !d.sourceMessageIds.some((id) => taken.has(id)))
    let stored: StoredProposal[] = []
    for (const merge of screened.mergeIntoPending) {
      await q.query(
        `UPDATE task_proposals SET source_message_ids = (SELECT jsonb_agg(DISTINCT v) FROM jsonb_array_elements(source_message_ids || $2::jsonb) v),
           message_count = (SELECT count(DISTINCT v)::int FROM jsonb_array_elements(source_message_ids || $2::jsonb) v)
         WHERE id = $1 AND workspace_id = $3 AND status IN ('pending', 'held')`,
        [merge.proposalId, JSON.stringify(merge.sourceMessageIds), ctx.workspaceId],
      )
    }
    if (drafts.length) {
      const rows = await q.query<{ id: string; kind: string; title: string }>(
        `INSERT INTO task_proposals (workspace_id, run_id, kind, atom_type, title, description, priority, category, tags, sub_tasks,
           due_date, assignee_name, source_message_ids, message_count, time_span_seconds, confidence, reasoning, llm_recommendation,
           similarity_type, similarity_score, similar_task_id, proposed_project_id, project_keywords_matched,
           project_classification_confidence, batch_index, conversation_id, source_id)
         SELECT $1, $2, d.kind::proposal_kind, d.atom_type::atom_type, d.title, d.description, d.priority::task_priority,
           d.category::task_category, d.tags, d.sub_tasks, d.due_date, d.assignee_name, d.source_message_ids, d.message_count,
           d.time_span_seconds, d.confidence, d.reasoning, d.llm_recommendation::llm_recommendation,
           d.similarity_type::similarity_type, d.similarity_score, d.similar_task_id, d.proposed_project_id,
           d.project_keywords_matched, d.project_classification_confidence, d.batch_index, $4::uuid, $5::uuid
         FROM jsonb_to_recordset($3::jsonb) AS d(kind text, atom_type text, title text, description text, priority text, category text,
           tags jsonb, sub_tasks jsonb, due_date timestamptz, assignee_name text, source_message_ids jsonb, message_count int,
           time_span_seconds int, confidence real, reasoning text, llm_recommendation text, similarity_type text,
           similarity_score real, similar_task_id uuid, proposed_project_id uuid, project_keywords_matched jsonb,
           project_classification_confidence real, batch_index int)
         RETURNING id, kind, title`,
        [
          ctx.workspaceId,
          runId,
          JSON.stringify(
            drafts.map((d) => ({
              kind: d.kind,
              atom_type: d.atomType,
              title: d.title,
              description: d.description,
              priority: d.priority,
              category: d.category,
              tags: d.tags,
              sub_tasks: d.subTasks,
              due_date: d.dueDate,
              assignee_name: d.assigneeName,
              source_message_ids: d.sourceMessageIds,
              message_count: d.messageCount,
              time_span_seconds: d.timeSpanSeconds,
              confidence: d.confidence,
              reasoning: d.reasoning,
              llm_recommendation: d.llmRecommendation,
              similarity_type: d.similarityType,
              similarity_score: d.similarityScore,
              similar_task_id: d.similarTaskId,
              proposed_project_id: d.proposedProjectId,
              project_keywords_matched: d.projectKeywordsMatched,
              project_classification_confidence: d.projectClassificationConfidence,
              batch_index: d.batchIndex,
            })),
          ),
          batch.conversationId,
          sourceId,
        ],
      )
      stored = rows.map((r) => ({ ...r, sourceId }))
    }
    await markMessagesIncludedInRun(
      q,
      ctx.workspaceId,
      runId,
      batch.messages.map((m) => m.id),
    )
    await q.query(
      `UPDATE analysis_runs SET batches_done = batches_done + 1, proposals_total = proposals_total + $2,
         proposals_pending = proposals_pending + $2, llm_tokens_used = llm_tokens_used + $3, cost_estimate = cost_estimate + $4,
         heartbeat_at = now(), suppression_report = $5
       WHERE id = $1`,
      [runId, drafts.length, usage.tokens, usage.costUsd, JSON.stringify(report)],
    )
    return stored
  })
}

async function cancelRequested(ctx: ServiceContext, runId: string): Promise<boolean> {
  const rows = await ctx.database.query<{ requested: boolean }>(
    `SELECT cancel_requested_at IS NOT NULL AS requested FROM analysis_runs WHERE id = $1`,
    [runId],
  )
  return rows[0]?.requested ?? true
}

/**
 * Runs (or resumes) a run to its end. Returns the run as it stands when this call stops; a run that another
 * live worker holds, or that already finished, is returned untouched.
 */
export async function executeRun(ctx: ServiceContext, runId: string, options: ExecuteOptions = {}): Promise<RunView> {
  const claimed = await claimRun(ctx, runId, options.staleAfterSeconds ?? staleAfterSeconds)
  if (!claimed) return getRun(ctx, runId)
  const resumed = claimed.attempts > 1
  const snapshot = claimed.configSnapshot as Snapshot
  const report = async (batch?: RunProgress['batch']) => {
    if (options.onProgress) await options.onProgress({ run: await getRun(ctx, runId), batch })
  }
  try {
    const window = {
      from: claimed.timeWindowStart,
      to: claimed.timeWindowEnd,
      sourceIds: snapshot.sourceIds ?? undefined,
      conversationIds: snapshot.conversationIds ?? undefined,
    }
    let messages = await loadRunWindowMessages(ctx, window)
    if ((await scoreUnscored(ctx, messages)) > 0) messages = await loadRunWindowMessages(ctx, window)
    const kept = messages.filter(passesPrefilter)
    const batches = batchMessages(kept, snapshot.batching ?? defaultBatching)
    if (resumed) {
      await ctx.database.query(`UPDATE analysis_runs SET batches_created = batches_done + $2 WHERE id = $1`, [runId, batches.length])
    } else {
      await ctx.database.query(
        `UPDATE analysis_runs SET total_messages_in_window = $2, messages_after_prefilter = $3, batches_created = $4 WHERE id = $1`,
        [runId, messages.length, kept.length, batches.length],
      )
    }
    await report()

    const runProject: ProjectView | null = claimed.projectId ? await getProject(ctx, claimed.projectId).catch(() => null) : null
    const projects = runProject ? [] : await listProjects(ctx, { status: 'active' })
    const existingTasks = (await listTasksForSimilarity(ctx)).map((t) => ({
      id: t.id,
      title: t.title,
      description: t.description,
      sourceMessageIds: t.sourceMessageIds,
    }))
    let failedBatches = 0
    const memory: ReviewMemory = await loadReviewMemory(ctx)
    let suppression: SuppressionReport = claimed.suppression
    const sources = new Map<string, string | null>()

    for (const batch of batches) {
      if (await cancelRequested(ctx, runId)) {
        await finish(ctx, runId, 'cancelled')
        await report()
        return getRun(ctx, runId)
      }
      try {
        const extraction = await extractFromBatch(ctx, batch, {
          runId,
          agentId: snapshot.agentId ?? claimed.agentId,
          extractAtoms: snapshot.extractAtoms ?? true,
          project: runProject ? { name: runProject.name, keywords: runProject.keywords, glossary: runProject.glossary } : null,
          existingTasks,
        })
        if (extraction.dropped > 0) {
          await appendError(ctx, runId, {
            at: new Date().toISOString(),
            batch: batch.index,
            kind: 'unknown_source_messages',
            message: `${extraction.dropped} extracted item(s) named no message of the batch and were dropped`,
          })
        }
        const drafts = await buildProposals(
          {
            config: ctx.config,
            batch,
            runProject,
            projects,
            existingTasks,
            proposedMessageSets: await existingProposalSets(
              ctx,
              batch.messages.map((m) => m.id),
            ),
          },
          extraction,
        )
        if (!sources.has(batch.conversationId)) sources.set(batch.conversationId, await findConversationSourceId(ctx, batch.conversationId))
        const sourceId = sources.get(batch.conversationId) ?? null
        const screened = screenDrafts(drafts, memory, sourceId)
        const nextSuppression = addToReport(suppression, screened)
        const stored = await storeBatch(ctx, runId, batch, screened, sourceId, nextSuppression, extraction)
        suppression = nextSuppression
        rememberPending(memory, stored)
        await report({ index: batch.index, total: batches.length, proposals: stored.length })
      } catch (error) {
        // A failed batch is logged and left unmarked, so a later run over the window analyses its messages again.
        failedBatches++
        const e = error as Error & { code?: string; details?: unknown }
        ctx.log.warn({ err: e, runId, batch: batch.index }, 'analysis batch failed')
        await appendError(ctx, runId, { at: new Date().toISOString(), batch: batch.index, kind: e.code ?? e.name, message: e.message })
        await ctx.database.query(`UPDATE analysis_runs SET batches_done = batches_done + 1 WHERE id = $1`, [runId])
        await report({ index: batch.index, total: batches.length, proposals: 0 })
      }
    }
    const proposalsPer25Messages =
      snapshot.proposalsPer25Messages === undefined ? defaultProposalsPer25Messages : snapshot.proposalsPer25Messages
    await inTransaction(ctx, (q) => applyVolumeBudget(q, { workspaceId: ctx.workspaceId, runId, proposalsPer25Messages }))
    await finish(ctx, runId, batches.length > 0 && failedBatches === batches.length ? 'failed' : 'completed')
  } catch (error) {
    const e = error as Error & { code?: string }
    ctx.log.error({ err: e, runId }, 'analysis run failed')
    await appendError(ctx, runId, { at: new Date().toISOString(), kind: e.code ?? e.name, message: e.message })
    await finish(ctx, runId, 'failed')
  }
  await report()
  return getRun(ctx, runId)
}
