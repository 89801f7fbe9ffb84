// Connecting a GitHub repository: `owner/name`, a token that can read its issues, pull requests and discussions
// (fine-grained PAT or a GitHub App installation token), the webhook's secret, and optionally the Signalbox
// project it belongs to (seed 1 projects.github_repo) and its installation id.
import { z } from 'zod'
import type { ServiceContext } from '../../../lib/context.js'
import { ValidationError } from '../../../lib/errors.js'
import type { ConnectedSource, ConnectorSetup } from '../connector.js'
import { projectExists } from '../../projects/index.js'
import { RestError } from '../rest-client.js'
import { githubApi } from './api.js'

export const githubSetupSchema = z.object({
  repository: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'owner/name')
    .describe('The repository, as owner/name'),
  token: z.string().min(10).max(500).optional().describe('Fine-grained PAT or installation token (kept encrypted)'),
  webhookSecret: z.string().min(8).max(200).optional().describe("The repository webhook's secret (kept encrypted)"),
  projectId: z.uuid().optional().describe('The Signalbox project this repository belongs to'),
  installationId: z.string().max(100).optional(),
  backfillDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .optional()
    .describe('Closed issues and pull requests read back this far (default 90)'),
  apiRoot: z.url().optional().describe('GitHub Enterprise Server API root, or a test server'),
})

export const githubWebhookEvents = [
  'issues',
  'issue_comment',
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment',
  'push',
  'discussion',
  'discussion_comment',
] as const

export async function setUpGithub(
  ctx: ServiceContext,
  input: Record<string, unknown>,
  target: { sourceId: string; previous?: { source: ConnectedSource; secrets: Record<string, string> } },
): Promise<ConnectorSetup> {
  const settings = githubSetupSchema.parse(input)
  const token = settings.token ?? target.previous?.secrets.token
  if (!token) throw new ValidationError('A token is needed', [{ path: 'settings.token', message: 'required' }])
  if (settings.projectId) {
    if (!(await projectExists(ctx.database, ctx.workspaceId, settings.projectId)))
      throw new ValidationError('No such project in this workspace', [{ path: 'settings.projectId', message: 'not found' }])
  }
  const repository = await githubApi({ token, repository: settings.repository, apiRoot: settings.apiRoot })
    .repository()
    .catch((error: unknown) => {
      const status = error instanceof RestError ? error.status : 0
      if (status === 401)
        throw new ValidationError('GitHub did not accept the token', [{ path: 'settings.token', message: 'not accepted by GitHub' }])
      if (status === 403 || status === 404) {
        throw new ValidationError('The token cannot read this repository', [
          { path: 'settings.repository', message: 'not found or not readable with this token' },
        ])
      }
      throw new ValidationError(`GitHub could not be reached: ${(error as Error).message}`, [
        { path: 'settings.apiRoot', message: 'not reachable' },
      ])
    })
  const secrets: Record<string, string> = { token }
  const webhookSecret = settings.webhookSecret ?? target.previous?.secrets.webhookSecret
  if (webhookSecret) secrets.webhookSecret = webhookSecret
  const config: Record<string, unknown> = {
    repository: repository.full_name ?? settings.repository,
    repositoryId: repository.id ?? null,
    private: Boolean(repository.private),
    projectId: settings.projectId ?? null,
    installationId: settings.installationId ?? null,
    backfillDays: settings.backfillDays ?? 90,
  }
  if (settings.apiRoot) config.apiRoot = settings.apiRoot
  if (ctx.config.publicUrl) config.webhookUrl = `${ctx.config.publicUrl}/webhooks/github/${target.sourceId}`
  const notices = webhookSecret
    ? []
    : [
        `For live updates add a webhook (repository Settings → Webhooks): payload URL ${config.webhookUrl ?? '<public URL>/webhooks/github/<source id>'}, ` +
          `content type application/json, a secret (paste it here as webhookSecret), events ${githubWebhookEvents.join(', ')}.`,
      ]
  return { name: String(config.repository), config, secrets, notices }
}
