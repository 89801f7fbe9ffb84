// Approved proposals sent to GitHub as issues, against the fake GitHub REST API (test/fakes/github-api.ts) through
// the real app on PGlite: the approval (HTTP API) records its event, the export job takes it from the outbox and
// opens the issue with the token, the why-line, the source messages and the category's label; the task keeps the
// issue; retries after a 5xx (before or after GitHub created the issue) open it once; opt-out projects stay quiet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../../test/helpers/database.js'
import { drainDeliveries } from '../../../../test/helpers/telegram.js'
import { connectSource } from '../../../../test/helpers/connectors.js'
import { githubDeliveryHeaders, readGithubFixture, startFakeGithub, type FakeGithub } from '../../../../test/fakes/github-api.js'
import type { ServiceContext } from '../../../lib/context.js'
import type { WorkerDeps } from '../../../jobs/types.js'
import { runJob, startBackground } from '../../../jobs/background.js'
import { waitFor } from '../../../../test/helpers/wait-for.js'
import { createRun, proposalApprovedEvent } from '../../analysis/index.js'
import { githubIssueExportJob } from './issue-export-job.js'

const config = { ...testConfig(), publicUrl: 'https://signalbox.example.org' }
let t: Awaited<ReturnType<typeof testApp>>
const fakes: FakeGithub[] = []
const webhookSecret = 'github-webhook-secret-0123'

beforeAll(async () => {
  t = await testApp({ config })
})
afterAll(async () => {
  await t?.app.close()
  await Promise.all(fakes.map((f) => f.close()))
})

const ctx = (): ServiceContext => ({
  database: t.database,
  workspaceId: t.defaultWorkspaceId,
  actor: { kind: 'local-token' },
  log: silentLog,
  config,
})
const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: t.auth, payload: payload as any })

/** A project (opted in or not) with its own fake repository connected, and one stored message to cite. */
async function projectWithRepository(githubIssues: boolean) {
  const fake = await startFakeGithub()
  fakes.push(fake)
  const project = await call('POST', '/api/v1/projects', { name: `Project ${fakes.length}`, githubIssues })
  expect(project.statusCode, project.body).toBe(201)
  expect(project.json().githubIssues).toBe(githubIssues)
  const source = await connectSource(
    t,
    'github',
    { repository: 'Codertocat/Hello-World', token: fake.token, webhookSecret, apiRoot: fake.url, projectId: project.json().id },
    `GitHub export ${fakes.length}`,
  )
  const raw = JSON.stringify(readGithubFixture('issues_opened.json'))
  const delivered = await t.app.inject({
    method: 'POST',
    url: `/webhooks/github/${source.id}`,
    headers: githubDeliveryHeaders(webhookSecret, raw, 'issues', `export-${fakes.length}`),
    payload: raw,
  })
  expect(delivered.statusCode).toBeLessThan(300)
  await drainDeliveries(t.database, config)
  const [message] = await t.database.query<{ id: string }>(`SELECT id FROM messages WHERE source_id = $1`, [source.id])
  return { fake, projectId: project.json().id as string, messageId: message.id }
}

/** A pending proposal of the project, approved through the API. */
async function approveProposal(projectId: string, messageId: string) {
  const run = await createRun(ctx(), { from: '2019-05-15T00:00:00Z', to: '2019-05-16T00:00:00Z', extractAtoms: false })
  const [proposal] = await t.database.query<{ id: string }>(
    `INSERT INTO task_proposals (workspace_id, run_id, kind, title, description, category, source_message_ids, message_count,
       confidence, reasoning, proposed_project_id)
     VALUES ($1, $2, 'task', 'Fix the README spelling', 'The README has a spelling error.', 'bug', $3, 1, 0.9,
       'Codertocat reported a spelling error in the README.', $4) RETURNING id`,
    [t.defaultWorkspaceId, run.id, JSON.stringify([messageId]), projectId],
  )
  const approved = await call('POST', `/api/v1/proposals/${proposal.id}/review`, { action: 'approve' })
  expect(approved.statusCode, approved.body).toBe(200)
  return approved.json().createdTaskId as string
}

/** Runs the export job for the approval events waiting in the outbox (what the workers do); returns the error. */
async function runExportJobs(): Promise<unknown> {
  const events = await t.database.query<{ id: string; payload: object }>(`SELECT id, payload FROM event_outbox WHERE event = $1`, [
    proposalApprovedEvent,
  ])
  const deps = { database: t.database, config, log: silentLog } as WorkerDeps
  try {
    for (const event of events) await runJob(githubIssueExportJob, deps, { id: event.id, data: event.payload })
  } catch (error) {
    return error
  }
  await t.database.query(`DELETE FROM event_outbox WHERE id = ANY($1::bigint[])`, [events.map((e) => e.id)])
  return null
}

