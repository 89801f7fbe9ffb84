// Goals (seed 002 `goals`) with their linked projects (`project_goals`), scoped to the caller's workspace.
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import { inTransaction, type Queryable } from '../../db/transaction.js'
import type { RawRow } from '../../db/raw-row.js'
import { removeEntityTags } from '../tags/index.js'
import { goalFiltersSchema, goalInputSchema, type GoalFilters, type GoalInput, type GoalPatch, type GoalView } from './note-schema.js'
import { checkProject } from './notes-service.js'
import type { goals } from './schema.js'

type GoalRow = Omit<RawRow<typeof goals>, 'workspace_id'> & { project_ids: string[] }

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString())

function toView(r: GoalRow): GoalView {
  return {
    id: r.id,
    name: r.name,
    category: r.category,
    progress: r.progress,
    targetDate: r.target_date,
    status: r.status,
    notes: r.notes,
    projectIds: r.project_ids ?? [],
    achievedAt: iso(r.achieved_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  }
}

// target_date as text: drivers turn a DATE into a local-time Date, which shifts the day in some time zones.
const selectGoal = `SELECT g.id, g.name, g.category, g.progress, to_char(g.target_date, 'YYYY-MM-DD') AS target_date, g.status, g.notes,
  g.achieved_at, g.created_at, g.updated_at,
  coalesce((SELECT jsonb_agg(pg.project_id ORDER BY pg.created_at, pg.project_id) FROM project_goals pg WHERE pg.goal_id = g.id), '[]'::jsonb)
  AS project_ids FROM goals g`

async function getGoalWith(q: Queryable, workspaceId: string, id: string): Promise<GoalView> {
  const rows = await q.query<GoalRow>(`${selectGoal} WHERE g.id = $1 AND g.workspace_id = $2`, [id, workspaceId])
  if (!rows[0]) throw new NotFoundError('Goal')
  return toView(rows[0])
}

async function linkProjects(q: Queryable, workspaceId: string, goalId: string, projectIds: string[]) {
  const unique = [...new Set(projectIds)]
  for (const [index, projectId] of unique.entries()) await checkProject(q, workspaceId, projectId, `projectIds.${index}`)
  await q.query(`DELETE FROM project_goals WHERE goal_id = $1 AND workspace_id = $2 AND NOT (project_id = ANY($3::uuid[]))`, [
    goalId,
    workspaceId,
    unique,
  ])
  await q.query(`INSERT INTO project_goals (workspace_id, goal_id, project_id) SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`, [
    workspaceId,
    goalId,
    unique,
  ])
}

export async function createGoal(ctx: ServiceContext, input: GoalInput): Promise<GoalView> {
  const goal = goalInputSchema.parse(input)
  return inTransaction(ctx, async (q) => {
    const rows = await q.query<{ id: string }>(
      `INSERT INTO goals (workspace_id, name, category, progress, target_date, status, notes, achieved_at)
       VALUES ($1, $2, $3, $4, $5, $6::goal_status, $7, CASE WHEN $6::goal_status = 'achieved' THEN now() END) RETURNING id`,
      [ctx.workspaceId, goal.name, goal.category ?? null, goal.progress, goal.targetDate ?? null, goal.status, goal.notes],
    )
    await linkProjects(q, ctx.workspaceId, rows[0].id, goal.projectIds)
    return getGoalWith(q, ctx.workspaceId, rows[0].id)
  })
}

export async function getGoal(ctx: ServiceContext, id: string): Promise<GoalView> {
  return getGoalWith(ctx.database, ctx.workspaceId, id)
}

export async function listGoals(ctx: ServiceContext, filters: GoalFilters = {}): Promise<GoalView[]> {
  const f = goalFiltersSchema.parse(filters)
  const params: unknown[] = [ctx.workspaceId]
  const where = ['g.workspace_id = $1']
  if (f.status) where.push(`g.status = $${params.push(f.status)}`)
  if (f.category) where.push(`lower(g.category) = lower($${params.push(f.category)})`)
  if (f.projectId)
    where.push(`EXISTS (SELECT 1 FROM project_goals pg WHERE pg.goal_id = g.id AND pg.project_id = $${params.push(f.projectId)})`)
  const rows = await ctx.database.query<GoalRow>(
    `${selectGoal} WHERE ${where.join(' AND ')}
     ORDER BY g.status = 'active' DESC, g.target_date ASC NULLS LAST, g.created_at DESC`,
    params,
  )
  return rows.map(toView)
}

const patchColumns = {
  name: 'name',
  category: 'category',
  progress: 'progress',
  targetDate: 'target_date',
  status: 'status',
  notes: 'notes',
}

export async function updateGoal(ctx: ServiceContext, id: string, patch: GoalPatch): Promise<GoalView> {
  return inTransaction(ctx, async (q) => {
    const current = await getGoalWith(q, ctx.workspaceId, id)
    const sets: string[] = []
    const values: unknown[] = [id, ctx.workspaceId]
    for (const [key, column] of Object.entries(patchColumns)) {
      const value = (patch as Record<string, unknown>)[key]
      if (value !== undefined) sets.push(`${column} = $${values.push(value)}`)
    }
    // achieved_at records when the goal was reached; reopening it clears the date.
    if (patch.status && patch.status !== current.status)
      sets.push(patch.status === 'achieved' ? 'achieved_at = now()' : 'achieved_at = NULL')
    if (sets.length > 0 || patch.projectIds) {
      sets.push('updated_at = now()')
      await q.query(`UPDATE goals SET ${sets.join(', ')} WHERE id = $1 AND workspace_id = $2`, values)
    }
    if (patch.projectIds) await linkProjects(q, ctx.workspaceId, id, patch.projectIds)
    return getGoalWith(q, ctx.workspaceId, id)
  })
}

export async function deleteGoal(ctx: ServiceContext, id: string): Promise<void> {
  await inTransaction(ctx, async (q) => {
    const rows = await q.query(`DELETE FROM goals WHERE id = $1 AND workspace_id = $2 RETURNING id`, [id, ctx.workspaceId])
    if (!rows[0]) throw new NotFoundError('Goal')
    await removeEntityTags(q, ctx.workspaceId, 'goal', id)
  })
}

export async function goalExists(q: Queryable, workspaceId: string, id: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM goals WHERE id = $1 AND workspace_id = $2`, [id, workspaceId])).length > 0
}
