// Chatwoot account webhooks: the event names a delivery (the body has no delivery id, so a hash of the body
// stands in: Chatwoot re-sends the same body on retry), and stored deliveries become one batch of records applied
// in arrival order, where an update older than what is stored loses (applyChatwootBatch).
import { createHash } from 'node:crypto'
import type { ServiceContext } from '../../../lib/context.js'
import type { ConnectedSource, DeliveryOutcome, StoredDelivery } from '../connector.js'
import { applyChatwootBatch, type ChatwootBatch } from './store.js'
import { suggestReplies } from './suggest-reply.js'
import { toContactRecord, toConversationRecord, toMessageRecord, type ChatwootObject } from './records.js'

export function describeChatwootDelivery(body: unknown): { eventType: string; deliveryId: string } | { error: string } {
  const event = body as ChatwootObject | null
  if (!event || typeof event !== 'object' || typeof event.event !== 'string')
    return { error: 'expected a Chatwoot webhook body with an "event"' }
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 24)
  return { eventType: event.event, deliveryId: `${event.event}:${event.id ?? '-'}:${digest}` }
}

/** Adds one delivery's records to the batch; returns an error for a body that cannot be read. */
function collect(batch: ChatwootBatch, accountId: number, body: ChatwootObject): string | undefined {
  const account = Number(body.account?.id ?? accountId)
  if (account !== accountId) return `the delivery is for Chatwoot account ${account}, this source reads ${accountId}`
  const contact = (c: ChatwootObject | undefined) => {
    if (c && typeof c.id === 'number' && (c.type ?? 'contact') === 'contact') batch.contacts.push(toContactRecord(accountId, c))
  }
  switch (body.event) {
    case 'message_created':
    case 'message_updated': {
      if (typeof body.id !== 'number') return 'a message event without an id'
      if (body.conversation && typeof body.conversation.id === 'number') {
        batch.conversations.push(toConversationRecord(accountId, body.conversation))
        contact(body.conversation.meta?.sender)
      }
      if (body.sender?.type === 'contact') contact(body.sender)
      batch.messages.push(toMessageRecord(accountId, body))
      return undefined
    }
    case 'conversation_created':
    case 'conversation_updated':
    case 'conversation_status_changed':
      if (typeof body.id !== 'number') return 'a conversation event without an id'
      batch.conversations.push(toConversationRecord(accountId, body))
      contact(body.meta?.sender)
      return undefined
    case 'contact_created':
    case 'contact_updated':
      if (typeof body.id !== 'number') return 'a contact event without an id'
      contact({ ...body, type: 'contact' })
      return undefined
    default:
      // Other events (webwidget_triggered, conversation_typing_on …) carry nothing to keep.
      return undefined
  }
}

export async function processChatwootDeliveries(
  ctx: ServiceContext,
  source: ConnectedSource,
  deliveries: StoredDelivery[],
): Promise<DeliveryOutcome[]> {
  const accountId = Number(source.config.accountId)
  const batch: ChatwootBatch = { contacts: [], conversations: [], messages: [] }
  const outcomes: DeliveryOutcome[] = deliveries.map((d) => ({ id: d.id, error: collect(batch, accountId, d.payload as ChatwootObject) }))
  try {
    await applyChatwootBatch(ctx, source, batch)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return deliveries.map((d) => ({ id: d.id, error: message }))
  }
  // The deliveries are stored whatever happens to the suggestions (a model or Chatwoot outage costs a note, not data).
  await suggestReplies(ctx, source, batch).catch((error: unknown) =>
    ctx.log.warn({ sourceId: source.id, err: error }, 'chatwoot: suggesting a reply failed'),
  )
  return outcomes
}
