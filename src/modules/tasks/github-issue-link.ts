// The GitHub issue a task was sent to (the GitHub connector opens it for approved proposals of projects that opted
// in). Set once: a later call for the same task keeps the first issue, so a retried export never replaces it.
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import type { TaskGithubIssue } from './schema.js'

/** Records `issue` on the task unless one is recorded already; returns the task's issue either way. */
export async function linkTaskGithubIssue(ctx: ServiceContext, taskId: string, issue: TaskGithubIssue): Promise<TaskGithubIssue> {
  const rows = await ctx.database.query<{ github_issue: TaskGithubIssue | null }>(
    `UPDATE tasks SET github_issue = coalesce(github_issue, $3::jsonb), updated_at = now()
     WHERE id = $1 AND workspace_id = $2 RETURNING github_issue`,
    [taskId, ctx.workspaceId, JSON.stringify(issue)],
  )
  if (!rows[0]) throw new NotFoundError('Task')
  return rows[0].github_issue!
}
