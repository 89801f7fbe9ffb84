// Task operations: create (with source messages and a stated due date), update with a per-field history,
// list with filters, and append (used when a proposal is merged into an existing task).
import { z } from 'zod'
import type { Actor, ServiceContext } from '../../lib/context.js'
import { NotFoundError, ValidationError } from '../../lib/errors.js'
import { decodeCursor, encodeCursor, type Page } from '../../lib/pagination.js'
import { inTransaction, type Queryable } from '../../db/transaction.js'
import type { RawRow } from '../../db/raw-row.js'
import { findExistingMessageIds, findPersonById, findPersonByName } from '../messages/index.js'
import { projectExists } from '../projects/index.js'
import { entityIdsWithTag, removeEntityTags } from '../tags/index.js'
import { findStatedDueDate } from './due-date.js'
import type { TaskFilters, TaskInput, TaskPatch } from './task-schema.js'
import type { taskHistory, tasks } from './schema.js'

export const taskViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.string(),
  priority: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  source: z.string(),
  kind: z.string(),
  kindDetails: z.record(z.string(), z.string()),
  dueDate: z.string().nullable(),
  assignee: z.object({ personId: z.string().nullable(), userId: z.string().nullable(), name: z.string().nullable() }).nullable(),
  projectId: z.string().nullable(),
  parentTaskId: z.string().nullable(),
  aiGenerated: z.boolean(),
  confidence: z.number().nullable(),
  definitionOfDone: z.string().nullable(),
  createdBy: z.string().nullable(),
  githubIssue: z.object({ repository: z.string(), number: z.number().int(), url: z.string(), openedAt: z.string() }).nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  sourceMessageIds: z.array(z.string()),
})
export type TaskView = z.infer<typeof taskViewSchema>
export const taskDetailSchema = taskViewSchema.extend({ subTasks: z.array(taskViewSchema) })
export type TaskDetail = z.infer<typeof taskDetailSchema>
export const taskHistoryEntrySchema = z.object({
  field: z.string(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  actor: z.string(),
  at: z.string(),
})
export type TaskHistoryEntry = z.infer<typeof taskHistoryEntrySchema>

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString())
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function actorLabel(actor: Actor): string {
  if (actor.kind === 'user' || actor.kind === 'api-token') return `user:${actor.userId}`
  return actor.kind
}

/** What `selectTask` returns: a tasks row with its source messages' ids. */
type TaskRow = RawRow<typeof tasks> & { source_message_ids: string[] }

function toView(r: TaskRow): TaskView {
  const hasAssignee = r.assignee_person_id || r.assignee_user_id || r.assignee_name
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    status: r.status,
    priority: r.priority,
    category: r.category,
    tags: r.tags ?? [],
    source: r.source,
    kind: r.kind,
    kindDetails: (r.kind_details ?? {}) as Record<string, string>,
    dueDate: iso(r.due_date),
    assignee: hasAssignee ? { personId: r.assignee_person_id, userId: r.assignee_user_id, name: r.assignee_name } : null,
    projectId: r.project_id,
    parentTaskId: r.parent_task_id,
    aiGenerated: r.ai_generated,
    confidence: r.confidence,
    definitionOfDone: r.definition_of_done,
    createdBy: r.created_by,
    githubIssue: r.github_issue ?? null,
    completedAt: iso(r.completed_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    sourceMessageIds: r.source_message_ids ?? [],
  }
}

const selectTask = `SELECT t.*, coalesce((SELECT jsonb_agg(tm.message_id ORDER BY tm.created_at, tm.message_id)
  FROM task_messages tm WHERE tm.task_id = t.id), '[]'::jsonb) AS source_message_ids FROM tasks t`

/** Resolves "assignee" (person id, user id or a name) into the three assignee columns. */
async function resolveAssignee(q: Queryable, workspaceId: string, assignee: string | null | undefined) {
  if (assignee == null) return { personId: null, userId: null, name: null }
  if (uuidPattern.test(assignee)) {
    const person = await findPersonById(q, workspaceId, assignee)
    if (person) return { personId: person.id, userId: null, name: person.displayName }
    return { personId: null, userId: assignee, name: null }
  }
  const person = await findPersonByName(q, workspaceId, assignee.replace(/^@/, ''))
  return { personId: person?.id ?? null, userId: null, name: assignee }
}

