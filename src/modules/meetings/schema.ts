// Recorded meetings (seed 002 `meetings`): the meeting's own facts and what analysis drew from it. Its speaker turns
// are messages of a 'meetings' source (one conversation per meeting, one message per turn), so they are chunked,
// searched and cited like any chat; seed 002's meeting_chunks are those messages' chunks.
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../workspaces/schema.js'
import { conversations } from '../messages/schema.js'

/** Seed 002's processing_status lifecycle. */
export const meetingStatuses = ['pending', 'transcribing', 'extracted', 'failed'] as const
export type MeetingStatus = (typeof meetingStatuses)[number]

export type MeetingAttendee = { name: string; role: string | null; personId: string | null; turns: number }
export type MeetingActionItem = {
  task: string
  assignee: string | null
  /** ISO date parsed from the words ("by Friday"), or null. */
  deadline: string | null
  /** The review-inbox proposal this item became (analysis module's task_proposals). */
  proposalId: string | null
}

export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    durationSeconds: integer('duration_seconds'),
    /** The uploaded file's name (seed 002 recording_path); the content hash, not the name, makes a re-import a no-op. */
    sourceFile: text('source_file').notNull(),
    contentHash: text('content_hash').notNull(),
    /** vtt, srt, json, text, or audio (transcribed). */
    format: text('format').notNull(),
    status: text('status').$type<MeetingStatus>().notNull().default('pending'),
    processingError: text('processing_error'),
    summary: text('summary').notNull().default(''),
    attendees: jsonb('attendees').$type<MeetingAttendee[]>().notNull().default([]),
    decisions: jsonb('decisions').$type<string[]>().notNull().default([]),
    topics: jsonb('topics').$type<string[]>().notNull().default([]),
    actionItems: jsonb('action_items').$type<MeetingActionItem[]>().notNull().default([]),
    /** Who wrote the summary: a provider model or 'local-analyser'. */
    analysisModel: text('analysis_model'),
    turnCount: integer('turn_count').notNull().default(0),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('meetings_workspace_content_hash_idx').on(t.workspaceId, t.contentHash),
    index('meetings_workspace_recorded_at_idx').on(t.workspaceId, t.recordedAt),
  ],
)
