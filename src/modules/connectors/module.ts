// The connectors' contributions to the shells: each enabled connector's long-running services, plus the
// Telegram bot's routes, command and jobs and the GitHub issue export job (see src/modules/module.ts).
import type { SignalboxModule } from '../module.js'
import { enabledConnectors } from './registry.js'
import { telegramRoutes } from './telegram/routes.js'
import { registerTelegramCommand } from './telegram/telegram-command.js'
import { telegramOutboundJob } from './telegram/outbound-job.js'
import { telegramChannelSender } from './telegram/direct-message.js'
import { provideChannelSender } from '../proactive/index.js'
import { githubIssueExportJob } from './github/issue-export-job.js'

// Proactive messages reach people on Telegram through the bots.
provideChannelSender('telegram', telegramChannelSender)

export const connectorsModule: SignalboxModule = {
  name: 'connectors',
  apiRoutes: telegramRoutes,
  commands: registerTelegramCommand,
  jobs: [telegramOutboundJob, githubIssueExportJob],
  services: [
    (deps) => {
      const running = enabledConnectors(deps.config).flatMap((c) => (c.startServices ? [c.startServices(deps)] : []))
      return { stop: async () => void (await Promise.all(running.map((r) => r.stop()))) }
    },
  ],
}
