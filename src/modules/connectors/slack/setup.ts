// Connecting a Slack app: its bot token (xoxb-…, checked with auth.test) and its signing secret (Basic
// Information → App Credentials), which signs every Events API request. Both are kept encrypted.
import { z } from 'zod'
import type { ServiceContext } from '../../../lib/context.js'
import { ValidationError } from '../../../lib/errors.js'
import type { ConnectedSource, ConnectorSetup, WebhookRequest } from '../connector.js'
import { equalInConstantTime, headerValue, hmacSha256Hex, timestampIsFresh } from '../signatures.js'
import { SlackApiError, slackApi } from './api.js'

export const slackSetupSchema = z.object({
  botToken: z
    .string()
    .regex(/^xox[bp]-[A-Za-z0-9-]+$/, 'a bot token starts with xoxb-')
    .optional()
    .describe('OAuth & Permissions → Bot User OAuth Token (kept encrypted)'),
  signingSecret: z.string().min(16).max(200).optional().describe('Basic Information → Signing Secret (kept encrypted)'),
  apiRoot: z.url().optional().describe('Only for tests or proxies: the Web API root (default https://slack.com/api)'),
})

export const slackBotEvents = ['message.channels', 'message.groups', 'channel_created', 'channel_rename', 'member_joined_channel'] as const
export const slackBotScopes = [
  'channels:history',
  'channels:read',
  'groups:history',
  'groups:read',
  'users:read',
  'users:read.email',
] as const

export async function setUpSlack(
  ctx: ServiceContext,
  input: Record<string, unknown>,
  target: { sourceId: string; previous?: { source: ConnectedSource; secrets: Record<string, string> } },
): Promise<ConnectorSetup> {
  const settings = slackSetupSchema.parse(input)
  const botToken = settings.botToken ?? target.previous?.secrets.botToken
  const signingSecret = settings.signingSecret ?? target.previous?.secrets.signingSecret
  if (!botToken) throw new ValidationError('A bot token is needed', [{ path: 'settings.botToken', message: 'required' }])
  if (!signingSecret) throw new ValidationError('The signing secret is needed', [{ path: 'settings.signingSecret', message: 'required' }])
  const auth = await slackApi({ token: botToken, apiRoot: settings.apiRoot })
    .authTest()
    .catch((error: unknown) => {
      if (error instanceof SlackApiError) {
        throw new ValidationError(`Slack did not accept the bot token (${error.code})`, [
          { path: 'settings.botToken', message: error.code },
        ])
      }
      throw new ValidationError(`Slack could not be reached: ${(error as Error).message}`, [
        { path: 'settings.apiRoot', message: 'not reachable' },
      ])
    })
  const config: Record<string, unknown> = { teamId: auth.team_id, team: auth.team, botUserId: auth.user_id, url: auth.url ?? null }
  if (settings.apiRoot) config.apiRoot = settings.apiRoot
  const requestUrl = ctx.config.publicUrl ? `${ctx.config.publicUrl}/webhooks/slack/${target.sourceId}` : null
  if (requestUrl) config.webhookUrl = requestUrl
  return {
    name: `${auth.team ?? auth.team_id} (Slack)`,
    config,
    secrets: { botToken, signingSecret },
    notices: [
      `In the app's Event Subscriptions, set the Request URL to ${requestUrl ?? '<public URL>/webhooks/slack/<source id>'} and subscribe ` +
        `to the bot events ${slackBotEvents.join(', ')}. Invite the bot to each channel to follow (/invite @bot).`,
    ],
  }
}

/** Slack signs `v0:<X-Slack-Request-Timestamp>:<raw body>` with HMAC-SHA256 under the signing secret and sends
 * `v0=<hex>` in X-Slack-Signature; a timestamp more than five minutes away is a replay. */
export function verifySlackRequest(request: WebhookRequest, _source: ConnectedSource, secrets: Record<string, string>): boolean {
  const signature = headerValue(request.headers, 'x-slack-signature')
  const timestamp = headerValue(request.headers, 'x-slack-request-timestamp')
  if (!secrets.signingSecret || !signature || request.rawBody === undefined || !timestampIsFresh(timestamp)) return false
  return equalInConstantTime(signature, `v0=${hmacSha256Hex(secrets.signingSecret, `v0:${timestamp}:${request.rawBody}`)}`)
}
