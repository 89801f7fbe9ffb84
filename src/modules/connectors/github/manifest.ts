// The GitHub connector (seed 1): a repository's issues, pull requests, reviews, comments, discussions and pushes,
// backfilled through the REST API and kept current by signed webhooks.
import type { Connector } from '../connector.js'
import { githubSetupSchema, setUpGithub } from './setup.js'
import { syncGithub } from './sync.js'
import { describeGithubDelivery, processGithubDeliveries, verifyGithubWebhook } from './webhooks.js'

export const githubConnector: Connector = {
  id: 'github',
  sourceType: 'github',
  title: 'GitHub repository',
  capabilities: { pullSync: true, webhooks: true, send: false },
  setupSchema: githubSetupSchema,
  setup: setUpGithub,
  // Webhooks carry the live changes; the periodic pass catches what a missed delivery lost.
  syncIntervalMinutes: 15,
  sync: (ctx, source, secrets) => syncGithub(ctx, source, secrets),
  webhook: { signatureKind: 'hmac_sha256', verify: verifyGithubWebhook, describe: describeGithubDelivery },
  processDeliveries: processGithubDeliveries,
}
