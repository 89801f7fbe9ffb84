// Reading and deleting meetings: the list, one meeting with its turns (the conversation's messages) and the review
// status of its action items' proposals; deleting marks its turns deleted the way a source's deleted messages are.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import { listConversationMessages, markMessagesDeleted, upsertSource } from '../messages/index.js'
import { proposalStatusesByIds } from '../analysis/index.js'
import { indexMessages } from '../pipeline/index.js'
import { removeEntityTags } from '../tags/index.js'
import { inTransaction, type Queryable } from '../../db/transaction.js'
import { meetingStatuses, type MeetingActionItem, type MeetingAttendee } from './schema.js'

export const meetingSummaryViewSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  recordedAt: z.string(),
  durationSeconds: z.number().nullable(),
  sourceFile: z.string(),
  format: z.string(),
  status: z.enum(meetingStatuses),
  processingError: z.string().nullable(),
  turnCount: z.number(),
  attendeeCount: z.number(),
  actionItemCount: z.number(),
  createdAt: z.string(),
})
export const meetingViewSchema = meetingSummaryViewSchema.extend({
  summary: z.string(),
  analysisModel: z.string().nullable(),
  conversationId: z.uuid().nullable(),
  attendees: z.array(z.object({ name: z.string(), role: z.string().nullable(), personId: z.uuid().nullable(), turns: z.number() })),
  decisions: z.array(z.string()),
  topics: z.array(z.string()),
  actionItems: z.array(
    z.object({
      task: z.string(),
      assignee: z.string().nullable(),
      deadline: z.string().nullable(),
      proposalId: z.uuid().nullable(),
      /** pending / approved / rejected / merged in the review inbox; null when it made no proposal. */
      proposalStatus: z.string().nullable(),
    }),
  ),
})
export const meetingTurnViewSchema = z.object({
  messageId: z.uuid(),
  sequence: z.number(),
  speaker: z.string().nullable(),
  personId: z.uuid().nullable(),
  /** Seconds from the meeting's start; null when the transcript had no times. */
  startSeconds: z.number().nullable(),
  sentAt: z.string(),
  text: z.string(),
})
export type MeetingView = z.infer<typeof meetingViewSchema>
export type MeetingSummaryView = z.infer<typeof meetingSummaryViewSchema>
export type MeetingTurnView = z.infer<typeof meetingTurnViewSchema>

type MeetingRow = {
  id: string
  title: string
  recorded_at: Date
  duration_seconds: number | null
  source_file: string
  format: string
  status: MeetingView['status']
  processing_error: string | null
  turn_count: number
  attendees: MeetingAttendee[]
  action_items: MeetingActionItem[]
  decisions: string[]
  topics: string[]
  summary: string
  analysis_model: string | null
  conversation_id: string | null
  content_hash: string
  created_at: Date
}

function summaryView(row: MeetingRow): MeetingSummaryView {
  return {
    id: row.id,
    title: row.title,
    recordedAt: new Date(row.recorded_at).toISOString(),
    durationSeconds: row.duration_seconds,
    sourceFile: row.source_file,
    format: row.format,
    status: row.status,
    processingError: row.processing_error,
    turnCount: row.turn_count,
    attendeeCount: row.attendees.length,
    actionItemCount: row.action_items.length,
    createdAt: new Date(row.created_at).toISOString(),
  }
}

export function meetingTurnExternalId(meetingId: string, sequence: number): string {
  return `${meetingId}:${sequence}`
}

export async function findMeetingByHash(ctx: ServiceContext, contentHash: string): Promise<{ id: string; status: string } | null> {
  const [row] = await ctx.database.query<{ id: string; status: string }>(
    `SELECT id, status FROM meetings WHERE workspace_id = $1 AND content_hash = $2`,
    [ctx.workspaceId, contentHash],
  )
  return row ?? null
}

