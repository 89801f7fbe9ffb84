// Proactive messages: scheduling (generated ones idempotently, by dedupe key), reminders people set in plain words
// ("remind me Friday"), listing with their deliveries, and cancelling.
import { and, desc, eq, inArray } from 'drizzle-orm'
import * as chrono from 'chrono-node'
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { actorUserId } from '../../lib/context.js'
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js'
import { preferencesOf, zonedInstant } from './preferences.js'
import { proactiveJobName } from './job-name.js'
import { proactiveDeliveries, proactiveMessages, proactiveStatuses, type deliveryChannels, type proactiveKinds } from './schema.js'

export type ProactiveMessage = typeof proactiveMessages.$inferSelect
export type Delivery = typeof proactiveDeliveries.$inferSelect
export type ProactiveMessageWithDeliveries = ProactiveMessage & { deliveries: Delivery[] }

export type NewProactiveMessage = {
  userId: string
  kind: (typeof proactiveKinds)[number]
  title: string
  content: string
  scheduledFor: Date
  dedupeKey?: string
  context?: Record<string, unknown>
  /** Channels added to the person's chosen ones (a reminder set on Telegram also comes back on Telegram). */
  alsoOn?: Array<(typeof deliveryChannels)[number]>
}

/** Queues a message with one delivery per channel the person chose. A repeated dedupe key creates nothing (null). */
export async function scheduleMessage(ctx: ServiceContext, input: NewProactiveMessage): Promise<ProactiveMessage | null> {
  const { alsoOn, ...values } = input
  const channels = [...new Set([...(await preferencesOf(ctx, input.userId)).channels, ...(alsoOn ?? [])])]
  return ctx.database.db.transaction(async (tx) => {
    const [message] = await tx
      .insert(proactiveMessages)
      .values({ ...values, workspaceId: ctx.workspaceId, context: input.context ?? {} })
      .onConflictDoNothing()
      .returning()
    if (!message) return null
    await tx
      .insert(proactiveDeliveries)
      .values(
        channels.map((channel) => ({ messageId: message.id, workspaceId: ctx.workspaceId, channel, nextAttemptAt: input.scheduledFor })),
      )
    return message
  })
}

export const reminderInputSchema = z
  .object({
    content: z.string().trim().min(1).max(2000),
    /** Plain words, read in the person's time zone: "Friday", "tomorrow at 17:00", "in 2 hours". */
    when: z.string().trim().min(1).max(200).optional(),
    scheduledFor: z.coerce.date().optional(),
  })
  .strict()
  .refine((r) => (r.when === undefined) !== (r.scheduledFor === undefined), {
    message: 'give either `when` or `scheduledFor`',
    path: ['when'],
  })
export type ReminderInput = z.infer<typeof reminderInputSchema>

/** The moment plain words name, in `timezone`, always in the future; a day without a time means 09:00. */
export function parseWhen(text: string, now: Date, timezone: string): Date | null {
  const [result] = chrono.parse(text, { instant: now, timezone }, { forwardDate: true })
  if (!result) return null
  const start = result.start
  // chrono reads the reference in `timezone` but builds the instant in the process's zone: rebuild the wall-clock
  // components in the person's zone, unless the words named a zone themselves ("17:00 CET").
  if (start.isCertain('timezoneOffset')) return start.date().getTime() > now.getTime() ? start.date() : null
  const day = `${start.get('year')}-${String(start.get('month')).padStart(2, '0')}-${String(start.get('day')).padStart(2, '0')}`
  // chrono implies noon for a bare day; a reminder for "Friday" belongs to the start of the working day.
  const minute = start.isCertain('hour') ? start.get('hour')! * 60 + (start.get('minute') ?? 0) : 9 * 60
  let at = zonedInstant(day, minute, timezone)
  // "Monday" said on a Monday after 09:00 means next Monday.
  if (at.getTime() <= now.getTime() && start.isCertain('weekday') && !start.isCertain('day'))
    at = new Date(at.getTime() + 7 * 24 * 60 * 60_000)
  return at.getTime() > now.getTime() ? at : null
}

/** "remind me Friday to send the invoice" → when (in `timezone`) and what; null when no future time is named. */
export function reminderFromText(text: string, now: Date, timezone: string): { at: Date; content: string } | null {
  const body = text.replace(/^\/?remind(\s+me)?\b[:,]?\s*/i, '')
  const [result] = chrono.parse(body, { instant: now, timezone }, { forwardDate: true })
  if (!result) return null
  const at = parseWhen(result.text, now, timezone)
  if (!at) return null
  const content = `${body.slice(0, result.index)} ${body.slice(result.index + result.text.length)}`
    .replace(/\s+/g, ' ')
    .replace(/^\s*(?:to|that|about|:)\s+/i, '')
    .replace(/^[\s:,-]+|[\s:,-]+$/g, '')
  return content ? { at, content } : null
}

/** A reminder from one line of plain words, for chat channels: "remind me Friday to send the invoice". */
export async function createReminderFromText(
  ctx: ServiceContext,
  input: { text: string; alsoOn?: NewProactiveMessage['alsoOn'] },
  now = new Date(),
): Promise<{ reminder: ProactiveMessageWithDeliveries; timezone: string } | null> {
  const prefs = await preferencesOf(ctx, callerId(ctx))
  const parsed = reminderFromText(input.text, now, prefs.timezone)
  if (!parsed) return null
  return {
    reminder: await createReminder(ctx, { content: parsed.content, scheduledFor: parsed.at }, now, input.alsoOn),
    timezone: prefs.timezone,
  }
}

