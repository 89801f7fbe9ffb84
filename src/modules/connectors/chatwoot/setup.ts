// Connecting a Chatwoot account: the base URL, the account id and a user's API access token (Profile settings →
// Access token), checked with GET /api/v1/profile, which lists the accounts the token may read. The account
// webhook's secret (Settings → Integrations → Webhooks) signs every delivery; without it webhooks are refused.
import { z } from 'zod'
import type { ServiceContext } from '../../../lib/context.js'
import { ValidationError } from '../../../lib/errors.js'
import type { ConnectedSource, ConnectorSetup, WebhookRequest } from '../connector.js'
import { RestError } from '../rest-client.js'
import { equalInConstantTime, headerValue, hmacSha256Hex, timestampIsFresh } from '../signatures.js'
import { chatwootApi } from './api.js'

export const chatwootSetupSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).describe('Your Chatwoot address, e.g. https://app.chatwoot.com'),
  accountId: z.coerce.number().int().positive().describe('The number in /app/accounts/<id>/ of the dashboard URL'),
  apiAccessToken: z.string().min(8).max(200).optional().describe('Profile settings → Access token (kept encrypted)'),
  webhookSecret: z.string().min(8).max(200).optional().describe("The account webhook's secret (kept encrypted)"),
  suggestReplies: z
    .boolean()
    .optional()
    .describe('Post a suggested answer from past conversations as a private note when a contact writes (off by default)'),
})

export const chatwootWebhookEvents = [
  'message_created',
  'message_updated',
  'conversation_created',
  'conversation_status_changed',
  'conversation_updated',
  'contact_created',
  'contact_updated',
] as const

export async function setUpChatwoot(
  ctx: ServiceContext,
  input: Record<string, unknown>,
  target: { sourceId: string; previous?: { source: ConnectedSource; secrets: Record<string, string> } },
): Promise<ConnectorSetup> {
  const settings = chatwootSetupSchema.parse(input)
  const token = settings.apiAccessToken ?? target.previous?.secrets.apiAccessToken
  if (!token) throw new ValidationError('An API access token is needed', [{ path: 'settings.apiAccessToken', message: 'required' }])
  const profile = await chatwootApi({ baseUrl: settings.baseUrl, accountId: settings.accountId, token })
    .profile()
    .catch((error: unknown) => {
      const status = error instanceof RestError ? error.status : 0
      if (status === 401 || status === 403) {
        throw new ValidationError('Chatwoot did not accept the access token', [
          { path: 'settings.apiAccessToken', message: 'not accepted by Chatwoot' },
        ])
      }
      throw new ValidationError(`Chatwoot could not be reached: ${(error as Error).message}`, [
        { path: 'settings.baseUrl', message: 'not reachable' },
      ])
    })
  const account = (profile.accounts as Array<{ id: number; name?: string }> | undefined)?.find((a) => a.id === settings.accountId)
  if (!account) {
    throw new ValidationError('The token cannot read this account', [
      { path: 'settings.accountId', message: 'not among the accounts of this token' },
    ])
  }
  const secrets: Record<string, string> = { apiAccessToken: token }
  const webhookSecret = settings.webhookSecret ?? target.previous?.secrets.webhookSecret
  if (webhookSecret) secrets.webhookSecret = webhookSecret
  const config: Record<string, unknown> = {
    baseUrl: settings.baseUrl.replace(/\/+$/, ''),
    accountId: settings.accountId,
    accountName: account.name ?? null,
    suggestReplies: settings.suggestReplies ?? target.previous?.source.config.suggestReplies === true,
  }
  const notices: string[] = []
  if (ctx.config.publicUrl) config.webhookUrl = `${ctx.config.publicUrl}/webhooks/chatwoot/${target.sourceId}`
  if (!webhookSecret) {
    notices.push(
      `Live updates need the account webhook: in Chatwoot, Settings → Integrations → Webhooks → Add new webhook, URL ` +
        `${config.webhookUrl ?? '<public URL>/webhooks/chatwoot/<source id>'}, events ${chatwootWebhookEvents.join(', ')}; ` +
        `then paste its secret here (webhookSecret). Until then the source is kept current by syncs only.`,
    )
  }
  return {
    name: account.name ? `${account.name} (Chatwoot ${settings.accountId})` : `Chatwoot ${settings.accountId}`,
    config,
    secrets,
    notices,
  }
}

/** Chatwoot signs `<X-Chatwoot-Timestamp>.<raw body>` with HMAC-SHA256 under the webhook's secret and sends
 * `sha256=<hex>` in X-Chatwoot-Signature; deliveries older than five minutes are refused as replays. */
export function verifyChatwootWebhook(request: WebhookRequest, _source: ConnectedSource, secrets: Record<string, string>): boolean {
  const signature = headerValue(request.headers, 'x-chatwoot-signature')
  const timestamp = headerValue(request.headers, 'x-chatwoot-timestamp')
  if (!secrets.webhookSecret || !signature || request.rawBody === undefined || !timestampIsFresh(timestamp)) return false
  return equalInConstantTime(signature, `sha256=${hmacSha256Hex(secrets.webhookSecret, `${timestamp}.${request.rawBody}`)}`)
}
