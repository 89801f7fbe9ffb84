// Each person's notification preferences in a workspace (channels, time zone, quiet hours, digest, due reminders)
// and the local-time arithmetic they need. A person without a row gets the defaults of the table.
import { and, eq } from 'drizzle-orm'
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { actorUserId } from '../../lib/context.js'
import { ValidationError } from '../../lib/errors.js'
import { deliveryChannels, notificationPreferences } from './schema.js'

export type Preferences = typeof notificationPreferences.$inferSelect

const minuteOfDay = z
  .number()
  .int()
  .min(0)
  .max(24 * 60 - 1)
export const preferencesInputSchema = z
  .object({
    channels: z.array(z.enum(deliveryChannels)).min(1).max(3),
    timezone: z.string().refine(isTimeZone, 'not an IANA time zone (e.g. Europe/Berlin)'),
    quietStartMinute: minuteOfDay,
    quietEndMinute: minuteOfDay,
    digestEnabled: z.boolean(),
    digestMinute: minuteOfDay,
    dueReminderHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 14),
  })
  .partial()
  .strict()
export type PreferencesInput = z.infer<typeof preferencesInputSchema>

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

export function defaultPreferences(workspaceId: string, userId: string): Preferences {
  return {
    workspaceId,
    userId,
    channels: ['web'],
    timezone: 'UTC',
    quietStartMinute: 0,
    quietEndMinute: 0,
    digestEnabled: true,
    digestMinute: 8 * 60,
    dueReminderHours: 24,
    updatedAt: new Date(0),
  }
}

export async function preferencesOf(ctx: ServiceContext, userId: string): Promise<Preferences> {
  const [row] = await ctx.database.db
    .select()
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.workspaceId, ctx.workspaceId), eq(notificationPreferences.userId, userId)))
  return row ?? defaultPreferences(ctx.workspaceId, userId)
}

function callerId(ctx: ServiceContext): string {
  const userId = actorUserId(ctx.actor)
  if (!userId) throw new ValidationError('Notification preferences belong to a signed-in person', [{ path: 'actor', message: 'no user' }])
  return userId
}

export async function getMyPreferences(ctx: ServiceContext): Promise<Preferences> {
  return preferencesOf(ctx, callerId(ctx))
}

export async function updateMyPreferences(ctx: ServiceContext, input: PreferencesInput): Promise<Preferences> {
  const userId = callerId(ctx)
  const merged = { ...(await preferencesOf(ctx, userId)), ...input, workspaceId: ctx.workspaceId, userId, updatedAt: new Date() }
  merged.channels = [...new Set(merged.channels)]
  await ctx.database.db
    .insert(notificationPreferences)
    .values(merged)
    .onConflictDoUpdate({ target: [notificationPreferences.workspaceId, notificationPreferences.userId], set: { ...merged } })
  return merged
}

/** The wall-clock date (YYYY-MM-DD) and minute of the day at `at` in `timezone`. */
export function localTime(at: Date, timezone: string): { date: string; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  )
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) }
}

export function inQuietHours(prefs: Pick<Preferences, 'quietStartMinute' | 'quietEndMinute' | 'timezone'>, at: Date): boolean {
  const { quietStartMinute: start, quietEndMinute: end } = prefs
  if (start === end) return false
  const { minute } = localTime(at, prefs.timezone)
  return start < end ? minute >= start && minute < end : minute >= start || minute < end
}

/** When quiet hours that hold `at` end (to the minute; a DST change inside quiet hours may shift it by an hour). */
export function quietHoursEnd(prefs: Pick<Preferences, 'quietStartMinute' | 'quietEndMinute' | 'timezone'>, at: Date): Date {
  const { minute } = localTime(at, prefs.timezone)
  const wait = (prefs.quietEndMinute - minute + 24 * 60) % (24 * 60)
  const end = new Date(at.getTime() + wait * 60_000)
  end.setUTCSeconds(0, 0)
  return end
}

/** The instant a wall-clock time (`date` YYYY-MM-DD, minute of the day) happens in `timezone`. */
export function zonedInstant(date: string, minute: number, timezone: string): Date {
  const [y, m, d] = date.split('-').map(Number)
  const wall = Date.UTC(y, m - 1, d, Math.floor(minute / 60), minute % 60)
  // The zone's offset at a first guess, then again at the corrected instant (differs only across a DST change).
  let instant = wall
  for (let i = 0; i < 2; i++) {
    const local = localTime(new Date(instant), timezone)
    const [ly, lm, ld] = local.date.split('-').map(Number)
    const seen = Date.UTC(ly, lm - 1, ld, Math.floor(local.minute / 60), local.minute % 60)
    instant += wall - seen
  }
  return new Date(instant)
}
