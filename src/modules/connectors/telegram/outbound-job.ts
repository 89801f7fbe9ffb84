// Every minute, for each active bot: review prompts to linked reviewers, signup PINs to the owner and linked
// admins, notifications to linked users who opted in. One bot's failure does not stop the others.
import { z } from 'zod'
import type { JobDefinition } from '../../../jobs/types.js'
import type { ServiceContext } from '../../../lib/context.js'
import { listActiveConnectedSources, loadConnectedSource } from '../../sources/index.js'
import { botFor } from './bot-handlers.js'
import { describeTelegramError } from './bot-api.js'
import { reachOut } from './reach-out.js'
import { sendReviewPrompts } from './review-prompts.js'

export const telegramOutboundJobName = 'telegram.outbound'

export const telegramOutboundJob: JobDefinition<Record<string, never>> = {
  name: telegramOutboundJobName,
  payload: z.object({}).passthrough() as never,
  schedule: '* * * * *',
  async handle(deps) {
    const bots = await listActiveConnectedSources(deps, { connector: 'telegram' })
    for (const row of bots) {
      const ctx: ServiceContext = { ...deps, workspaceId: row.workspace_id, actor: { kind: 'system' } }
      try {
        const { source, secrets } = await loadConnectedSource(ctx, row.id)
        const bot = await botFor(source, secrets)
        await sendReviewPrompts(ctx, source, bot)
        await reachOut(ctx, source, bot)
      } catch (error) {
        deps.log.warn({ sourceId: row.id, error: describeTelegramError(error) }, 'telegram outbound messages failed; next minute again')
      }
    }
  },
}
