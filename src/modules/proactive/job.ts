// Every minute: create what is due (digests, due reminders) in each workspace, then deliver what is due.
import { z } from 'zod'
import type { JobDefinition } from '../../jobs/types.js'
import { listWorkspaceIds } from '../workspaces/index.js'
import { generateProactiveMessages } from './generate.js'
import { deliverDueMessages } from './delivery.js'
import { proactiveJobName } from './job-name.js'

export const proactiveJob: JobDefinition<Record<string, never>> = {
  name: proactiveJobName,
  payload: z.object({}).passthrough() as never,
  schedule: '* * * * *',
  async handle(deps) {
    const now = new Date()
    for (const workspaceId of await listWorkspaceIds(deps)) {
      try {
        await generateProactiveMessages({ ...deps, workspaceId, actor: { kind: 'system' } }, now)
      } catch (error) {
        deps.log.warn({ workspaceId, err: error }, 'proactive messages: generating failed; next minute again')
      }
    }
    // Several passes while there is more due, so a backlog drains within the minute.
    for (let pass = 0; pass < 10; pass++) {
      const done = await deliverDueMessages(deps, { now: new Date() })
      if (done.sent + done.deferred + done.retried + done.failed < 100) break
    }
  },
}
