// Workspace lookups, creation, and the default workspace that a fresh install works in.
import { eq, inArray } from 'drizzle-orm'
import type { DatabaseContext, WorkspaceRole } from '../../lib/context.js'
import { ConflictError } from '../../lib/errors.js'
import { addMember } from './memberships.js'
import { workspaceMemberships, workspaces } from './schema.js'

export const defaultWorkspaceSlug = 'default'

export async function ensureDefaultWorkspace(ctx: DatabaseContext): Promise<string> {
  const existing = await ctx.database.db.select().from(workspaces).where(eq(workspaces.slug, defaultWorkspaceSlug))
  if (existing[0]) return existing[0].id
  const [created] = await ctx.database.db
    .insert(workspaces)
    .values({ name: 'Default', slug: defaultWorkspaceSlug })
    .onConflictDoNothing()
    .returning()
  if (created) return created.id
  const again = await ctx.database.db.select().from(workspaces).where(eq(workspaces.slug, defaultWorkspaceSlug))
  return again[0].id
}

/** Signup and the admin tools put new people in the default workspace (created on first use). */
export async function addDefaultWorkspaceMember(ctx: DatabaseContext, input: { userId: string; role: WorkspaceRole }) {
  return addMember(ctx, { workspaceId: await ensureDefaultWorkspace(ctx), ...input })
}

export async function createWorkspace(ctx: DatabaseContext, input: { name: string; slug: string }) {
  const [row] = await ctx.database.db.insert(workspaces).values(input).returning()
  return row
}

/** A workspace created by a person makes that person its owner, in one transaction. */
export async function createOwnedWorkspace(ctx: DatabaseContext, input: { name: string; slug: string; ownerUserId: string }) {
  return ctx.database.db.transaction(async (tx) => {
    const [row] = await tx.insert(workspaces).values({ name: input.name, slug: input.slug }).onConflictDoNothing().returning()
    if (!row) throw new ConflictError(`A workspace with slug '${input.slug}' already exists`, [{ path: 'slug', message: 'taken' }])
    await tx.insert(workspaceMemberships).values({ workspaceId: row.id, userId: input.ownerUserId, role: 'owner' })
    return { id: row.id, name: row.name, slug: row.slug, createdAt: row.createdAt.toISOString() }
  })
}

export async function findWorkspace(ctx: DatabaseContext, idOrSlug: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug)
  const [row] = await ctx.database.db
    .select()
    .from(workspaces)
    .where(isUuid ? eq(workspaces.id, idOrSlug) : eq(workspaces.slug, idOrSlug))
  return row
}

/** Names by id, for reports that label figures per workspace (LLM usage). */
export async function workspaceNames(ctx: DatabaseContext, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map()
  const rows = await ctx.database.db
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(inArray(workspaces.id, ids))
  return new Map(rows.map((r) => [r.id, r.name]))
}

/** Every workspace's id, for periodic jobs that work through each one. */
export async function listWorkspaceIds(ctx: DatabaseContext): Promise<string[]> {
  const rows = await ctx.database.db.select({ id: workspaces.id }).from(workspaces).orderBy(workspaces.createdAt)
  return rows.map((r) => r.id)
}
