// Every minute: linked reviewers of each active bot get the proposals that arrived since their last prompt.
import { z } from 'zod'
import type { JobDefinition } from '../../../jobs/types.js'
import type { ServiceContext } from '../../../lib/context.js'
import { loadConnectedSource } from '../../sources/index.js'
import { botFor } from './bot-handlers.js'
import { describeTelegramError } from './bot-api.js'
import { sendReviewPrompts } from './review-prompts.js'

export const telegramReviewPromptsJobName = 'telegram.review-prompts'

export const telegramReviewPromptsJob: JobDefinition<Record<string, never>> = {
  name: telegramReviewPromptsJobName,
  payload: z.object({}).passthrough() as never,
  schedule: '* * * * *',
  async handle(deps) {
    const bots = await deps.database.query<{ id: string; workspace_id: string }>(
      `SELECT DISTINCT s.id, s.workspace_id FROM sources s JOIN telegram_connections c ON c.source_id = s.id AND c.reviews
       WHERE s.connector = 'telegram' AND s.active`,
    )
    for (const row of bots) {
      const ctx: ServiceContext = { ...deps, workspaceId: row.workspace_id, actor: { kind: 'system' } }
      try {
        const { source, secrets } = await loadConnectedSource(ctx, row.id)
        await sendReviewPrompts(ctx, source, botFor(source, secrets))
      } catch (error) {
        deps.log.warn({ sourceId: row.id, error: describeTelegramError(error) }, 'could not send review prompts')
      }
    }
  },
}
