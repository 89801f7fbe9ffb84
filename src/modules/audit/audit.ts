// The audit log: auth events and admin actions with who, what, when and from where.
import { and, desc, eq, lt, type SQL } from 'drizzle-orm'
import { createSelectSchema } from 'drizzle-zod'
import { z } from 'zod'
import type { RequestMeta, DatabaseContext } from '../../lib/context.js'
import { auditEvents } from './schema.js'

export type AuditEventInput = {
  action: string
  outcome?: 'success' | 'failure'
  workspaceId?: string | null
  actorUserId?: string | null
  actorName?: string | null
  targetType?: string
  targetId?: string
  details?: Record<string, unknown>
  meta?: RequestMeta
}

export async function recordAuditEvent(ctx: DatabaseContext, event: AuditEventInput) {
  await ctx.database.db.insert(auditEvents).values({
    action: event.action,
    outcome: event.outcome ?? 'success',
    workspaceId: event.workspaceId ?? null,
    actorUserId: event.actorUserId ?? null,
    actorName: event.actorName ?? null,
    targetType: event.targetType,
    targetId: event.targetId,
    details: event.details ?? {},
    ip: event.meta?.ip,
    userAgent: event.meta?.userAgent?.slice(0, 512),
  })
}

export type AuditQuery = { limit: number; before?: string; action?: string; actorUserId?: string; workspaceId?: string }

/** Newest first; `before` is the createdAt of the last row seen (keyset pagination). */
/** What listAuditEvents returns, for routes' response schemas. */
export const auditPageSchema = z.object({
  events: z.array(createSelectSchema(auditEvents, { details: z.record(z.string(), z.unknown()) }).extend({ createdAt: z.string() })),
  /** Pass as `before` for the next page; null on the last one. */
  nextBefore: z.string().nullable(),
})

export async function listAuditEvents(ctx: DatabaseContext, query: AuditQuery) {
  const conditions: SQL[] = []
  if (query.before) conditions.push(lt(auditEvents.createdAt, new Date(query.before)))
  if (query.action) conditions.push(eq(auditEvents.action, query.action))
  if (query.actorUserId) conditions.push(eq(auditEvents.actorUserId, query.actorUserId))
  if (query.workspaceId) conditions.push(eq(auditEvents.workspaceId, query.workspaceId))
  const rows = await ctx.database.db
    .select()
    .from(auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.createdAt))
    .limit(query.limit)
  return {
    events: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    nextBefore: rows.length === query.limit ? rows[rows.length - 1].createdAt.toISOString() : null,
  }
}

/** The newest successful event of this action on this target in the workspace (an operation checks whether it already ran). */
export async function findLatestAuditEvent(ctx: DatabaseContext, query: { workspaceId: string; action: string; targetId: string }) {
  const [row] = await ctx.database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.workspaceId, query.workspaceId),
        eq(auditEvents.action, query.action),
        eq(auditEvents.targetId, query.targetId),
        eq(auditEvents.outcome, 'success'),
      ),
    )
    .orderBy(desc(auditEvents.createdAt))
    .limit(1)
  return row ?? null
}
