// job_runs (seed 4 job_runs + seed 0 message_ingestion_jobs counters): one audited row per batch of background work.
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../modules/workspaces/schema.js'

export const jobRunStatuses = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const
export type JobRunStatus = (typeof jobRunStatuses)[number]

export const jobRuns = pgTable(
  'job_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    status: text('status').$type<JobRunStatus>().notNull().default('queued'),
    trigger: text('trigger').notNull().default('manual'),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total'),
    fetched: integer('fetched').notNull().default(0),
    stored: integer('stored').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    errors: integer('errors').notNull().default(0),
    errorLog: jsonb('error_log').$type<Array<Record<string, unknown>>>().notNull().default([]),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Touched as a running job makes progress; a stale one means the process running it died. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('job_runs_workspace_created_idx').on(t.workspaceId, t.createdAt)],
)

/**
 * Events written in the same transaction as the change they announce (the transactional outbox), then handed to
 * pg-boss by `dispatchEvents`. A process that dies between its commit and the publish, or a CLI import made
 * while no worker runs, leaves its events here for the next dispatch instead of losing them.
 */
export const eventOutbox = pgTable('event_outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  event: text('event').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  /** Set while a dispatcher publishes the event; an expired claim (the dispatcher died) is taken again. */
  claimedUntil: timestamp('claimed_until', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})
