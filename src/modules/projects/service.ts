// Project CRUD, workspace-scoped, plus the keyword classifier that analysis uses to place proposals in a project.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { ConflictError, NotFoundError } from '../../lib/errors.js'
import type { RawRow } from '../../db/raw-row.js'
import { isUniqueViolation } from '../../db/unique-violation.js'
import { inTransaction } from '../../db/transaction.js'
import { entityIdsWithTag, removeEntityTags } from '../tags/index.js'
import type { ProjectInput, ProjectPatch } from './project-schema.js'
import type { projects } from './schema.js'

// The jsonb fields are sent as stored (loose objects): what an older version wrote is not dropped.
export const projectViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  keywords: z.array(z.string()),
  glossary: z.record(z.string(), z.string()),
  components: z.array(z.looseObject({ name: z.string(), description: z.string().optional(), keywords: z.array(z.string()).optional() })),
  defaultAssignees: z.array(z.string()),
  priorityRules: z.looseObject({
    critical: z.array(z.string()).optional(),
    high: z.array(z.string()).optional(),
    low: z.array(z.string()).optional(),
    default: z.string().optional(),
  }),
  pmUserId: z.string().nullable(),
  pmName: z.string().nullable(),
  version: z.string(),
  status: z.string(),
  type: z.string(),
  /** YYYY-MM-DD */
  startDate: z.string().nullable(),
  targetDate: z.string().nullable(),
  githubRepo: z.string().nullable(),
  githubIssues: z.boolean(),
  isActive: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type ProjectView = z.infer<typeof projectViewSchema>

const columns: Record<keyof ProjectInput, { column: string; json?: boolean }> = {
  name: { column: 'name' },
  description: { column: 'description' },
  keywords: { column: 'keywords', json: true },
  glossary: { column: 'glossary', json: true },
  components: { column: 'components', json: true },
  defaultAssignees: { column: 'default_assignees', json: true },
  priorityRules: { column: 'priority_rules', json: true },
  pmUserId: { column: 'pm_user_id' },
  pmName: { column: 'pm_name' },
  version: { column: 'version' },
  status: { column: 'status' },
  type: { column: 'type' },
  startDate: { column: 'start_date' },
  targetDate: { column: 'target_date' },
  githubRepo: { column: 'github_repo' },
  githubIssues: { column: 'github_issues' },
  isActive: { column: 'is_active' },
}

const dateOnly = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10))

/** A row of `SELECT * FROM projects` (or RETURNING *). */
type ProjectRow = RawRow<typeof projects>

function toView(r: ProjectRow): ProjectView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    keywords: r.keywords,
    glossary: r.glossary,
    components: r.components,
    defaultAssignees: r.default_assignees,
    priorityRules: r.priority_rules,
    pmUserId: r.pm_user_id,
    pmName: r.pm_name,
    version: r.version,
    status: r.status,
    type: r.type,
    startDate: dateOnly(r.start_date),
    targetDate: dateOnly(r.target_date),
    githubRepo: r.github_repo,
    githubIssues: r.github_issues,
    isActive: r.is_active,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  }
}

function assignments(input: Partial<ProjectInput>, firstParam: number) {
  const names: string[] = []
  const values: unknown[] = []
  for (const [key, spec] of Object.entries(columns) as [keyof ProjectInput, { column: string; json?: boolean }][]) {
    const value = input[key]
    if (value === undefined) continue
    names.push(spec.column)
    values.push(spec.json ? JSON.stringify(value) : value)
  }
  return { names, values, placeholders: names.map((_, i) => `$${firstParam + i}`) }
}

async function guardUniqueName<T>(work: () => Promise<T>, name?: string): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`A project named '${name}' already exists`, { path: 'name' })
    throw error
  }
}

export async function createProject(ctx: ServiceContext, input: ProjectInput): Promise<ProjectView> {
  const { names, values, placeholders } = assignments(input, 2)
  const rows = await guardUniqueName(
    () =>
      ctx.database.query<ProjectRow>(
        `INSERT INTO projects (workspace_id, ${names.join(', ')}) VALUES ($1, ${placeholders.join(', ')}) RETURNING *`,
        [ctx.workspaceId, ...values],
      ),
    input.name,
  )
  return toView(rows[0])
}

export async function listProjects(ctx: ServiceContext, input: { status?: string; q?: string; tag?: string } = {}): Promise<ProjectView[]> {
  const params: unknown[] = [ctx.workspaceId]
  let where = 'workspace_id = $1'
  if (input.tag) {
    params.push(await entityIdsWithTag(ctx, 'project', input.tag))
    where += ` AND id = ANY($${params.length}::uuid[])`
  }
  if (input.status) {
    params.push(input.status)
    where += ` AND status = $${params.length}`
  }
  if (input.q) {
    params.push(`%${input.q}%`)
    where += ` AND (name ILIKE $${params.length} OR description ILIKE $${params.length})`
  }
  const rows = await ctx.database.query<ProjectRow>(`SELECT * FROM projects WHERE ${where} ORDER BY name`, params)
  return rows.map(toView)
}

export async function getProject(ctx: ServiceContext, id: string): Promise<ProjectView> {
  const rows = await ctx.database.query<ProjectRow>(`SELECT * FROM projects WHERE id = $1 AND workspace_id = $2`, [id, ctx.workspaceId])
  if (!rows[0]) throw new NotFoundError('Project')
  return toView(rows[0])
}

/** Finds a project by id or by (case-insensitive) name, for CLI flags such as `--project X`. */
export async function findProjectByIdOrName(ctx: ServiceContext, idOrName: string): Promise<ProjectView> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrName)
  const rows = await ctx.database.query<ProjectRow>(
    `SELECT * FROM projects WHERE workspace_id = $1 AND (id = $2::uuid OR lower(name) = lower($3))`,
    [ctx.workspaceId, isUuid ? idOrName : null, idOrName],
  )
  if (!rows[0]) throw new NotFoundError(`Project '${idOrName}'`)
  return toView(rows[0])
}

export async function updateProject(ctx: ServiceContext, id: string, patch: ProjectPatch): Promise<ProjectView> {
  const { names, values } = assignments(patch, 3)
  if (names.length === 0) return getProject(ctx, id)
  const set = names.map((n, i) => `${n} = $${i + 3}`).join(', ')
  const rows = await guardUniqueName(
    () =>
      ctx.database.query<ProjectRow>(`UPDATE projects SET ${set}, updated_at = now() WHERE id = $1 AND workspace_id = $2 RETURNING *`, [
        id,
        ctx.workspaceId,
        ...values,
      ]),
    patch.name,
  )
  if (!rows[0]) throw new NotFoundError('Project')
  return toView(rows[0])
}

export async function deleteProject(ctx: ServiceContext, id: string): Promise<void> {
  await inTransaction(ctx, async (q) => {
    const rows = await q.query(`DELETE FROM projects WHERE id = $1 AND workspace_id = $2 RETURNING id`, [id, ctx.workspaceId])
    if (!rows[0]) throw new NotFoundError('Project')
    await removeEntityTags(q, ctx.workspaceId, 'project', id)
  })
}
