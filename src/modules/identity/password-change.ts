// Changing one's password: the current password is required, the policy applies, other sessions end.
import type { DatabaseContext } from '../../lib/context.js'
import { UnauthorizedError } from '../../lib/errors.js'
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.js'
import { revokeAllUserSessions } from './sessions.js'
import { getUser, setPasswordHash } from './users.js'

export async function changePassword(
  ctx: DatabaseContext,
  input: { userId: string; currentSessionId: string; currentPassword: string; newPassword: string },
) {
  const user = await getUser(ctx, input.userId)
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new UnauthorizedError('Wrong current password')
  }
  checkPasswordPolicy(input.newPassword, user.username)
  await setPasswordHash(ctx, user.id, await hashPassword(input.newPassword))
  // Whoever else held a session (perhaps the reason for the change) is signed out.
  return { otherSessionsRevoked: await revokeAllUserSessions(ctx, user.id, input.currentSessionId) }
}
