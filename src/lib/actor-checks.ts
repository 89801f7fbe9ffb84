// Authorisation decisions on the caller (ctx.actor), taken by services; the HTTP helpers delegate here.
import { ForbiddenError, ValidationError } from './errors.js'
import type { Actor } from './context.js'

export type PersonActor = Extract<Actor, { kind: 'user' | 'api-token' }>

/** A person, via session or API token. */
export function personActor(actor: Actor): PersonActor {
  if (actor.kind !== 'user' && actor.kind !== 'api-token') throw new ValidationError('This needs a user session or a user API token')
  return actor
}

/** The signed-in person behind a session (not an API token, not the local CLI). */
export function sessionActor(actor: Actor): { userId: string; sessionId: string } {
  if (actor.kind !== 'user' || !actor.sessionId) throw new ForbiddenError('This needs a signed-in session (not an API token)')
  return { userId: actor.userId, sessionId: actor.sessionId }
}

/** Instance administration: an admin user (an API token also needs the admin scope), or the local CLI. The user's id,
 * or null for the machine's own actors. */
export function instanceAdminActor(actor: Actor): string | null {
  if (actor.kind === 'local-token' || actor.kind === 'system') return null
  if (actor.kind === 'api-token' && !actor.scopes.includes('admin')) throw new ForbiddenError("This token lacks the 'admin' scope")
  if (!actor.isAdmin) throw new ForbiddenError('Instance administrator required')
  return actor.userId
}

/** An owner or admin of the current workspace (an API token also needs the admin scope). */
export function workspaceAdminActor(actor: Actor): PersonActor {
  const person = personActor(actor)
  if (person.kind === 'api-token' && !person.scopes.includes('admin')) throw new ForbiddenError("This token lacks the 'admin' scope")
  if (person.role !== 'owner' && person.role !== 'admin') throw new ForbiddenError('Workspace admin role required')
  return person
}
