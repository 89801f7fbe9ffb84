// The Slack connector: a Slack app's bot token and signing secret; backfill through the Web API, live updates
// through the Events API, continuing channels imported from an export without storing them twice.
import type { Connector } from '../connector.js'
import { describeSlackDelivery, processSlackDeliveries, slackHandshake } from './events.js'
import { setUpSlack, slackSetupSchema, verifySlackRequest } from './setup.js'
import { syncSlack } from './sync.js'

export const slackConnector: Connector = {
  id: 'slack',
  sourceType: 'slack',
  title: 'Slack',
  capabilities: { pullSync: true, webhooks: true, send: false },
  setupSchema: slackSetupSchema,
  setup: setUpSlack,
  // Webhooks carry the live changes; the periodic pass catches what a missed delivery lost.
  syncIntervalMinutes: 60,
  sync: (ctx, source, secrets) => syncSlack(ctx, source, secrets),
  webhook: { signatureKind: 'slack_v0', verify: verifySlackRequest, describe: describeSlackDelivery, handshake: slackHandshake },
  processDeliveries: processSlackDeliveries,
}
