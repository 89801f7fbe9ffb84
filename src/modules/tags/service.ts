// Tag operations: create, list with usage, rename/retype, delete; list entities by tag; and the helpers other modules call (tags of many entities at once, ids carrying a tag, moving links when people merge).
import type { ServiceContext } from '../../lib/context.js'
import { ConflictError, NotFoundError } from '../../lib/errors.js'
import { type Queryable } from '../../db/transaction.js'
import { isUniqueViolation } from '../../db/unique-violation.js'
import type { RawRow } from '../../db/raw-row.js'
import type { TaggableKind, tags } from './schema.js'
import type { EntityTag, TagInput, TagPatch, TagView } from './tag-schema.js'

type TagRow = RawRow<typeof tags> & { usage?: number | string }

const iso = (v: unknown) => new Date(v as string).toISOString()

function toView(r: TagRow): TagView {
  return {
    id: r.id,
    name: r.name,
    type: r.type ?? null,
    description: r.description ?? null,
    usage: Number(r.usage ?? 0),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }
}

async function guardUniqueName<T>(work: () => Promise<T>, name?: string): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`A tag named '${name}' already exists`, [{ path: 'name', message: 'taken' }])
    throw error
  }
}

const selectTag = `SELECT g.*, (SELECT count(*) FROM tag_links l WHERE l.tag_id = g.id) AS usage FROM tags g`

export async function createTag(ctx: ServiceContext, input: TagInput): Promise<TagView> {
  const [row] = await guardUniqueName(
    () =>
      ctx.database.query<TagRow>(`INSERT INTO tags (workspace_id, name, type, description) VALUES ($1, $2, $3, $4) RETURNING *`, [
        ctx.workspaceId,
        input.name,
        input.type ?? null,
        input.description ?? null,
      ]),
    input.name,
  )
  return toView(row)
}

export async function listTags(ctx: ServiceContext, filters: { type?: string; q?: string } = {}): Promise<TagView[]> {
  const params: unknown[] = [ctx.workspaceId]
  let where = 'g.workspace_id = $1'
  if (filters.type) {
    params.push(filters.type)
    where += ` AND g.type = $${params.length}`
  }
  if (filters.q) {
    params.push(`%${filters.q.replace(/[%_\\]/g, '\\$&')}%`)
    where += ` AND g.name ILIKE $${params.length}`
  }
  const rows = await ctx.database.query<TagRow>(`${selectTag} WHERE ${where} ORDER BY lower(g.name)`, params)
  return rows.map(toView)
}

/** A tag by id or by (case-insensitive) name. */
export async function getTag(ctx: ServiceContext, idOrName: string): Promise<TagView> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrName)
  const [row] = await ctx.database.query<TagRow>(
    `${selectTag} WHERE g.workspace_id = $1 AND (g.id = $2::uuid OR lower(g.name) = lower($3))`,
    [ctx.workspaceId, isUuid ? idOrName : null, idOrName],
  )
  if (!row) throw new NotFoundError(`Tag '${idOrName}'`)
  return toView(row)
}

