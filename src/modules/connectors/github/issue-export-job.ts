// The job that opens a GitHub issue for each approved proposal of a project that opted in. It subscribes to the
// approval event (recorded in the approval's transaction, so no approval is missed and a GitHub outage never
// blocks one); pg-boss retries it with backoff, and exportTaskToGithub makes a retry open nothing twice.
import { z } from 'zod'
import type { JobDefinition } from '../../../jobs/types.js'
import type { ServiceContext } from '../../../lib/context.js'
import { proposalApprovedEvent, type ProposalApproved } from '../../analysis/index.js'
import { exportTaskToGithub } from './issue-export.js'

export const githubIssueExportJobName = 'github.issue-export'

const approvedPayload = z.object({
  workspaceId: z.uuid(),
  proposalId: z.uuid(),
  taskId: z.uuid(),
  reasoning: z.string(),
  sourceMessageIds: z.array(z.uuid()),
}) satisfies z.ZodType<ProposalApproved>

export const githubIssueExportJob: JobDefinition<ProposalApproved> = {
  name: githubIssueExportJobName,
  payload: approvedPayload,
  subscribes: [proposalApprovedEvent],
  async handle(deps, payload) {
    const ctx: ServiceContext = { ...deps, workspaceId: payload.workspaceId, actor: { kind: 'system' } }
    const outcome = await exportTaskToGithub(ctx, payload)
    deps.log.debug({ taskId: payload.taskId, status: outcome.status }, 'GitHub issue export')
  },
}
