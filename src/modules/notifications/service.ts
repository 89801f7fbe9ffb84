// The in-app inbox: modules record notifications (budget warnings, digests...) and people list and read them.
import { and, desc, eq, isNull, or } from 'drizzle-orm'
import { z } from 'zod'
import { createSelectSchema } from 'drizzle-zod'
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import { notifications, type notificationSeverities } from './schema.js'

/** A notification as stored and as the API sends it. */
export const notificationSchema = createSelectSchema(notifications, { metadata: z.record(z.string(), z.unknown()) })
export type Notification = z.infer<typeof notificationSchema>
export type NewNotification = {
  type: string
  title: string
  message: string
  severity?: (typeof notificationSeverities)[number]
  userId?: string | null
  metadata?: Record<string, unknown>
}

export async function createNotification(ctx: ServiceContext, input: NewNotification): Promise<Notification> {
  const [row] = await ctx.database.db
    .insert(notifications)
    .values({ ...input, workspaceId: ctx.workspaceId, metadata: input.metadata ?? {} })
    .returning()
  return row
}

function visibleTo(ctx: ServiceContext) {
  const userId = 'userId' in ctx.actor ? ctx.actor.userId : null
  const forEveryone = isNull(notifications.userId)
  return and(eq(notifications.workspaceId, ctx.workspaceId), userId ? or(forEveryone, eq(notifications.userId, userId)) : undefined)
}

export async function listNotifications(
  ctx: ServiceContext,
  input: { unreadOnly?: boolean; limit?: number } = {},
): Promise<Notification[]> {
  return ctx.database.db
    .select()
    .from(notifications)
    .where(and(visibleTo(ctx), input.unreadOnly ? eq(notifications.isRead, false) : undefined))
    .orderBy(desc(notifications.createdAt))
    .limit(input.limit ?? 50)
}

export async function markNotificationRead(ctx: ServiceContext, id: string): Promise<Notification> {
  const [row] = await ctx.database.db
    .update(notifications)
    .set({ isRead: true })
    .where(and(visibleTo(ctx), eq(notifications.id, id)))
    .returning()
  if (!row) throw new NotFoundError('Notification')
  return row
}
