// The Chatwoot connector (seed 4): backfill and periodic sync through the Application API, live updates through
// the account's signed webhooks; Chatwoot's records kept in cw_* and mapped onto people, conversations, messages.
import type { Connector } from '../connector.js'
import { chatwootSetupSchema, setUpChatwoot, verifyChatwootWebhook } from './setup.js'
import { syncChatwoot } from './sync.js'
import { describeChatwootDelivery, processChatwootDeliveries } from './webhooks.js'

export const chatwootConnector: Connector = {
  id: 'chatwoot',
  sourceType: 'chatwoot',
  title: 'Chatwoot',
  capabilities: { pullSync: true, webhooks: true, send: false },
  setupSchema: chatwootSetupSchema,
  setup: setUpChatwoot,
  // Webhooks carry the live changes; the periodic pass catches what a missed delivery lost.
  syncIntervalMinutes: 15,
  sync: (ctx, source, secrets) => syncChatwoot(ctx, source, secrets),
  webhook: { signatureKind: 'hmac_sha256', verify: verifyChatwootWebhook, describe: describeChatwootDelivery },
  processDeliveries: processChatwootDeliveries,
}
