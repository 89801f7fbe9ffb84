// Sends an approved proposal's task to GitHub as an issue, when the task's project opted in (projects.github_issues)
// and a GitHub repository is connected to that project. Runs in a job with retries, so it must never open the issue
// twice: the task keeps the issue once opened, and the issue's body carries a marker naming the task, looked for
// among the repository's recent issues before opening one (an attempt that died after GitHub created the issue,
// or a 5xx answered after it did, is found that way instead of repeated).
import type { ServiceContext } from '../../../lib/context.js'
import { getProject, type ProjectView } from '../../projects/index.js'
import { getTask, linkTaskGithubIssue, type TaskGithubIssue, type TaskView } from '../../tasks/index.js'
import { getMessage, type MessageView } from '../../messages/index.js'
import { listSources, loadConnectedSource } from '../../sources/index.js'
import { NotFoundError } from '../../../lib/errors.js'
import { tryPollerLock } from '../poller-lock.js'
import { githubApi, type GithubApi } from './api.js'
import type { GithubObject } from './records.js'

export type IssueExportRequest = { taskId: string; reasoning: string; sourceMessageIds: string[] }
export type IssueExportOutcome =
  | { status: 'opened' | 'already_opened' | 'found_on_github'; issue: TaskGithubIssue }
  | { status: 'not_opted_in' | 'no_repository' | 'task_gone' }

// GitHub's default labels where one fits; otherwise the category itself (GitHub creates a missing label).
const categoryLabels: Record<string, string> = { bug: 'bug', feature: 'enhancement', improvement: 'enhancement', question: 'question' }
export const labelsOfCategory = (category: string): string[] => [categoryLabels[category] ?? category]

/** An HTML comment in the issue body: invisible on GitHub, and how a retry recognises the issue it opened. */
export const taskMarker = (taskId: string) => `<!-- signalbox-task:${taskId} -->`

/** Recent issues read back when looking for the marker: a retry follows its attempt within minutes. */
const markerSearchPages = 3

export async function exportTaskToGithub(ctx: ServiceContext, request: IssueExportRequest): Promise<IssueExportOutcome> {
  const task = await getTask(ctx, request.taskId).catch((error: unknown) => {
    if (error instanceof NotFoundError) return null
    throw error
  })
  if (!task) return { status: 'task_gone' }
  if (task.githubIssue) return { status: 'already_opened', issue: task.githubIssue }
  const project = task.projectId ? await getProject(ctx, task.projectId) : null
  if (!project?.githubIssues) return { status: 'not_opted_in' }
  const sourceId = await linkedGithubSource(ctx, project)
  if (!sourceId) {
    ctx.log.warn(
      { projectId: project.id, taskId: task.id },
      'project opted in to GitHub issues but no GitHub repository is connected to it',
    )
    return { status: 'no_repository' }
  }
  const { source, secrets } = await loadConnectedSource(ctx, sourceId)
  const repository = String(source.config.repository)
  const api = githubApi({ token: secrets.token, repository, apiRoot: source.config.apiRoot as string | undefined })

  // One export of a task at a time, across processes (an event delivered twice runs two jobs).
  const lock = await tryPollerLock(ctx.database, `github-issue:${task.id}`)
  if (!lock) throw new Error(`another export of task ${task.id} is under way; retried later`)
  try {
    const again = await getTask(ctx, task.id)
    if (again.githubIssue) return { status: 'already_opened', issue: again.githubIssue }
    const found = await findMarkedIssue(api, task)
    if (found) return { status: 'found_on_github', issue: await linkTaskGithubIssue(ctx, task.id, toTaskIssue(repository, found)) }
    const created = await api.createIssue({
      title: task.title,
      body: await issueBody(ctx, task, request),
      labels: labelsOfCategory(task.category),
    })
    const issue = await linkTaskGithubIssue(ctx, task.id, toTaskIssue(repository, created))
    ctx.log.info({ taskId: task.id, repository, number: issue.number }, 'task opened as a GitHub issue')
    return { status: 'opened', issue }
  } finally {
    await lock.release()
  }
}

/** The active GitHub source connected to the project (its setup named the project, or the project names its repo). */
async function linkedGithubSource(ctx: ServiceContext, project: ProjectView): Promise<string | null> {
  const candidates = (await listSources(ctx)).filter((s) => s.connector === 'github' && s.state !== 'paused')
  const linked =
    candidates.find((s) => s.config.projectId === project.id) ??
    candidates.find((s) => project.githubRepo && String(s.config.repository).toLowerCase() === project.githubRepo.toLowerCase())
  return linked?.id ?? null
}

async function findMarkedIssue(api: GithubApi, task: TaskView): Promise<GithubObject | null> {
  const marker = taskMarker(task.id)
  // GitHub's times have whole seconds, and clocks differ: a minute's margin before the task was created.
  const since = encodeURIComponent(new Date(Date.parse(task.createdAt) - 60_000).toISOString())
  for (let page = 1; page <= markerSearchPages; page++) {
    const list = await api.list(`issues?state=all&sort=created&direction=desc&per_page=100&since=${since}&page=${page}`)
    const found = list.items.find((issue) => !issue.pull_request && String(issue.body ?? '').includes(marker))
    if (found) return found
    if (!list.hasNext) return null
  }
  return null
}

const toTaskIssue = (repository: string, issue: GithubObject): TaskGithubIssue => ({
  repository,
  number: Number(issue.number),
  url: String(issue.html_url),
  openedAt: new Date().toISOString(),
})

const quote = (text: string, max = 280) => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** The task's description, the proposal's why-line and its source messages (quoted, linked to the web app). */
export async function issueBody(ctx: ServiceContext, task: TaskView, request: IssueExportRequest): Promise<string> {
  const base = ctx.config.publicUrl
  const messages: MessageView[] = []
  for (const id of request.sourceMessageIds.slice(0, 20)) {
    const message = await getMessage(ctx, id).catch(() => null)
    if (message) messages.push(message)
  }
  const lines = [task.description.trim()]
  if (request.reasoning.trim()) lines.push('', `**Why:** ${request.reasoning.trim()}`)
  if (messages.length) {
    lines.push('', '**Source messages**')
    for (const m of messages) {
      const who = m.author?.displayName ?? m.author?.username ?? 'someone'
      const link = base ? ` ([open](${base}/conversations/${m.conversationId}#message-${m.id}))` : ''
      lines.push(`- ${who}, ${m.sentAt.slice(0, 16).replace('T', ' ')} UTC: “${quote(m.content)}”${link}`)
    }
  }
  lines.push('', base ? `From [Signalbox](${base}/tasks/${task.id}).` : 'From Signalbox.', taskMarker(task.id))
  return lines.join('\n').trim()
}