export async function loadMeetingRow(ctx: ServiceContext, id: string): Promise<MeetingRow> {
  const [row] = await ctx.database.query<MeetingRow>(`SELECT * FROM meetings WHERE workspace_id = $1 AND id = $2`, [ctx.workspaceId, id])
  if (!row) throw new NotFoundError('Meeting')
  return row
}

export async function listMeetings(ctx: ServiceContext, input: { limit: number }): Promise<MeetingSummaryView[]> {
  const rows = await ctx.database.query<MeetingRow>(
    `SELECT * FROM meetings WHERE workspace_id = $1 ORDER BY recorded_at DESC, id DESC LIMIT $2`,
    [ctx.workspaceId, input.limit],
  )
  return rows.map(summaryView)
}

export async function getMeeting(ctx: ServiceContext, id: string): Promise<MeetingView> {
  const row = await loadMeetingRow(ctx, id)
  const proposalIds = row.action_items.flatMap((item) => (item.proposalId ? [item.proposalId] : []))
  const statuses = await proposalStatusesByIds(ctx, proposalIds)
  return {
    ...summaryView(row),
    summary: row.summary,
    analysisModel: row.analysis_model,
    conversationId: row.conversation_id,
    attendees: row.attendees,
    decisions: row.decisions,
    topics: row.topics,
    actionItems: row.action_items.map((item) => ({
      ...item,
      proposalStatus: item.proposalId ? (statuses.get(item.proposalId)?.status ?? null) : null,
    })),
  }
}

/** The meeting's speaker turns in spoken order (at most `limit`). */
export async function listMeetingTurns(ctx: ServiceContext, id: string, limit = 5000): Promise<MeetingTurnView[]> {
  const row = await loadMeetingRow(ctx, id)
  if (!row.conversation_id) return []
  const start = new Date(row.recorded_at).getTime()
  const turns: MeetingTurnView[] = []
  let cursor: string | undefined
  do {
    const page = await listConversationMessages(ctx, {
      conversationId: row.conversation_id,
      limit: Math.min(500, limit - turns.length),
      cursor,
    })
    for (const message of page.items) {
      turns.push({
        messageId: message.id,
        sequence: turns.length,
        speaker: message.author?.displayName ?? null,
        personId: message.author?.personId ?? null,
        startSeconds: row.duration_seconds === null ? null : (Date.parse(message.sentAt) - start) / 1000,
        sentAt: message.sentAt,
        text: message.content,
      })
    }
    cursor = page.nextCursor ?? undefined
  } while (cursor && turns.length < limit)
  return turns
}

/** Deletes the meeting; its turns stay as deleted messages (audit), out of search and analysis. */
export async function deleteMeeting(ctx: ServiceContext, id: string): Promise<{ deletedTurns: number }> {
  const row = await loadMeetingRow(ctx, id)
  let deletedTurns = 0
  const turnMessageIds = (await listMeetingTurns(ctx, id)).map((turn) => turn.messageId)
  if (row.turn_count > 0) {
    const sourceId = await upsertSource(ctx.database, ctx.workspaceId, { type: 'meetings', name: 'meetings' })
    const externalIds = Array.from({ length: row.turn_count }, (_, sequence) => meetingTurnExternalId(row.id, sequence))
    deletedTurns = await markMessagesDeleted(ctx, { sourceId, externalIds })
    // Their chunks go now, not when a worker gets to the event: the meeting is gone from search when this answers.
    await indexMessages(ctx, turnMessageIds)
  }
  await inTransaction(ctx, async (q) => {
    await q.query(`DELETE FROM meetings WHERE workspace_id = $1 AND id = $2`, [ctx.workspaceId, id])
    await removeEntityTags(q, ctx.workspaceId, 'meeting', id)
  })
  return { deletedTurns }
}

export async function meetingExists(q: Queryable, workspaceId: string, id: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM meetings WHERE id = $1 AND workspace_id = $2`, [id, workspaceId])).length > 0
}
