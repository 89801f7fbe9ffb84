// Creates an API token for a named user in a named workspace (CLI and admin API), respecting the user's role.
import { findWorkspace, membershipRole } from '../workspaces/index.js'
import type { DatabaseContext } from '../../lib/context.js'
import type { Scope } from '../../http/guards.js'
import { ForbiddenError, NotFoundError } from '../../lib/errors.js'
import { createApiToken } from './api-tokens.js'
import { findUserByUsername } from './users.js'

export async function createTokenForUser(
  ctx: DatabaseContext,
  input: { username: string; workspace: string; name: string; scopes: Scope[]; expiresInDays?: number },
) {
  const user = await findUserByUsername(ctx, input.username)
  if (!user) throw new NotFoundError('User')
  const workspace = await findWorkspace(ctx, input.workspace)
  if (!workspace) throw new NotFoundError('Workspace')
  const role = await membershipRole(ctx, workspace.id, user.id)
  if (!role) throw new ForbiddenError(`${user.username} is not a member of ${workspace.slug}`)
  if (role === 'viewer' && input.scopes.some((s) => s !== 'read')) throw new ForbiddenError('Viewers can only hold read tokens')
  if (input.scopes.includes('admin') && role !== 'admin' && role !== 'owner')
    throw new ForbiddenError("Only workspace admins can hold 'admin' tokens")
  return createApiToken(
    { database: ctx.database, workspaceId: workspace.id },
    {
      userId: user.id,
      name: input.name,
      scopes: input.scopes,
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    },
  )
}