const issueCreations = (fake: FakeGithub) => fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues'))

describe('approved proposals sent to GitHub as issues', () => {
  it('opens an issue with the token, the why-line, the source messages and the label, and the task keeps it', async () => {
    const { fake, projectId, messageId } = await projectWithRepository(true)
    const taskId = await approveProposal(projectId, messageId)
    expect(await runExportJobs()).toBeNull()

    const [creation] = issueCreations(fake)
    expect(creation.status).toBe(201)
    expect(creation.authorization).toBe(`Bearer ${fake.token}`)
    expect(creation.body!.title).toBe('Fix the README spelling')
    expect(creation.body!.labels).toEqual(['bug'])
    expect(creation.body!.body).toContain('**Why:** Codertocat reported a spelling error in the README.')
    expect(creation.body!.body).toContain(`https://signalbox.example.org/conversations/`)
    expect(creation.body!.body).toContain(`#message-${messageId}`)
    expect(creation.body!.body).toContain(`<!-- signalbox-task:${taskId} -->`)

    const task = (await call('GET', `/api/v1/tasks/${taskId}`)).json()
    const opened = fake.issues.at(-1)!
    expect(task.githubIssue).toMatchObject({ repository: 'Codertocat/Hello-World', number: opened.number, url: opened.html_url })
  })

  it('a 5xx fails the job, and its retry opens the issue once', async () => {
    const { fake, projectId, messageId } = await projectWithRepository(true)
    const taskId = await approveProposal(projectId, messageId)
    fake.failNext({ status: 502, method: 'POST', body: { message: 'Server Error' } })
    expect(String(await runExportJobs())).toMatch(/answered 502/)
    expect((await call('GET', `/api/v1/tasks/${taskId}`)).json().githubIssue).toBeNull()

    expect(await runExportJobs()).toBeNull()
    expect(issueCreations(fake).map((r) => r.status)).toEqual([502, 201])
    expect((await call('GET', `/api/v1/tasks/${taskId}`)).json().githubIssue.number).toBe(fake.issues.at(-1)!.number)
  })

  it('a retry after GitHub created the issue but answered 5xx finds it instead of opening another', async () => {
    const { fake, projectId, messageId } = await projectWithRepository(true)
    const taskId = await approveProposal(projectId, messageId)
    fake.failNext({ status: 504, method: 'POST', afterCreate: true, body: { message: 'We could not respond in time' } })
    expect(await runExportJobs()).not.toBeNull()
    const issuesBefore = fake.issues.length

    expect(await runExportJobs()).toBeNull()
    expect(fake.issues.length).toBe(issuesBefore)
    expect(issueCreations(fake)).toHaveLength(1)
    expect((await call('GET', `/api/v1/tasks/${taskId}`)).json().githubIssue.number).toBe(fake.issues.at(-1)!.number)
  })

  it('a job run twice for one approval (the event delivered again) opens one issue', async () => {
    const { fake, projectId, messageId } = await projectWithRepository(true)
    await approveProposal(projectId, messageId)
    const [event] = await t.database.query<{ payload: object }>(`SELECT payload FROM event_outbox WHERE event = $1`, [
      proposalApprovedEvent,
    ])
    expect(await runExportJobs()).toBeNull()
    await runJob(githubIssueExportJob, { database: t.database, config, log: silentLog } as WorkerDeps, { id: 'again', data: event.payload })
    expect(issueCreations(fake)).toHaveLength(1)
  })

  it('leaves GitHub untouched for a project that did not opt in', async () => {
    const { fake, projectId, messageId } = await projectWithRepository(false)
    const taskId = await approveProposal(projectId, messageId)
    const before = fake.requests.length
    expect(await runExportJobs()).toBeNull()
    expect(fake.requests.length).toBe(before)
    expect((await call('GET', `/api/v1/tasks/${taskId}`)).json().githubIssue).toBeNull()
  })

  it('through the workers: the queue delivers the approval to the job and retries it after a 503', async () => {
    const { fake, projectId, messageId } = await projectWithRepository(true)
    const worker = await startBackground({ database: t.database, config, log: silentLog })
    try {
      fake.failNext({ status: 503, method: 'POST', body: { message: 'Service Unavailable' } })
      const taskId = await approveProposal(projectId, messageId)
      const issue = await waitFor('the task to get its GitHub issue', async () => {
        const task = (await call('GET', `/api/v1/tasks/${taskId}`)).json()
        return task.githubIssue ?? undefined
      })
      expect(issueCreations(fake).map((r) => r.status)).toEqual([503, 201])
      expect(issue.number).toBe(fake.issues.at(-1)!.number)
    } finally {
      await worker.stop()
    }
  }, 120_000)
})
