// Background job: classifies newly ingested or changed messages into topics, when the workspace has topics.
import { z } from 'zod'
import type { JobDefinition } from '../../jobs/types.js'
import type { ServiceContext } from '../../lib/context.js'
import { messagesChangedEvent } from '../messages/index.js'
import { classifyMessages, topicsForClassifier } from './classify.js'

export const classifyMessagesPayload = z.object({ workspaceId: z.uuid(), messageIds: z.array(z.uuid()) })

export const classifyMessagesJob: JobDefinition<z.infer<typeof classifyMessagesPayload>> = {
  name: 'topics.classify-messages',
  payload: classifyMessagesPayload,
  subscribes: [messagesChangedEvent],
  async handle(deps, payload) {
    const ctx: ServiceContext = { ...deps, workspaceId: payload.workspaceId, actor: { kind: 'system' } }
    // Most workspaces start without topics: then there is nothing to classify into.
    if (payload.messageIds.length === 0 || (await topicsForClassifier(ctx)).length === 0) return
    // Noise scoring runs as its own job, possibly later: the noise status is only as fresh as it is now.
    await classifyMessages(ctx, { messageIds: payload.messageIds })
  },
}
