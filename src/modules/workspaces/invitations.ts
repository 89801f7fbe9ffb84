// Invitations: an owner or admin creates a one-time link token (shown once, stored hashed) with a role;
// the person who accepts it becomes a member with that role.
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm'
import type { WorkspaceRole, DatabaseContext, ServiceContext } from '../../lib/context.js'
import { hashToken, randomToken } from '../../lib/crypto.js'
import { ForbiddenError, NotFoundError } from '../../lib/errors.js'
import { addMember } from './memberships.js'
import { workspaceInvitations, workspaces } from './schema.js'

export const invitationTtlSeconds = 7 * 24 * 60 * 60
const rank: Record<WorkspaceRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 }

type InvitationRow = typeof workspaceInvitations.$inferSelect

function describeInvitation(row: InvitationRow) {
  return {
    id: row.id,
    role: row.role,
    username: row.username,
    expiresAt: row.expiresAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }
}

/** Invites into the caller's workspace (ctx.workspaceId). */
export async function createInvitation(
  ctx: ServiceContext,
  input: { actorRole: WorkspaceRole; invitedBy: string | null; role: WorkspaceRole; username?: string | null },
) {
  if (rank[input.actorRole] < rank.admin) throw new ForbiddenError('Only workspace owners and admins can invite')
  if (rank[input.role] > rank[input.actorRole]) throw new ForbiddenError('You cannot invite with a role above your own')
  const token = randomToken()
  const [row] = await ctx.database.db
    .insert(workspaceInvitations)
    .values({
      workspaceId: ctx.workspaceId,
      tokenHash: hashToken(token),
      role: input.role,
      username: input.username?.trim().toLowerCase() ?? null,
      invitedBy: input.invitedBy,
      expiresAt: new Date(Date.now() + invitationTtlSeconds * 1000),
    })
    .returning()
  return { ...describeInvitation(row), token }
}

export async function listInvitations(ctx: ServiceContext) {
  const rows = await ctx.database.db
    .select()
    .from(workspaceInvitations)
    .where(eq(workspaceInvitations.workspaceId, ctx.workspaceId))
    .orderBy(desc(workspaceInvitations.createdAt))
  return rows.map(describeInvitation)
}

export async function revokeInvitation(ctx: ServiceContext, invitationId: string) {
  const [row] = await ctx.database.db
    .update(workspaceInvitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(workspaceInvitations.id, invitationId),
        eq(workspaceInvitations.workspaceId, ctx.workspaceId),
        isNull(workspaceInvitations.acceptedAt),
        isNull(workspaceInvitations.revokedAt),
      ),
    )
    .returning()
  if (!row) throw new NotFoundError('Open invitation')
  return describeInvitation(row)
}

/** Consumes the invitation (once) and adds the membership; an existing membership keeps its role. */
export async function acceptInvitation(ctx: DatabaseContext, input: { token: string; userId: string; username: string }) {
  const now = new Date()
  const [row] = await ctx.database.db
    .update(workspaceInvitations)
    .set({ acceptedAt: now, acceptedBy: input.userId })
    .where(
      and(
        eq(workspaceInvitations.tokenHash, hashToken(input.token)),
        isNull(workspaceInvitations.acceptedAt),
        isNull(workspaceInvitations.revokedAt),
        gt(workspaceInvitations.expiresAt, now),
        or(isNull(workspaceInvitations.username), eq(workspaceInvitations.username, input.username.toLowerCase())),
      ),
    )
    .returning()
  // One answer for unknown, used, revoked, expired and someone else's invitation.
  if (!row) throw new NotFoundError('Invitation')
  const role = await addMember(ctx, { workspaceId: row.workspaceId, userId: input.userId, role: row.role })
  const [workspace] = await ctx.database.db.select().from(workspaces).where(eq(workspaces.id, row.workspaceId))
  return { workspace: { id: workspace.id, name: workspace.name, slug: workspace.slug }, role }
}
