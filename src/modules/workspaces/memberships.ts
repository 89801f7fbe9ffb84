// Who belongs to which workspace with which role. Every authenticated request resolves its role here.
import { and, asc, count, eq } from 'drizzle-orm'
import type { WorkspaceRole, DatabaseContext, ServiceContext } from '../../lib/context.js'
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.js'
import { workspaceMemberships, workspaces } from './schema.js'

/** The user's role in a workspace, or null. Takes the workspace id because authentication asks before a workspace is chosen. */
export async function membershipRole(ctx: DatabaseContext, workspaceId: string, userId: string): Promise<WorkspaceRole | null> {
  const [row] = await ctx.database.db
    .select({ role: workspaceMemberships.role })
    .from(workspaceMemberships)
    .where(and(eq(workspaceMemberships.workspaceId, workspaceId), eq(workspaceMemberships.userId, userId)))
  return row?.role ?? null
}

/** The workspaces a user belongs to, oldest membership first (the first is the fallback active workspace). */
export async function listUserWorkspaces(ctx: DatabaseContext, userId: string) {
  return ctx.database.db
    .select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug, role: workspaceMemberships.role })
    .from(workspaceMemberships)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMemberships.workspaceId))
    .where(eq(workspaceMemberships.userId, userId))
    .orderBy(asc(workspaceMemberships.createdAt), asc(workspaces.name))
}

/** Adds the membership, or keeps the existing one (no silent role change). Returns the role in force. Signup and the
 * admin tools add people to the default workspace before anyone works in it, hence the explicit workspace id. */
export async function addMember(
  ctx: DatabaseContext,
  input: { workspaceId: string; userId: string; role: WorkspaceRole },
): Promise<WorkspaceRole> {
  await ctx.database.db.insert(workspaceMemberships).values(input).onConflictDoNothing()
  return (await membershipRole(ctx, input.workspaceId, input.userId))!
}

/** The workspace's memberships; identity adds who the people are (workspace-members.ts). */
export async function listMemberships(ctx: ServiceContext) {
  return ctx.database.db
    .select({ userId: workspaceMemberships.userId, role: workspaceMemberships.role, joinedAt: workspaceMemberships.createdAt })
    .from(workspaceMemberships)
    .where(eq(workspaceMemberships.workspaceId, ctx.workspaceId))
}

const rank: Record<WorkspaceRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 }

/**
 * Role changes and removals: admins manage members and viewers; only owners touch admins and owners;
 * the last owner can be neither demoted nor removed (a workspace must keep someone who can manage it).
 */
export async function changeMemberRole(
  ctx: ServiceContext,
  input: { actorRole: WorkspaceRole; userId: string; role: WorkspaceRole | null },
) {
  const { database, workspaceId } = ctx
  const current = await membershipRole(ctx, workspaceId, input.userId)
  if (!current) throw new NotFoundError('Member')
  const highest = Math.max(rank[current], input.role ? rank[input.role] : 0)
  if (rank[input.actorRole] < rank.admin || (highest >= rank.admin && input.actorRole !== 'owner')) {
    throw new ForbiddenError('Only owners can change admins and owners; admins manage members and viewers')
  }
  if (current === 'owner' && input.role !== 'owner') {
    const [owners] = await database.db
      .select({ n: count() })
      .from(workspaceMemberships)
      .where(and(eq(workspaceMemberships.workspaceId, workspaceId), eq(workspaceMemberships.role, 'owner')))
    if (Number(owners.n) <= 1) throw new ConflictError('A workspace must keep at least one owner')
  }
  const where = and(eq(workspaceMemberships.workspaceId, workspaceId), eq(workspaceMemberships.userId, input.userId))
  if (input.role) await database.db.update(workspaceMemberships).set({ role: input.role }).where(where)
  else await database.db.delete(workspaceMemberships).where(where)
}