async function checkReferences(
  q: Queryable,
  workspaceId: string,
  input: { projectId?: string | null; parentTaskId?: string | null },
  selfId?: string,
) {
  if (input.projectId) {
    if (!(await projectExists(q, workspaceId, input.projectId)))
      throw new ValidationError('Unknown project', [{ path: 'projectId', message: 'no such project' }])
  }
  if (input.parentTaskId) {
    if (input.parentTaskId === selfId)
      throw new ValidationError('A task cannot be its own parent', [{ path: 'parentTaskId', message: 'self' }])
    const rows = await q.query(`SELECT 1 FROM tasks WHERE id = $1 AND workspace_id = $2`, [input.parentTaskId, workspaceId])
    if (!rows[0]) throw new ValidationError('Unknown parent task', [{ path: 'parentTaskId', message: 'no such task' }])
  }
}

export async function linkTaskMessages(q: Queryable, workspaceId: string, taskId: string, messageIds: string[]): Promise<number> {
  if (messageIds.length === 0) return 0
  const existing = await findExistingMessageIds(q, workspaceId, messageIds)
  if (existing.length === 0) return 0
  const rows = await q.query<{ message_id: string }>(
    `INSERT INTO task_messages (workspace_id, task_id, message_id)
     SELECT $1, $2, value::uuid FROM jsonb_array_elements_text($3::jsonb)
     ON CONFLICT DO NOTHING RETURNING message_id`,
    [workspaceId, taskId, JSON.stringify(existing)],
  )
  return rows.length
}

async function recordHistory(q: Queryable, workspaceId: string, taskId: string, actor: string, changes: Array<[string, unknown, unknown]>) {
  if (changes.length === 0) return
  await q.query(
    `INSERT INTO task_history (workspace_id, task_id, field, old_value, new_value, actor)
     SELECT $1, $2, c.field, c.old_value, c.new_value, $3
     FROM jsonb_to_recordset($4::jsonb) AS c(field text, old_value jsonb, new_value jsonb)`,
    [workspaceId, taskId, actor, JSON.stringify(changes.map(([field, o, n]) => ({ field, old_value: o ?? null, new_value: n ?? null })))],
  )
}

/** Creates a task inside an existing transaction (the review service approves a proposal this way). */
export async function createTaskWith(q: Queryable, ctx: ServiceContext, input: TaskInput, reference?: Date): Promise<TaskView> {
  await checkReferences(q, ctx.workspaceId, input)
  if (input.sourceMessageIds?.length) {
    const found = await findExistingMessageIds(q, ctx.workspaceId, input.sourceMessageIds)
    if (found.length !== new Set(input.sourceMessageIds).size)
      throw new ValidationError('Unknown source message', [{ path: 'sourceMessageIds', message: 'some messages do not exist' }])
  }
  const assignee = await resolveAssignee(q, ctx.workspaceId, input.assignee)
  const due =
    input.dueDate !== undefined
      ? input.dueDate
      : (findStatedDueDate(`${input.title}\n${input.description ?? ''}`, reference)?.toISOString() ?? null)
  const actor = actorLabel(ctx.actor)
  const status = input.status ?? 'open'
  const rows = await q.query(
    `INSERT INTO tasks (workspace_id, title, description, status, priority, category, tags, due_date, assignee_person_id,
       assignee_user_id, assignee_name, project_id, parent_task_id, ai_generated, confidence, definition_of_done, created_by,
       source, kind, kind_details, completed_at)
     VALUES ($1, $2, $3, $4::task_status, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
       CASE WHEN $4::task_status = 'done' THEN now() END)
     RETURNING id`,
    [
      ctx.workspaceId,
      input.title,
      input.description ?? '',
      status,
      input.priority ?? 'medium',
      input.category ?? 'chore',
      JSON.stringify(input.tags ?? []),
      due,
      assignee.personId,
      assignee.userId,
      assignee.name,
      input.projectId ?? null,
      input.parentTaskId ?? null,
      input.aiGenerated ?? false,
      input.confidence ?? null,
      input.definitionOfDone ?? null,
      actor,
      input.source ?? 'manual',
      input.kind ?? 'task',
      JSON.stringify(input.kindDetails ?? {}),
    ],
  )
  const id = rows[0].id as string
  await linkTaskMessages(q, ctx.workspaceId, id, input.sourceMessageIds ?? [])
  await recordHistory(q, ctx.workspaceId, id, actor, [['created', null, { title: input.title, status }]])
  return getTaskWith(q, ctx.workspaceId, id)
}

export async function createTask(ctx: ServiceContext, input: TaskInput): Promise<TaskView> {
  return inTransaction(ctx, (q) => createTaskWith(q, ctx, input))
}

async function getTaskWith(q: Queryable, workspaceId: string, id: string): Promise<TaskView> {
  const rows = await q.query<TaskRow>(`${selectTask} WHERE t.id = $1 AND t.workspace_id = $2`, [id, workspaceId])
  if (!rows[0]) throw new NotFoundError('Task')
  return toView(rows[0])
}

