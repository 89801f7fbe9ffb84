// One analysis schedule per workspace: how often the `analysis.run-due-schedules` job starts a run, over which
// window, project and agent. next_run_at is the claim: a worker fires a schedule only by moving it forward.
import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../workspaces/schema.js'
import { projects } from '../projects/schema.js'
import { agentConfigs } from '../llm/schema.js'
import { analysisRuns } from './schema.js'

export const analysisSchedules = pgTable(
  'analysis_schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .unique()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    enabled: boolean('enabled').notNull().default(true),
    intervalMinutes: integer('interval_minutes').notNull().default(1440),
    /** A duration in the format of a run's `since` ("24h", "7d"): each scheduled run covers this much, ending at its start. */
    timeWindow: text('time_window').notNull().default('48h'),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
    agentId: uuid('agent_id').references(() => agentConfigs.id, { onDelete: 'set null' }),
    extractAtoms: boolean('extract_atoms').notNull().default(true),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }),
    lastRunId: uuid('last_run_id').references(() => analysisRuns.id, { onDelete: 'set null' }),
    /** Null while disabled. */
    nextRunAt: timestamp('next_run_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('analysis_schedules_interval_min', sql`${t.intervalMinutes} >= 15`),
    index('analysis_schedules_due_idx')
      .on(t.nextRunAt)
      .where(sql`${t.enabled}`),
  ],
)