function callerId(ctx: ServiceContext): string {
  const userId = actorUserId(ctx.actor)
  if (!userId) throw new ValidationError('Reminders belong to a signed-in person', [{ path: 'actor', message: 'no user' }])
  return userId
}

export async function createReminder(
  ctx: ServiceContext,
  input: ReminderInput,
  now = new Date(),
  alsoOn?: NewProactiveMessage['alsoOn'],
): Promise<ProactiveMessageWithDeliveries> {
  const userId = callerId(ctx)
  const prefs = await preferencesOf(ctx, userId)
  const scheduledFor = input.when ? parseWhen(input.when, now, prefs.timezone) : input.scheduledFor!
  if (!scheduledFor)
    throw new ValidationError(`"${input.when}" does not name a time in the future`, [{ path: 'when', message: 'not a future time' }])
  if (scheduledFor.getTime() <= now.getTime() - 60_000)
    throw new ValidationError('scheduledFor is in the past', [{ path: 'scheduledFor', message: 'in the past' }])
  const message = await scheduleMessage(ctx, {
    userId,
    kind: 'custom',
    title: 'Reminder',
    content: input.content,
    scheduledFor,
    context: input.when ? { when: input.when } : {},
    alsoOn,
  })
  // The minute tick would deliver it up to a minute late: a one-off tick at its time delivers it on time. Without a
  // queue (some CLI paths) the next minute tick still picks it up.
  await ctx.queue?.send(proactiveJobName, {}, { startAfter: scheduledFor, retryLimit: 0 })
  return getMyMessage(ctx, message!.id)
}

async function withDeliveries(ctx: ServiceContext, messages: ProactiveMessage[]): Promise<ProactiveMessageWithDeliveries[]> {
  if (messages.length === 0) return []
  const deliveries = await ctx.database.db
    .select()
    .from(proactiveDeliveries)
    .where(
      and(
        eq(proactiveDeliveries.workspaceId, ctx.workspaceId),
        inArray(
          proactiveDeliveries.messageId,
          messages.map((m) => m.id),
        ),
      ),
    )
  return messages.map((m) => ({
    ...m,
    deliveries: deliveries.filter((d) => d.messageId === m.id).sort((a, b) => a.channel.localeCompare(b.channel)),
  }))
}

export const messageFiltersSchema = z.object({
  status: z.enum(proactiveStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

export async function listMyMessages(
  ctx: ServiceContext,
  filters: z.infer<typeof messageFiltersSchema>,
): Promise<ProactiveMessageWithDeliveries[]> {
  const rows = await ctx.database.db
    .select()
    .from(proactiveMessages)
    .where(
      and(
        eq(proactiveMessages.workspaceId, ctx.workspaceId),
        eq(proactiveMessages.userId, callerId(ctx)),
        filters.status ? eq(proactiveMessages.status, filters.status) : undefined,
      ),
    )
    .orderBy(desc(proactiveMessages.scheduledFor))
    .limit(filters.limit)
  return withDeliveries(ctx, rows)
}

export async function getMyMessage(ctx: ServiceContext, id: string): Promise<ProactiveMessageWithDeliveries> {
  const [row] = await ctx.database.db
    .select()
    .from(proactiveMessages)
    .where(
      and(eq(proactiveMessages.workspaceId, ctx.workspaceId), eq(proactiveMessages.userId, callerId(ctx)), eq(proactiveMessages.id, id)),
    )
  if (!row) throw new NotFoundError('Proactive message')
  return (await withDeliveries(ctx, [row]))[0]
}

/** Withdraws a message whose deliveries have not gone out; a delivery already sent stays sent. */
export async function cancelMyMessage(ctx: ServiceContext, id: string): Promise<ProactiveMessageWithDeliveries> {
  const message = await getMyMessage(ctx, id)
  if (message.status !== 'pending') throw new ConflictError(`This message is already ${message.status}`)
  await ctx.database.db.transaction(async (tx) => {
    // A delivery a worker holds right now (sending) is left to finish; only waiting ones are withdrawn.
    await tx
      .update(proactiveDeliveries)
      .set({ status: 'cancelled', leaseUntil: null })
      .where(and(eq(proactiveDeliveries.messageId, id), eq(proactiveDeliveries.status, 'pending')))
    await tx
      .update(proactiveMessages)
      .set({ status: 'cancelled' })
      .where(and(eq(proactiveMessages.id, id), eq(proactiveMessages.status, 'pending')))
  })
  return getMyMessage(ctx, id)
}

/** Recomputes a message's status from its deliveries: sent when all are sent, failed when one failed and none waits. */
export async function settleMessage(ctx: Pick<ServiceContext, 'database'>, messageId: string): Promise<void> {
  await ctx.database.query(
    `UPDATE proactive_messages m SET
       status = CASE WHEN d.waiting > 0 THEN m.status WHEN d.failed > 0 THEN 'failed' ELSE 'sent' END,
       sent_at = CASE WHEN d.waiting = 0 AND d.failed = 0 THEN now() ELSE m.sent_at END
     FROM (SELECT count(*) FILTER (WHERE status IN ('pending', 'sending')) AS waiting,
                  count(*) FILTER (WHERE status = 'failed') AS failed
             FROM proactive_deliveries WHERE message_id = $1) d
     WHERE m.id = $1 AND m.status = 'pending'`,
    [messageId],
  )
}
