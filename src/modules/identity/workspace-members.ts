// A workspace's members as people: the memberships come from the workspaces module, names from the users table.
import { asc, inArray } from 'drizzle-orm'
import type { ServiceContext } from '../../lib/context.js'
import { listMemberships } from '../workspaces/index.js'
import { users } from './users-schema.js'

/** The workspace's members ordered by username (as the database orders them), with role and join date. */
export async function listMembers(ctx: ServiceContext) {
  const memberships = await listMemberships(ctx)
  if (memberships.length === 0) return []
  const byUser = new Map(memberships.map((m) => [m.userId, m]))
  const people = await ctx.database.db
    .select({ userId: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, [...byUser.keys()]))
    .orderBy(asc(users.username))
  return people.map((person) => {
    const membership = byUser.get(person.userId)!
    return { ...person, role: membership.role, joinedAt: membership.joinedAt.toISOString() }
  })
}
