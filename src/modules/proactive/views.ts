// Response shapes of the proactive routes (zod, so the OpenAPI document and the generated client know them).
import { z } from 'zod'
import { deliveryChannels, proactiveDeliveryStatuses, proactiveKinds, proactiveStatuses } from './schema.js'
import type { ProactiveMessageWithDeliveries } from './messages.js'
import type { Preferences } from './preferences.js'

const deliverySchema = z.object({
  channel: z.enum(deliveryChannels),
  status: z.enum(proactiveDeliveryStatuses),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
})

export const messageSchema = z.object({
  id: z.string(),
  kind: z.enum(proactiveKinds),
  title: z.string(),
  content: z.string(),
  status: z.enum(proactiveStatuses),
  scheduledFor: z.string(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
  deliveries: z.array(deliverySchema),
})

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

export function messageView(m: ProactiveMessageWithDeliveries): z.infer<typeof messageSchema> {
  return {
    id: m.id,
    kind: m.kind,
    title: m.title,
    content: m.content,
    status: m.status,
    scheduledFor: iso(m.scheduledFor)!,
    sentAt: iso(m.sentAt),
    createdAt: iso(m.createdAt)!,
    deliveries: m.deliveries.map((d) => ({
      channel: d.channel,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: iso(d.nextAttemptAt)!,
      lastError: d.lastError,
      sentAt: iso(d.sentAt),
    })),
  }
}

export const preferencesSchema = z.object({
  channels: z.array(z.enum(deliveryChannels)),
  timezone: z.string(),
  quietStartMinute: z.number().int(),
  quietEndMinute: z.number().int(),
  digestEnabled: z.boolean(),
  digestMinute: z.number().int(),
  dueReminderHours: z.number().int(),
})

export function preferencesView(p: Preferences): z.infer<typeof preferencesSchema> {
  const { channels, timezone, quietStartMinute, quietEndMinute, digestEnabled, digestMinute, dueReminderHours } = p
  return { channels, timezone, quietStartMinute, quietEndMinute, digestEnabled, digestMinute, dueReminderHours }
}
