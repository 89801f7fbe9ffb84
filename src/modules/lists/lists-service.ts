// Lists and their items, scoped to the caller's workspace; an item is validated against its list's kind
// (item-fields.ts) on create and, merged with what is stored, on every change.
import type { ServiceContext } from '../../lib/context.js'
import { ConflictError, NotFoundError } from '../../lib/errors.js'
import type { RawRow } from '../../db/raw-row.js'
import { itemStatusesByKind, validateItem, type ListItemBody, type ListKind } from './item-fields.js'
import { listInputSchema, type ListInput, type ListItemFilters, type ListItemView, type ListPatch, type ListView } from './list-schema.js'
import type { listItems, lists } from './schema.js'

const iso = (v: unknown) => new Date(v as string).toISOString()

type ListRow = RawRow<typeof lists> & { item_count: number }
type ItemRow = RawRow<typeof listItems>

function toListView(r: ListRow): ListView {
  const statuses = itemStatusesByKind[r.kind]
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    description: r.description,
    itemCount: Number(r.item_count ?? 0),
    statuses: statuses ? [...statuses] : null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }
}

function toItemView(r: ItemRow): ListItemView {
  const d = r.details as Record<string, unknown>
  const pick = <T>(key: string) => (d[key] ?? null) as T | null
  return {
    id: r.id,
    listId: r.list_id,
    title: r.title,
    status: r.status,
    rating: r.rating,
    notes: r.notes,
    mediaType: pick<string>('mediaType'),
    year: pick<number>('year'),
    platform: pick<string>('platform'),
    hoursPlayed: pick<number>('hoursPlayed'),
    fields: (d.fields ?? {}) as ListItemView['fields'],
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }
}

const selectList = `SELECT l.*, (SELECT count(*)::int FROM list_items i WHERE i.list_id = l.id) AS item_count FROM lists l`

function isUniqueViolation(error: unknown) {
  return (error as { code?: string })?.code === '23505'
}

export async function createList(ctx: ServiceContext, input: ListInput): Promise<ListView> {
  const list = listInputSchema.parse(input)
  try {
    const rows = await ctx.database.query<{ id: string }>(
      `INSERT INTO lists (workspace_id, name, kind, description) VALUES ($1, $2, $3, $4) RETURNING id`,
      [ctx.workspaceId, list.name, list.kind, list.description],
    )
    return getList(ctx, rows[0].id)
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`A list named "${list.name}" exists`, [{ path: 'name', message: 'taken' }])
    throw error
  }
}

export async function getList(ctx: ServiceContext, id: string): Promise<ListView> {
  const rows = await ctx.database.query<ListRow>(`${selectList} WHERE l.id = $1 AND l.workspace_id = $2`, [id, ctx.workspaceId])
  if (!rows[0]) throw new NotFoundError('List')
  return toListView(rows[0])
}

/** A list by id or by name (the CLI takes either). */
export async function findList(ctx: ServiceContext, idOrName: string): Promise<ListView> {
  const rows = await ctx.database.query<ListRow>(
    `${selectList} WHERE l.workspace_id = $1 AND (l.id::text = $2 OR lower(l.name) = lower($2))`,
    [ctx.workspaceId, idOrName],
  )
  if (!rows[0]) throw new NotFoundError(`List "${idOrName}"`)
  return toListView(rows[0])
}

export async function listLists(ctx: ServiceContext, filters: { kind?: ListKind } = {}): Promise<ListView[]> {
  const params: unknown[] = [ctx.workspaceId]
  const kind = filters.kind ? ` AND l.kind = $${params.push(filters.kind)}` : ''
  const rows = await ctx.database.query<ListRow>(`${selectList} WHERE l.workspace_id = $1${kind} ORDER BY l.kind, l.name`, params)
  return rows.map(toListView)
}

