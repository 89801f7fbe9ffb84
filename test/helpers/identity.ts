// Test helper: create users (with workspace memberships) and sign them in through the real HTTP API.
import type { FastifyInstance } from 'fastify'
import type { Database } from '../../src/db/client.js'
import type { WorkspaceRole } from '../../src/lib/context.js'
import { createUser } from '../../src/modules/identity/users.js'
import { addMember } from '../../src/modules/workspaces/memberships.js'
import { createOwnedWorkspace } from '../../src/modules/workspaces/service.js'

export const testPassword = 'correct-Horse-battery-9'

let counter = 0
export function uniqueName(prefix = 'user') {
  counter += 1
  return `${prefix}${counter}${Math.random().toString(36).slice(2, 6)}`
}

export async function createTestUser(
  database: Database,
  options: { username?: string; password?: string; email?: string; isAdmin?: boolean; workspaceId?: string; role?: WorkspaceRole } = {},
) {
  const username = options.username ?? uniqueName()
  const user = await createUser(
    { database },
    {
      username,
      password: options.password ?? testPassword,
      email: options.email,
      isAdmin: options.isAdmin,
    },
  )
  if (options.workspaceId)
    await addMember({ database }, { workspaceId: options.workspaceId, userId: user.id, role: options.role ?? 'member' })
  return user
}

export async function createTestWorkspace(database: Database, ownerUserId: string, slug = uniqueName('ws')) {
  return createOwnedWorkspace({ database }, { name: slug, slug, ownerUserId })
}

export type Session = { cookie: string; csrfToken: string; headers: Record<string, string>; userId: string }

/** Logs in over HTTP; `headers` carries the cookie and the CSRF token for mutations. */
export async function login(app: FastifyInstance, username: string, password = testPassword, ip = '10.0.0.1'): Promise<Session> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: ip })
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`)
  const body = response.json()
  const cookie = sessionCookieFrom(response.headers['set-cookie'])
  return { cookie, csrfToken: body.csrfToken, userId: body.user.id, headers: { cookie, 'x-csrf-token': body.csrfToken } }
}

export function sessionCookieFrom(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []
  const found = all.find((c) => c.startsWith('sb_session='))
  if (!found) throw new Error('no session cookie in response')
  return found.split(';')[0]
}
