// The explicit context every service function receives: no singletons, no hidden globals.
import type { Database } from '../db/client.js'
import type { Config } from '../config.js'
import type { Log } from './logger.js'
import type { JobQueue } from '../jobs/queue.js'

export type Actor =
  | { kind: 'system' }
  | { kind: 'local-token' }
  | { kind: 'user'; userId: string; role: WorkspaceRole; sessionId?: string; isAdmin?: boolean }
  | { kind: 'api-token'; userId: string; tokenId: string; role: WorkspaceRole; scopes: string[]; isAdmin?: boolean }

export type WorkspaceRole = 'owner' | 'admin' | 'member' | 'viewer'

/** Where a request came from, for the audit log. */
export type RequestMeta = { ip?: string; userAgent?: string }

/** Instance administration: the local CLI, the system, or an instance-admin user (an API token also needs the admin scope). */
export function isInstanceAdmin(actor: Actor): boolean {
  if (actor.kind === 'local-token' || actor.kind === 'system') return true
  if (actor.kind === 'api-token') return Boolean(actor.isAdmin) && actor.scopes.includes('admin')
  return Boolean(actor.isAdmin)
}

/** The person behind a request (user session or their API token), if any. */
export function actorUserId(actor: Actor): string | null {
  return actor.kind === 'user' || actor.kind === 'api-token' ? actor.userId : null
}

export type ServiceContext = {
  database: Database
  workspaceId: string
  actor: Actor
  log: Log
  config: Config
  /** Present in the server and workers; absent in some unit tests (then nothing is enqueued). */
  queue?: JobQueue
  /** Where an HTTP request came from, for the audit log; absent for the CLI, jobs and tests. */
  origin?: RequestOrigin
}

/** Where a request came from (the same shape the audit log keeps as RequestMeta). */
export type RequestOrigin = RequestMeta

/** Services that are not about one workspace (start-up, admin tools) get this. */
export type SystemContext = Omit<ServiceContext, 'workspaceId' | 'actor'>

/** What instance-wide table accessors need (users, sessions, throttles, the audit log, workspaces, settings): the
 * database alone, no workspace and no actor, because their callers may have neither yet (authentication, login and
 * signup, boot, housekeeping jobs). Every context above fits, and so do the app's deps. */
export type DatabaseContext = Pick<ServiceContext, 'database'>
