// GET /api/v1/jobs: the caller's background jobs as pg-boss sees them (state, retries, errors), and
// GET /api/v1/jobs/runs: the audited batch runs (job_runs). Only jobs whose payload names the caller's workspace.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { errorResponses } from '../../http/response-schemas.js'
import type { ServiceContext } from '../../lib/context.js'
import { decodeCursor, encodeCursor, type Page } from '../../lib/pagination.js'
import { readJobTable } from '../../jobs/queue.js'
import { listJobRunRows } from '../../jobs/job-runs.js'

const jobStates = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const

export const jobViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  retryCount: z.number().int(),
  retryLimit: z.number().int(),
  createdOn: z.string(),
  startedOn: z.string().nullable(),
  completedOn: z.string().nullable(),
  /** A failed or retried job's error ({ message }), else null. */
  error: z.unknown(),
})
export type JobView = z.infer<typeof jobViewSchema>

export const jobRunViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  trigger: z.string(),
  /** The run's parameters without file paths. */
  params: z.record(z.string(), z.unknown()).nullable(),
  counters: z.object({ fetched: z.number(), stored: z.number(), updated: z.number(), skipped: z.number(), errors: z.number() }),
  errorLog: z.unknown(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  createdAt: z.string(),
})
export type JobRunView = z.infer<typeof jobRunViewSchema>

type JobRow = {
  id: string
  name: string
  state: string
  retry_count: number
  retry_limit: number
  created_on: Date
  started_on: Date | null
  completed_on: Date | null
  output: unknown
}

export async function listJobs(
  ctx: ServiceContext,
  input: { state?: (typeof jobStates)[number]; name?: string; limit: number; cursor?: string },
): Promise<Page<JobView>> {
  const after = decodeCursor<{ createdOn: string; id: string }>(input.cursor)
  const rows = await readJobTable(
    () =>
      ctx.database.query<JobRow>(
        `SELECT id, name, state::text AS state, retry_count, retry_limit, created_on, started_on, completed_on, output
         FROM pgboss.job
         WHERE data->>'workspaceId' = $1::text
           AND ($2::text IS NULL OR state::text = $2) AND ($3::text IS NULL OR name = $3)
           AND ($4::timestamptz IS NULL OR (created_on, id) < ($4::timestamptz, $5::uuid))
         ORDER BY created_on DESC, id DESC LIMIT $6`,
        [ctx.workspaceId, input.state ?? null, input.name ?? null, after?.createdOn ?? null, after?.id ?? null, input.limit + 1],
      ),
    [] as JobRow[],
  )
  const page = rows.slice(0, input.limit)
  const items = page.map((r) => ({
    id: r.id,
    name: r.name,
    state: r.state,
    retryCount: r.retry_count,
    retryLimit: r.retry_limit,
    createdOn: new Date(r.created_on).toISOString(),
    startedOn: r.started_on ? new Date(r.started_on).toISOString() : null,
    completedOn: r.completed_on ? new Date(r.completed_on).toISOString() : null,
    // pg-boss keeps a failed job's error (message, stack) in output; the stack is for logs, not clients.
    error: r.state === 'failed' || r.state === 'retry' ? errorOf(r.output) : null,
  }))
  const last = page[page.length - 1]
  return {
    items,
    nextCursor:
      rows.length > input.limit && last ? encodeCursor({ createdOn: new Date(last.created_on).toISOString(), id: last.id }) : null,
  }
}

function errorOf(output: unknown): unknown {
  if (output && typeof output === 'object' && 'message' in output) return { message: String(output.message) }
  return output ?? null
}

/** A run's parameters without file paths: where files sit on the server is not the client's business. */
function paramsWithoutPaths(params: Record<string, unknown> | null) {
  if (!params) return params
  const { path: _path, ...rest } = params
  return rest
}

export async function listJobRuns(
  ctx: ServiceContext,
  input: { kind?: string; limit: number; cursor?: string },
): Promise<Page<JobRunView>> {
  const after = decodeCursor<{ createdAt: string; id: string }>(input.cursor)
  const rows = await listJobRunRows(ctx, { kind: input.kind, limit: input.limit + 1, before: after })
  const page = rows.slice(0, input.limit)
  const last = page[page.length - 1]
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      trigger: r.trigger,
      params: paramsWithoutPaths(r.params),
      counters: { fetched: r.fetched, stored: r.stored, updated: r.updated, skipped: r.skipped, errors: r.errors },
      errorLog: r.error_log,
      startedAt: r.started_at ? new Date(r.started_at).toISOString() : null,
      finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    nextCursor:
      rows.length > input.limit && last ? encodeCursor({ createdAt: new Date(last.created_at).toISOString(), id: last.id }) : null,
  }
}

const limitSchema = z.coerce.number().int().min(1).max(200).default(50)

export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: "Background jobs of the caller's workspace (pg-boss state, retries, last error)",
        querystring: z.object({
          state: z.enum(jobStates).optional(),
          name: z.string().max(200).optional(),
          limit: limitSchema,
          cursor: z.string().optional(),
        }),
        response: { 200: z.object({ items: z.array(jobViewSchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return listJobs(request.ctx, request.query)
    },
  )
  app.get(
    '/jobs/runs',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Audited batch runs (job_runs): counters, status and errors',
        querystring: z.object({ kind: z.string().max(200).optional(), limit: limitSchema, cursor: z.string().optional() }),
        response: { 200: z.object({ items: z.array(jobRunViewSchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return listJobRuns(request.ctx, request.query)
    },
  )
}