export async function updateTag(ctx: ServiceContext, id: string, patch: TagPatch): Promise<TagView> {
  const current = await getTag(ctx, id)
  await guardUniqueName(
    () =>
      ctx.database.query(`UPDATE tags SET name = $3, type = $4, description = $5, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [
        current.id,
        ctx.workspaceId,
        patch.name ?? current.name,
        patch.type !== undefined ? patch.type : current.type,
        patch.description !== undefined ? patch.description : current.description,
      ]),
    patch.name,
  )
  return getTag(ctx, current.id)
}

export async function deleteTag(ctx: ServiceContext, id: string): Promise<void> {
  const current = await getTag(ctx, id)
  await ctx.database.query(`DELETE FROM tags WHERE id = $1 AND workspace_id = $2`, [current.id, ctx.workspaceId])
}

/** The tag ids of these names, creating the names not known yet (untyped). */
export async function ensureTags(q: Queryable, workspaceId: string, names: string[]): Promise<string[]> {
  const unique = [...new Map(names.map((n) => [n.trim().toLowerCase(), n.trim()])).values()]
  if (unique.length === 0) return []
  await q.query(
    `INSERT INTO tags (workspace_id, name) SELECT $1, value FROM jsonb_array_elements_text($2::jsonb)
     ON CONFLICT (workspace_id, lower(name)) DO NOTHING`,
    [workspaceId, JSON.stringify(unique)],
  )
  const rows = await q.query<{ id: string }>(
    `SELECT id FROM tags WHERE workspace_id = $1 AND lower(name) IN (SELECT lower(value) FROM jsonb_array_elements_text($2::jsonb))`,
    [workspaceId, JSON.stringify(unique)],
  )
  return rows.map((r) => r.id)
}

/** Each entity's tags, by entity id (entities without tags are absent). */
export async function tagsOfEntities(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  kind: TaggableKind,
  entityIds: string[],
): Promise<Map<string, EntityTag[]>> {
  const byEntity = new Map<string, EntityTag[]>()
  if (entityIds.length === 0) return byEntity
  const rows = await ctx.database.query<{ entity_id: string; id: string; name: string; type: EntityTag['type'] }>(
    `SELECT l.entity_id, g.id, g.name, g.type FROM tag_links l JOIN tags g ON g.id = l.tag_id
     WHERE l.workspace_id = $1 AND l.entity_kind = $2 AND l.entity_id = ANY($3::uuid[]) ORDER BY lower(g.name)`,
    [ctx.workspaceId, kind, entityIds],
  )
  for (const row of rows) {
    const list = byEntity.get(row.entity_id) ?? []
    list.push({ id: row.id, name: row.name, type: row.type ?? null })
    byEntity.set(row.entity_id, list)
  }
  return byEntity
}

/** Ids of the workspace's entities of this kind carrying the tag (by name, case-insensitive); [] for an unknown tag. */
export async function entityIdsWithTag(ctx: Pick<ServiceContext, 'database' | 'workspaceId'>, kind: TaggableKind, tagName: string) {
  const rows = await ctx.database.query<{ entity_id: string }>(
    `SELECT l.entity_id FROM tag_links l JOIN tags g ON g.id = l.tag_id
     WHERE l.workspace_id = $1 AND l.entity_kind = $2 AND lower(g.name) = lower($3)`,
    [ctx.workspaceId, kind, tagName],
  )
  return rows.map((r) => r.entity_id)
}

/** Everything carrying the tag, optionally of one kind. */
export async function listEntitiesByTag(ctx: ServiceContext, tagIdOrName: string, kind?: TaggableKind) {
  const tag = await getTag(ctx, tagIdOrName)
  const rows = await ctx.database.query<{ entity_kind: TaggableKind; entity_id: string }>(
    `SELECT entity_kind, entity_id FROM tag_links WHERE workspace_id = $1 AND tag_id = $2 AND ($3::text IS NULL OR entity_kind = $3)
     ORDER BY entity_kind, created_at`,
    [ctx.workspaceId, tag.id, kind ?? null],
  )
  return { tag, items: rows.map((r) => ({ kind: r.entity_kind, entityId: r.entity_id })) }
}

/** Removes an entity's links (its owner calls this when it deletes the entity). */
export async function removeEntityTags(q: Queryable, workspaceId: string, kind: TaggableKind, entityId: string): Promise<void> {
  await q.query(`DELETE FROM tag_links WHERE workspace_id = $1 AND entity_kind = $2 AND entity_id = $3`, [workspaceId, kind, entityId])
}

/** Moves one entity's tags onto another of the same kind (merging two people), keeping the target's own. */
export async function moveEntityTags(q: Queryable, workspaceId: string, kind: TaggableKind, fromId: string, toId: string): Promise<void> {
  await q.query(
    `INSERT INTO tag_links (workspace_id, tag_id, entity_kind, entity_id)
     SELECT workspace_id, tag_id, entity_kind, $4 FROM tag_links WHERE workspace_id = $1 AND entity_kind = $2 AND entity_id = $3
     ON CONFLICT DO NOTHING`,
    [workspaceId, kind, fromId, toId],
  )
  await removeEntityTags(q, workspaceId, kind, fromId)
}
