// Request shapes of analysis runs and reviews, shared by the API and the CLI.
import { z } from 'zod'
import { analysisRunStatuses, proposalKinds, proposalStatuses } from './schema.js'
import { atomTypes } from '../knowledge/index.js'
import { taskCategories, taskPriorities } from '../tasks/index.js'

/** "90m", "12h", "7d", "2w": a window ending now. */
export const sinceSchema = z.string().regex(/^\d{1,4}[mhdw]$/, 'a duration such as 90m, 12h, 7d or 2w')

export const createRunSchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    since: sinceSchema.optional(),
    projectId: z.uuid().optional(),
    agentId: z.uuid().optional(),
    /** Restrict the window to some sources or conversations. */
    sourceIds: z.array(z.uuid()).max(100).optional(),
    conversationIds: z.array(z.uuid()).max(1000).optional(),
    extractAtoms: z.boolean().optional(),
    /** Volume budget: proposals surfaced per 25 analysed messages (default 1); the rest are held. null = no budget. */
    proposalsPer25Messages: z.number().min(0.1).max(25).nullable().optional(),
    tokenBudget: z.number().int().min(500).max(200_000).optional(),
    gapMinutes: z.number().int().min(1).max(10_080).optional(),
    /** Who started it: `manual` when the CLI asks a server on a person's behalf; `scheduled` is the scheduler's alone. */
    triggerType: z.enum(['manual', 'api']).optional(),
  })
  .refine((v) => v.since || v.from, { message: 'give since, or from (and optionally to)', path: ['since'] })
export type CreateRunInput = z.infer<typeof createRunSchema>

export const runFiltersSchema = z.object({
  status: z.enum(analysisRunStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

/** What selects proposals: shared by the list, the groups, bulk review by filter and the CLI. Filtering happens in SQL. */
export const proposalSelectionSchema = z.object({
  runId: z.uuid().optional(),
  status: z.enum(proposalStatuses).optional(),
  kind: z.enum(proposalKinds).optional(),
  projectId: z.uuid().optional(),
  sourceId: z.uuid().optional(),
  conversationId: z.uuid().optional(),
  /** Confidence at least this ... */
  minConfidence: z.coerce.number().min(0).max(1).optional(),
  /** ... and below this (`signalbox review --below 0.5`). */
  belowConfidence: z.coerce.number().min(0).max(1).optional(),
  /** The first characters of a proposal id (at least 4 hex digits), as printed by the CLI. */
  idPrefix: z
    .string()
    .regex(/^[0-9a-f-]{4,36}$/i, 'at least 4 hex digits of a proposal id')
    .optional(),
})
export type ProposalSelection = z.infer<typeof proposalSelectionSchema>

export const proposalFiltersSchema = proposalSelectionSchema.extend({
  sort: z.enum(['created', 'confidence']).default('created'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})
export type ProposalFilters = z.infer<typeof proposalFiltersSchema>

export const proposalGroupsSchema = proposalSelectionSchema.extend({
  by: z.enum(['run', 'conversation']).default('conversation'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
export type ProposalGroupsInput = z.infer<typeof proposalGroupsSchema>

/** Fields a reviewer may change before approving (edit-then-approve). */
export const proposalEditsSchema = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  description: z.string().max(100_000).optional(),
  priority: z.enum(taskPriorities).optional(),
  category: z.enum(taskCategories).optional(),
  tags: z.array(z.string().min(1).max(100)).max(50).optional(),
  dueDate: z.iso.datetime({ offset: true }).nullable().optional(),
  assignee: z.string().min(1).max(200).nullable().optional(),
  projectId: z.uuid().nullable().optional(),
  atomType: z.enum(atomTypes).optional(),
})
export type ProposalEdits = z.infer<typeof proposalEditsSchema>

export const reviewSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), edits: proposalEditsSchema.optional(), reason: z.string().max(2000).optional() }),
  z.object({ action: z.literal('reject'), reason: z.string().min(1).max(2000) }),
  z.object({ action: z.literal('merge'), intoTaskId: z.uuid().optional(), reason: z.string().max(2000).optional() }),
])
export type ReviewInput = z.infer<typeof reviewSchema>

/** Bulk review of a selection (ids) or of everything a filter selects (a whole group), with one reason. */
export const bulkReviewSchema = z
  .object({
    proposalIds: z.array(z.uuid()).min(1).max(500).optional(),
    /** A filter reviews pending proposals, or held ones with `status: 'held'`; reviewed ones are never selected. */
    filter: proposalSelectionSchema
      .omit({ status: true })
      .extend({ status: z.enum(['pending', 'held']).optional() })
      .optional(),
    action: z.enum(['approve', 'reject']),
    reason: z.string().max(2000).optional(),
  })
  .refine((v) => !!v.proposalIds !== !!v.filter, { message: 'give proposalIds or filter, not both', path: ['proposalIds'] })
  .refine((v) => !v.filter || Object.values(v.filter).some((x) => x !== undefined), {
    message: 'a filter must select something (runId, conversationId, belowConfidence, ...)',
    path: ['filter'],
  })
export type BulkReviewInput = z.infer<typeof bulkReviewSchema>

export const rejectSimilarSchema = z.object({
  reason: z.string().min(1).max(2000),
  /** Title similarity (term Jaccard) from which a pending proposal counts as similar. */
  threshold: z.number().min(0.2).max(1).default(0.5),
})
export type RejectSimilarInput = z.infer<typeof rejectSimilarSchema>
