// Slack Events API deliveries: event_callback envelopes keyed by event_id (Slack's retries, X-Slack-Retry-Num,
// resend the same event_id, which the inbox stores once), url_verification answered with its challenge.
// Messages and their subtypes (edits, deletions, thread replies, bot messages, file shares) and channel events
// are applied in arrival order.
import type { ServiceContext } from '../../../lib/context.js'
import { upsertConversationFacts } from '../../messages/index.js'
import type { SlackChannel, SlackUser } from '../../importers/index.js'
import type { ConnectedSource, DeliveryOutcome, StoredDelivery } from '../connector.js'
import { slackApi, type SlackObject } from './api.js'
import { deleteSlackMessages, resolveSlackUsers, slackAuthors, storeSlackMessages, type SlackMessageInput } from './store.js'
import { loadConnectedSource } from '../../sources/index.js'

export function describeSlackDelivery(body: unknown): { eventType: string; deliveryId: string } | { error: string } {
  const envelope = body as SlackObject | null
  if (
    !envelope ||
    envelope.type !== 'event_callback' ||
    typeof envelope.event_id !== 'string' ||
    typeof envelope.event?.type !== 'string'
  ) {
    return { error: 'expected an Events API event_callback with an event_id' }
  }
  const subtype = typeof envelope.event.subtype === 'string' ? `.${envelope.event.subtype}` : ''
  return { eventType: `${envelope.event.type}${subtype}`, deliveryId: envelope.event_id }
}

export function slackHandshake(body: unknown): { challenge: string } | null {
  const envelope = body as SlackObject | null
  return envelope?.type === 'url_verification' && typeof envelope.challenge === 'string' ? { challenge: envelope.challenge } : null
}

// Per source: user names resolved in this process (the database keeps them across processes).
const userCaches = new Map<string, Map<string, SlackUser>>()

export async function processSlackDeliveries(
  ctx: ServiceContext,
  source: ConnectedSource,
  deliveries: StoredDelivery[],
): Promise<DeliveryOutcome[]> {
  const messages: SlackMessageInput[] = []
  const deleted: Array<{ channelId: string; ts: string }> = []
  const channels: Array<{ externalId: string; title: string; kind: 'channel'; metadata: Record<string, unknown> }> = []
  const joined: string[] = []
  for (const delivery of deliveries) {
    const event = (delivery.payload as SlackObject).event as SlackObject
    if (event.type === 'message' && typeof event.channel === 'string') {
      if (event.subtype === 'message_deleted' && typeof event.deleted_ts === 'string')
        deleted.push({ channelId: event.channel, ts: event.deleted_ts })
      else if (event.subtype === 'message_changed' && event.message)
        messages.push({ channelId: event.channel, message: { ...event.message, type: 'message' } })
      else if (event.subtype !== 'message_replied') messages.push({ channelId: event.channel, message: event })
    } else if ((event.type === 'channel_created' || event.type === 'channel_rename') && event.channel?.id) {
      channels.push({
        externalId: event.channel.id,
        title: event.channel.name,
        kind: 'channel',
        metadata: { slack: { name: event.channel.name } },
      })
    } else if (event.type === 'member_joined_channel' && typeof event.user === 'string') {
      joined.push(event.user)
    }
  }
  try {
    const { secrets } = await loadConnectedSource(ctx, source.id)
    const api = slackApi({ token: secrets.botToken, apiRoot: source.config.apiRoot as string | undefined })
    let cache = userCaches.get(source.id)
    if (!cache) userCaches.set(source.id, (cache = new Map()))
    const users = await resolveSlackUsers(ctx, api, [...slackAuthors(messages), ...joined], cache)
    await upsertConversationFacts(ctx, { source: { type: 'slack', name: source.name }, conversations: channels })
    if (messages.length > 0) await storeSlackMessages(ctx, source, { messages, channels: new Map<string, SlackChannel>(), users })
    if (deleted.length > 0) await deleteSlackMessages(ctx, source, deleted)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return deliveries.map((d) => ({ id: d.id, error: message }))
  }
  return deliveries.map((d) => ({ id: d.id }))
}
