// Background job: scores the messages that ingest created or changed ('messages.changed' event).
import { z } from 'zod'
import type { JobDefinition } from '../../jobs/types.js'
import { messagesChangedEvent } from '../messages/index.js'
import { scoreMessages } from './service.js'

export const scoreMessagesPayload = z.object({ workspaceId: z.uuid(), messageIds: z.array(z.uuid()) })

export const scoreMessagesJob: JobDefinition<z.infer<typeof scoreMessagesPayload>> = {
  name: 'noise.score-messages',
  payload: scoreMessagesPayload,
  subscribes: [messagesChangedEvent],
  async handle(deps, payload) {
    if (payload.messageIds.length === 0) return
    await scoreMessages(
      {
        database: deps.database,
        config: deps.config,
        log: deps.log,
        queue: deps.queue,
        workspaceId: payload.workspaceId,
        actor: { kind: 'system' },
      },
      { messageIds: payload.messageIds },
    )
  },
}
