// GitHub repository webhooks: X-Hub-Signature-256 (HMAC-SHA256 of the raw body under the webhook's secret),
// X-GitHub-Event and X-GitHub-Delivery (GitHub's redelivery keeps the id, so it is stored once). Events issues,
// issue_comment, pull_request, pull_request_review, pull_request_review_comment, push, discussion and
// discussion_comment become one batch per processor pass, applied in arrival order.
import type { ServiceContext } from '../../../lib/context.js'
import { markMessagesDeleted } from '../../messages/index.js'
import type { ConnectedSource, DeliveryOutcome, StoredDelivery, WebhookRequest } from '../connector.js'
import { equalInConstantTime, headerValue, hmacSha256Hex } from '../signatures.js'
import { commentMessage, commitMessages, discussionMessage, toItemRecord, type GithubObject } from './records.js'
import { applyGithubBatch, type GithubBatch } from './store.js'

export function verifyGithubWebhook(request: WebhookRequest, _source: ConnectedSource, secrets: Record<string, string>): boolean {
  const signature = headerValue(request.headers, 'x-hub-signature-256')
  if (!secrets.webhookSecret || !signature || request.rawBody === undefined) return false
  return equalInConstantTime(signature, `sha256=${hmacSha256Hex(secrets.webhookSecret, request.rawBody)}`)
}

export function describeGithubDelivery(
  body: unknown,
  headers: WebhookRequest['headers'],
): { eventType: string; deliveryId: string } | { error: string } {
  const event = headerValue(headers, 'x-github-event')
  const delivery = headerValue(headers, 'x-github-delivery')
  if (!event || !delivery) return { error: 'expected the X-GitHub-Event and X-GitHub-Delivery headers' }
  if (!body || typeof body !== 'object') return { error: 'expected a JSON payload' }
  const action = (body as GithubObject).action
  return { eventType: typeof action === 'string' ? `${event}.${action}` : event, deliveryId: delivery }
}

/** Adds one delivery to the batch; returns an error when it cannot be read or is not for this repository. */
function collect(batch: GithubBatch, deleted: string[], repository: string, event: string, body: GithubObject): string | undefined {
  const repo = String(body.repository?.full_name ?? '')
  if (repo.toLowerCase() !== repository.toLowerCase())
    return `the delivery is for ${repo || 'no repository'}, this source follows ${repository}`
  const itemOf = (issue: GithubObject, pull?: GithubObject) => {
    const record = toItemRecord(repository, issue, pull)
    batch.items.push({ record, raw: pull ?? issue })
    return record
  }
  const comment = (
    item: { number: number; title: string },
    kind: 'issue' | 'pull_request' | 'discussion',
    c: GithubObject,
    commentKind: Parameters<typeof commentMessage>[4],
  ) => {
    if (body.action === 'deleted') return void deleted.push(`${commentKind}:${c.id}`)
    const message = commentMessage(repository, item, kind, c, commentKind)
    if (message) batch.messages.push(message)
  }
  switch (event) {
    case 'issues':
      if (body.action !== 'deleted') itemOf(body.issue)
      return undefined
    case 'issue_comment': {
      const item = itemOf(body.issue)
      comment(item, item.kind, body.comment, 'comment')
      return undefined
    }
    case 'pull_request':
      itemOf(body.pull_request, body.pull_request)
      return undefined
    case 'pull_request_review': {
      const item = itemOf(body.pull_request, body.pull_request)
      if (body.review?.state) (batch.reviews ??= new Map()).set(item.number, String(body.review.state))
      comment(item, 'pull_request', body.review, 'review')
      return undefined
    }
    case 'pull_request_review_comment': {
      const item = itemOf(body.pull_request, body.pull_request)
      comment(item, 'pull_request', body.comment, 'review_comment')
      return undefined
    }
    case 'push':
      batch.messages.push(...commitMessages(repository, body))
      return undefined
    case 'discussion':
      if (body.action !== 'deleted') batch.messages.push(discussionMessage(repository, body.discussion))
      return undefined
    case 'discussion_comment':
      comment(body.discussion, 'discussion', body.comment, 'discussion_comment')
      return undefined
    default:
      return undefined // ping and events this connector does not follow
  }
}

export async function processGithubDeliveries(
  ctx: ServiceContext,
  source: ConnectedSource,
  deliveries: StoredDelivery[],
): Promise<DeliveryOutcome[]> {
  const batch: GithubBatch = { items: [], messages: [] }
  const deleted: string[] = []
  const repository = String(source.config.repository)
  const outcomes = deliveries.map((d) => ({
    id: d.id,
    error: collect(batch, deleted, repository, d.eventType.split('.')[0], d.payload as GithubObject),
  }))
  try {
    await applyGithubBatch(ctx, source, batch)
    if (deleted.length > 0) await markMessagesDeleted(ctx, { sourceId: source.id, externalIds: deleted })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return deliveries.map((d) => ({ id: d.id, error: message }))
  }
  return outcomes
}
