// Background triage: reacts to 'messages.changed' (imports, IMAP syncs) for email messages, and a backlog sweep
// triages any email left untriaged (a worker killed mid-batch, mail stored while no worker ran).
import { z } from 'zod'
import type { JobDefinition, WorkerDeps } from '../../jobs/types.js'
import type { ServiceContext } from '../../lib/context.js'
import { countEmailMessagesByWorkspace, messagesChangedEvent } from '../messages/index.js'
import { countTriageRowsByWorkspace, triageEmails } from './triage.js'

const changedPayload = z.object({ workspaceId: z.uuid(), messageIds: z.array(z.uuid()) })

function workerContext(deps: WorkerDeps, workspaceId: string): ServiceContext {
  return { ...deps, workspaceId, actor: { kind: 'system' } }
}

export const triageChangedEmailsJob: JobDefinition<z.infer<typeof changedPayload>> = {
  name: 'email.triage-changed',
  payload: changedPayload,
  subscribes: [messagesChangedEvent],
  async handle(deps, payload) {
    if (payload.messageIds.length === 0) return
    await triageEmails(workerContext(deps, payload.workspaceId), { messageIds: payload.messageIds })
  },
}

export const triageBacklogJob: JobDefinition<Record<string, unknown>> = {
  name: 'email.triage-backlog',
  payload: z.object({}).passthrough(),
  schedule: '*/15 * * * *',
  async handle(deps) {
    // A workspace whose email count differs from its triage rows has some left over (or soft-deleted mail that was
    // triaged); the sweep looks only there, and skips what is triaged.
    const emails = await countEmailMessagesByWorkspace(deps.database)
    const triaged = await countTriageRowsByWorkspace(deps.database)
    for (const [workspaceId, count] of emails) {
      if (count !== (triaged.get(workspaceId) ?? 0)) await triageEmails(workerContext(deps, workspaceId), { limit: 2000 })
    }
  },
}
