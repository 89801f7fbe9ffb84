// A workspace's members as people: the memberships come from the workspaces module, names from the users table.
import { asc, inArray } from 'drizzle-orm'
import type { Database } from '../../db/client.js'
import { listMemberships } from '../workspaces/index.js'
import { users } from './users-schema.js'

/** Members ordered by username (as the database orders them), with role and join date. */
export async function listMembers(database: Database, workspaceId: string) {
  const memberships = await listMemberships(database, workspaceId)
  if (memberships.length === 0) return []
  const byUser = new Map(memberships.map((m) => [m.userId, m]))
  const people = await database.db
    .select({ userId: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, [...byUser.keys()]))
    .orderBy(asc(users.username))
  return people.map((person) => {
    const membership = byUser.get(person.userId)!
    return { ...person, role: membership.role, joinedAt: membership.joinedAt.toISOString() }
  })
}
