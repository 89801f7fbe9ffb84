// Background triage: reacts to 'messages.changed' (imports, IMAP syncs) for email messages, and a backlog sweep
// triages any email left untriaged (a worker killed mid-batch, mail stored while no worker ran).
import { z } from 'zod'
import type { JobDefinition, WorkerDeps } from '../../jobs/types.js'
import type { ServiceContext } from '../../lib/context.js'
import { messagesChangedEvent } from '../messages/index.js'
import { triageEmails } from './triage.js'

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
    const workspaces = await deps.database.query<{ workspace_id: string }>(
      `SELECT DISTINCT m.workspace_id FROM messages m LEFT JOIN email_triage t ON t.message_id = m.id
       WHERE m.content_kind = 'email' AND m.deleted_at IS NULL AND t.message_id IS NULL`,
    )
    for (const { workspace_id } of workspaces) await triageEmails(workerContext(deps, workspace_id), { limit: 2000 })
  },
}