export async function getTask(ctx: ServiceContext, id: string): Promise<TaskDetail> {
  const task = await getTaskWith(ctx.database, ctx.workspaceId, id)
  const subTasks = await ctx.database.query<TaskRow>(
    `${selectTask} WHERE t.parent_task_id = $1 AND t.workspace_id = $2 ORDER BY t.created_at`,
    [id, ctx.workspaceId],
  )
  return { ...task, subTasks: subTasks.map(toView) }
}

const patchColumns: Record<string, string> = {
  title: 'title',
  description: 'description',
  status: 'status',
  priority: 'priority',
  category: 'category',
  tags: 'tags',
  dueDate: 'due_date',
  projectId: 'project_id',
  parentTaskId: 'parent_task_id',
  definitionOfDone: 'definition_of_done',
  confidence: 'confidence',
  kind: 'kind',
  kindDetails: 'kind_details',
}

/** Applies a patch inside a transaction; one history row per field whose value really changed. */
export async function updateTaskWith(q: Queryable, ctx: ServiceContext, id: string, patch: TaskPatch): Promise<TaskView> {
  const current = (
    await q.query<RawRow<typeof tasks>>(`SELECT * FROM tasks WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [id, ctx.workspaceId])
  )[0]
  if (!current) throw new NotFoundError('Task')
  await checkReferences(q, ctx.workspaceId, patch, id)
  const before = toView({ ...current, source_message_ids: [] })
  const sets: string[] = []
  const values: unknown[] = []
  const changes: Array<[string, unknown, unknown]> = []
  for (const [key, column] of Object.entries(patchColumns)) {
    const value = (patch as Record<string, unknown>)[key]
    if (value === undefined) continue
    const old = (before as Record<string, unknown>)[key]
    const normalised = key === 'dueDate' && value ? new Date(value as string).toISOString() : value
    if (JSON.stringify(old) === JSON.stringify(normalised)) continue
    values.push(key === 'tags' || key === 'kindDetails' ? JSON.stringify(value) : value)
    sets.push(`${column} = $${values.length + 2}`)
    changes.push([key, old, normalised])
  }
  if (patch.assignee !== undefined) {
    const assignee = await resolveAssignee(q, ctx.workspaceId, patch.assignee)
    const next = assignee.personId || assignee.userId || assignee.name ? assignee : null
    if (JSON.stringify(before.assignee) !== JSON.stringify(next)) {
      values.push(assignee.personId, assignee.userId, assignee.name)
      const n = values.length + 2
      sets.push(`assignee_person_id = $${n - 2}`, `assignee_user_id = $${n - 1}`, `assignee_name = $${n}`)
      changes.push(['assignee', before.assignee, next])
    }
  }
  if (changes.length === 0) return getTaskWith(q, ctx.workspaceId, id)
  if (patch.status && patch.status !== before.status) {
    // completed_at follows the status: set when a task becomes done, cleared when it is reopened.
    sets.push(patch.status === 'done' ? 'completed_at = now()' : 'completed_at = NULL')
  }
  await q.query(`UPDATE tasks SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [
    id,
    ctx.workspaceId,
    ...values,
  ])
  await recordHistory(q, ctx.workspaceId, id, actorLabel(ctx.actor), changes)
  return getTaskWith(q, ctx.workspaceId, id)
}

export async function updateTask(ctx: ServiceContext, id: string, patch: TaskPatch): Promise<TaskView> {
  return inTransaction(ctx, (q) => updateTaskWith(q, ctx, id, patch))
}

/** Merges new evidence into a task: appends text to its description and links more source messages. */
export async function appendToTaskWith(
  q: Queryable,
  ctx: ServiceContext,
  id: string,
  input: { appendDescription?: string; sourceMessageIds?: string[]; tags?: string[] },
): Promise<{ task: TaskView; addedMessages: number; addedTags: string[] }> {
  const current = await getTaskWith(q, ctx.workspaceId, id)
  const addedTags = (input.tags ?? []).filter((t) => !current.tags.includes(t))
  const patch: TaskPatch = {}
  if (input.appendDescription?.trim()) {
    patch.description = current.description ? `${current.description}\n\n${input.appendDescription.trim()}` : input.appendDescription.trim()
  }
  if (addedTags.length) patch.tags = [...current.tags, ...addedTags]
  await updateTaskWith(q, ctx, id, patch)
  const addedMessages = await linkTaskMessages(q, ctx.workspaceId, id, input.sourceMessageIds ?? [])
  if (addedMessages > 0)
    await recordHistory(q, ctx.workspaceId, id, actorLabel(ctx.actor), [['sourceMessages', null, { added: addedMessages }]])
  return { task: await getTaskWith(q, ctx.workspaceId, id), addedMessages, addedTags }
}

export async function deleteTask(ctx: ServiceContext, id: string): Promise<void> {
  await inTransaction(ctx, async (q) => {
    const rows = await q.query(`DELETE FROM tasks WHERE id = $1 AND workspace_id = $2 RETURNING id`, [id, ctx.workspaceId])
    if (!rows[0]) throw new NotFoundError('Task')
    await removeEntityTags(q, ctx.workspaceId, 'task', id)
  })
}

/** Whether the workspace has this task (the tags module checks ids this way). */
export async function taskExists(q: Queryable, workspaceId: string, id: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM tasks WHERE id = $1 AND workspace_id = $2`, [id, workspaceId])).length > 0
}

/** Moves the tasks assigned to one person onto another (two people merged into one), with a history row each. */
export async function reassignPersonTasksWith(
  q: Queryable,
  ctx: ServiceContext,
  from: string,
  to: { id: string; displayName: string },
): Promise<number> {
  const moved = await q.query<{ id: string }>(
    `UPDATE tasks SET assignee_person_id = $3, assignee_name = $4, updated_at = now()
     WHERE workspace_id = $1 AND assignee_person_id = $2 RETURNING id`,
    [ctx.workspaceId, from, to.id, to.displayName],
  )
  for (const task of moved) {
    await recordHistory(q, ctx.workspaceId, task.id, actorLabel(ctx.actor), [['assignee', { personId: from }, { personId: to.id }]])
  }
  return moved.length
}

export async function listTasks(ctx: ServiceContext, filters: TaskFilters): Promise<Page<TaskView>> {
  const params: unknown[] = [ctx.workspaceId]
  const where = ['t.workspace_id = $1']
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value)
    where.push(clause(params.length))
  }
  if (filters.status) add((n) => `t.status = $${n}`, filters.status)
  if (filters.priority) add((n) => `t.priority = $${n}`, filters.priority)
  if (filters.category) add((n) => `t.category = $${n}`, filters.category)
  if (filters.projectId) add((n) => `t.project_id = $${n}`, filters.projectId)
  if (filters.parentTaskId) add((n) => `t.parent_task_id = $${n}`, filters.parentTaskId)
  if (filters.assignee) {
    add(
      (n) => `(t.assignee_person_id::text = $${n} OR t.assignee_user_id::text = $${n} OR lower(t.assignee_name) = lower($${n}))`,
      filters.assignee,
    )
  }
  if (filters.kind) add((n) => `t.kind = $${n}`, filters.kind)
  if (filters.source) add((n) => `t.source = $${n}`, filters.source)
  if (filters.tag) {
    const tagged = await entityIdsWithTag(ctx, 'task', filters.tag)
    params.push(tagged, filters.tag)
    where.push(`(t.id = ANY($${params.length - 1}::uuid[]) OR t.tags ? $${params.length})`)
  }
  if (filters.q) add((n) => `(t.title ILIKE $${n} OR t.description ILIKE $${n})`, `%${filters.q.replace(/[%_\\]/g, '\\$&')}%`)
  const after = decodeCursor<{ t: string; id: string }>(filters.cursor)
  if (after) {
    params.push(after.t, after.id)
    where.push(`(t.created_at, t.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`)
  }
  params.push(filters.limit + 1)
  const rows = await ctx.database.query<TaskRow>(
    `${selectTask} WHERE ${where.join(' AND ')} ORDER BY t.created_at DESC, t.id DESC LIMIT $${params.length}`,
    params,
  )
  const items = rows.slice(0, filters.limit).map(toView)
  const last = items[items.length - 1]
  return { items, nextCursor: rows.length > filters.limit && last ? encodeCursor({ t: last.createdAt, id: last.id }) : null }
}

export async function getTaskHistory(ctx: ServiceContext, id: string): Promise<TaskHistoryEntry[]> {
  await getTaskWith(ctx.database, ctx.workspaceId, id)
  const rows = await ctx.database.query<Pick<RawRow<typeof taskHistory>, 'field' | 'old_value' | 'new_value' | 'actor' | 'at'>>(
    `SELECT field, old_value, new_value, actor, at FROM task_history WHERE task_id = $1 AND workspace_id = $2 ORDER BY at, id`,
    [id, ctx.workspaceId],
  )
  return rows.map((r) => ({ field: r.field, oldValue: r.old_value, newValue: r.new_value, actor: r.actor, at: iso(r.at)! }))
}

/** Open tasks' titles and descriptions, for similarity checks of new proposals. */
export async function listTasksForSimilarity(ctx: ServiceContext, limit = 2000) {
  const rows = await ctx.database.query<TaskRow>(
    `${selectTask} WHERE t.workspace_id = $1 AND t.status NOT IN ('cancelled') ORDER BY t.created_at DESC LIMIT $2`,
    [ctx.workspaceId, limit],
  )
  return rows.map(toView)
}
