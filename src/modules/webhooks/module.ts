// The webhook inbox's contributions to the shells (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { startDeliveryProcessor } from './process.js'
import { webhookEndpointRoutes, webhookInboxRoutes } from './routes.js'
import { registerWebhooksCommand } from './webhooks-command.js'

export const webhooksModule: SignalboxModule = {
  name: 'webhooks',
  apiRoutes: webhookInboxRoutes,
  rootRoutes: webhookEndpointRoutes,
  commands: registerWebhooksCommand,
  services: [(deps) => startDeliveryProcessor(deps)],
}
