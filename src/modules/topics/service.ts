// Topics CRUD (seed 0 topics): unique names per workspace (case-insensitive), colours normalised to #RRGGBB.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js'
import { countMessagesByTopic } from '../messages/index.js'
import { normaliseColor, pickColor } from './colors.js'
import { isUniqueViolation } from '../../db/unique-violation.js'

export const topicViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  icon: z.string().nullable(),
  color: z.string(),
  keywords: z.array(z.string()),
  /** Messages the classifier put in this topic. */
  messageCount: z.number().int(),
  /** Messages a person labelled with this topic (ground truth). */
  labelledCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type TopicView = z.infer<typeof topicViewSchema>

export type CreateTopicInput = { name: string; description?: string; icon?: string | null; color?: string | null; keywords?: string[] }
export type UpdateTopicInput = Partial<CreateTopicInput>

const columns = `t.id, t.name, t.description, t.icon, t.color, t.keywords, t.created_at, t.updated_at,
  (SELECT count(*)::int FROM message_topic_labels l WHERE l.topic_id = t.id) AS labelled_count`

type TopicRow = {
  id: string
  name: string
  description: string
  icon: string | null
  color: string
  keywords: string[] | null
  created_at: string | Date
  updated_at: string | Date
  message_count?: number
  labelled_count?: number
}

/** Adds each topic's message count (the messages module counts its rows). */
async function withMessageCounts(ctx: ServiceContext, rows: TopicRow[]): Promise<TopicRow[]> {
  if (rows.length === 0) return rows
  const counts = await countMessagesByTopic(
    ctx,
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({ ...r, message_count: counts.get(r.id) ?? 0 }))
}

function toView(r: TopicRow): TopicView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    icon: r.icon,
    color: r.color,
    keywords: r.keywords ?? [],
    messageCount: r.message_count ?? 0,
    labelledCount: r.labelled_count ?? 0,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  }
}

function cleanName(name: string): string {
  const trimmed = name.trim()
  if (!trimmed) throw new ValidationError('Topic name is empty', [{ path: 'name', message: 'must not be empty' }])
  return trimmed
}

/** Keywords are compared case-insensitively by the classifier; store them trimmed, lower-cased, without repeats. */
function cleanKeywords(keywords: string[] | undefined): string[] {
  return [...new Set((keywords ?? []).map((k) => k.trim().toLowerCase()).filter(Boolean))]
}

export async function listTopics(ctx: ServiceContext): Promise<TopicView[]> {
  const rows = await ctx.database.query<TopicRow>(`SELECT ${columns} FROM topics t WHERE t.workspace_id = $1 ORDER BY lower(t.name)`, [
    ctx.workspaceId,
  ])
  return (await withMessageCounts(ctx, rows)).map(toView)
}

export async function getTopic(ctx: ServiceContext, id: string): Promise<TopicView> {
  const rows = await ctx.database.query<TopicRow>(`SELECT ${columns} FROM topics t WHERE t.id = $1 AND t.workspace_id = $2`, [
    id,
    ctx.workspaceId,
  ])
  if (!rows[0]) throw new NotFoundError('Topic')
  return toView((await withMessageCounts(ctx, rows))[0])
}

export async function createTopic(ctx: ServiceContext, input: CreateTopicInput): Promise<TopicView> {
  const name = cleanName(input.name)
  let color: string
  if (input.color) color = normaliseColor(input.color)
  else {
    const used = await ctx.database.query<{ color: string }>(`SELECT color FROM topics WHERE workspace_id = $1`, [ctx.workspaceId])
    color = pickColor(
      used.map((u) => u.color),
      name,
    )
  }
  try {
    const rows = await ctx.database.query<{ id: string }>(
      `INSERT INTO topics (workspace_id, name, description, icon, color, keywords)
       VALUES ($1, $2, $3, $4, $5, $6::text[]) RETURNING id`,
      [ctx.workspaceId, name, input.description?.trim() ?? '', input.icon ?? null, color, cleanKeywords(input.keywords)],
    )
    await recordTopicChange(ctx, rows[0].id, 'Topic created')
    return getTopic(ctx, rows[0].id)
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`A topic named '${name}' already exists`, { path: 'name' })
    throw error
  }
}

export async function updateTopic(ctx: ServiceContext, id: string, input: UpdateTopicInput): Promise<TopicView> {
  const current = await getTopic(ctx, id)
  const name = input.name !== undefined ? cleanName(input.name) : current.name
  const color = input.color ? normaliseColor(input.color) : current.color
  try {
    await ctx.database.query(
      `UPDATE topics SET name = $3, description = $4, icon = $5, color = $6, keywords = $7::text[], updated_at = now()
       WHERE id = $1 AND workspace_id = $2`,
      [
        id,
        ctx.workspaceId,
        name,
        input.description !== undefined ? input.description.trim() : current.description,
        input.icon !== undefined ? input.icon : current.icon,
        color,
        input.keywords !== undefined ? cleanKeywords(input.keywords) : current.keywords,
      ],
    )
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`A topic named '${name}' already exists`, { path: 'name' })
    throw error
  }
  const changed = (Object.keys(input) as Array<keyof UpdateTopicInput>).filter((k) => input[k] !== undefined)
  if (changed.length > 0) await recordTopicChange(ctx, id, `Changed ${changed.join(', ')}`)
  return getTopic(ctx, id)
}

/** Seed 0: every change to a topic writes an immutable numbered version (kept by the knowledge module). */
async function recordTopicChange(ctx: ServiceContext, topicId: string, summary: string) {
  // Imported when needed, so that loading topics never pulls the knowledge module's imports into a cycle.
  const { recordTopicVersion } = await import('../knowledge/index.js')
  await recordTopicVersion(ctx, topicId, summary)
}

/** Deleting a topic clears it from messages (FK set null) and drops its ground-truth labels. */
export async function deleteTopic(ctx: ServiceContext, id: string): Promise<void> {
  const deleted = await ctx.database.query(`DELETE FROM topics WHERE id = $1 AND workspace_id = $2 RETURNING id`, [id, ctx.workspaceId])
  if (deleted.length === 0) throw new NotFoundError('Topic')
}