export async function updateList(ctx: ServiceContext, id: string, patch: ListPatch): Promise<ListView> {
  const current = await getList(ctx, id)
  try {
    await ctx.database.query(`UPDATE lists SET name = $3, description = $4, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [
      id,
      ctx.workspaceId,
      patch.name ?? current.name,
      patch.description ?? current.description,
    ])
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`A list named "${patch.name}" exists`, [{ path: 'name', message: 'taken' }])
    throw error
  }
  return getList(ctx, id)
}

export async function deleteList(ctx: ServiceContext, id: string): Promise<void> {
  const rows = await ctx.database.query(`DELETE FROM lists WHERE id = $1 AND workspace_id = $2 RETURNING id`, [id, ctx.workspaceId])
  if (!rows[0]) throw new NotFoundError('List')
}

export async function addListItem(ctx: ServiceContext, listId: string, body: ListItemBody): Promise<ListItemView> {
  const list = await getList(ctx, listId)
  const item = validateItem(list.kind, body)
  const rows = await ctx.database.query<ItemRow>(
    `INSERT INTO list_items (workspace_id, list_id, title, status, rating, notes, details) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [ctx.workspaceId, list.id, item.title, item.status, item.rating, item.notes, JSON.stringify(item.details)],
  )
  await touchList(ctx, list.id)
  return toItemView(rows[0])
}

export async function listListItems(ctx: ServiceContext, listId: string, filters: ListItemFilters = {}): Promise<ListItemView[]> {
  const list = await getList(ctx, listId)
  const params: unknown[] = [ctx.workspaceId, list.id]
  const where = ['workspace_id = $1', 'list_id = $2']
  if (filters.status) where.push(`status = $${params.push(filters.status)}`)
  if (filters.q) where.push(`(title ILIKE $${params.push(`%${filters.q.replace(/[%_\\]/g, '\\$&')}%`)} OR notes ILIKE $${params.length})`)
  const rows = await ctx.database.query<ItemRow>(
    `SELECT * FROM list_items WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT 2000`,
    params,
  )
  return rows.map(toItemView)
}

async function getItemRow(ctx: ServiceContext, listId: string, itemId: string): Promise<ItemRow> {
  const rows = await ctx.database.query<ItemRow>(`SELECT * FROM list_items WHERE id = $1 AND list_id = $2 AND workspace_id = $3`, [
    itemId,
    listId,
    ctx.workspaceId,
  ])
  if (!rows[0]) throw new NotFoundError('List item')
  return rows[0]
}

/** A change is merged with the stored item and the whole is validated again, so a patch cannot leave an item its
 * kind does not allow (a watchlist item with status "backlog"). A null removes an optional field. */
export async function updateListItem(ctx: ServiceContext, listId: string, itemId: string, patch: ListItemBody): Promise<ListItemView> {
  const list = await getList(ctx, listId)
  const current = await getItemRow(ctx, list.id, itemId)
  const stored = { title: current.title, status: current.status, rating: current.rating, notes: current.notes, ...current.details }
  const merged = Object.fromEntries(Object.entries({ ...stored, ...patch }).filter(([, value]) => value !== null && value !== undefined))
  const item = validateItem(list.kind, merged)
  const rows = await ctx.database.query<ItemRow>(
    `UPDATE list_items SET title = $3, status = $4, rating = $5, notes = $6, details = $7, updated_at = now()
     WHERE id = $1 AND workspace_id = $2 RETURNING *`,
    [itemId, ctx.workspaceId, item.title, item.status, item.rating, item.notes, JSON.stringify(item.details)],
  )
  await touchList(ctx, list.id)
  return toItemView(rows[0])
}

export async function deleteListItem(ctx: ServiceContext, listId: string, itemId: string): Promise<void> {
  const rows = await ctx.database.query(`DELETE FROM list_items WHERE id = $1 AND list_id = $2 AND workspace_id = $3 RETURNING id`, [
    itemId,
    listId,
    ctx.workspaceId,
  ])
  if (!rows[0]) throw new NotFoundError('List item')
  await touchList(ctx, listId)
}

async function touchList(ctx: ServiceContext, listId: string) {
  await ctx.database.query(`UPDATE lists SET updated_at = now() WHERE id = $1 AND workspace_id = $2`, [listId, ctx.workspaceId])
}
