// Email triage end to end over PGlite and HTTP: real .eml files imported through the importer's parser, triaged by the
// job that follows ingest, sender statistics, corrections that teach rules (applied before the analyser), rules over
// the API, and action items with their due date.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import type { ServiceContext } from '../../lib/context.js'
import type { WorkerDeps } from '../../jobs/types.js'
import { ingestMessages, type IngestMessage } from '../messages/index.js'
import { parseEmailMessage } from '../importers/index.js'
import { createWorkspace } from '../workspaces/index.js'
import { startFakeOpenAi } from '../../../test/fakes/openai-server.js'
import { triageBacklogJob, triageChangedEmailsJob } from './jobs.js'
import { correctEmailCategory, getTriagedEmail, listTriagedEmails } from './service.js'
import { listRules } from './rules.js'
import { parseWriteBack } from './email-commands.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
let t: TestApp
let ctx: ServiceContext
const ids = new Map<string, string>()

async function fixture(name: string): Promise<IngestMessage> {
  const mapped = await parseEmailMessage(readFileSync(new URL(`../../../test/fixtures/email-triage/${name}`, import.meta.url)))
  if ('error' in mapped) throw new Error(mapped.error)
  return mapped.message
}

/** Stores messages as the email importer does and runs the job that 'messages.changed' triggers. */
async function importAndTriage(messages: IngestMessage[], extra: unknown[] = []) {
  await ingestMessages(ctx, { source: { type: 'email', name: 'mailbox' }, messages: [...messages, ...extra] })
  const rows = await t.database.query<{ id: string; external_id: string }>('SELECT id, external_id FROM messages')
  for (const row of rows) ids.set(row.external_id, row.id)
  const deps = { database: t.database, config: ctx.config, log: silentLog } as WorkerDeps
  await triageChangedEmailsJob.handle(deps, { workspaceId: ctx.workspaceId, messageIds: rows.map((r) => r.id) }, { id: 'test' })
}

const api = (method: 'GET' | 'PATCH' | 'DELETE' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: t.auth, payload: payload as never })

const fixtures = ['spam-offer.eml', 'ryanair-fare-sale.eml', 'amazon-dispatched.eml', 'httpd-users-question.eml', 'httpd-users-thanks.eml']
const byName = new Map<string, IngestMessage>()

beforeAll(async () => {
  t = await testApp()
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'system' }, log: silentLog, config: testConfig() }
  for (const name of fixtures) byName.set(name, await fixture(name))
  const chat = {
    externalId: 'chat-1',
    conversation: { externalId: 'room' },
    sentAt: '2026-02-01T10:00:00Z',
    content: 'please review the PR?',
  }
  await importAndTriage([...byName.values()], [chat])
}, 180_000)
afterAll(async () => {
  await t?.app.close()
})

const idOf = (name: string) => ids.get(byName.get(name)!.externalId)!

describe('email triage behind import', () => {
  it('triages every imported email into its category, and nothing that is not email', async () => {
    const { items } = (await api('GET', '/email?limit=50')).json()
    const category = (name: string) => items.find((i: { messageId: string }) => i.messageId === idOf(name))?.category
    expect(items).toHaveLength(5)
    expect(category('spam-offer.eml')).toBe('junk')
    expect(category('ryanair-fare-sale.eml')).toBe('promotional')
    expect(category('amazon-dispatched.eml')).toBe('informational')
    expect(category('httpd-users-question.eml')).toBe('actionable')
    const question = items.find((i: { messageId: string }) => i.messageId === idOf('httpd-users-question.eml'))
    expect(question).toMatchObject({
      model: 'local-analyser',
      senderEmail: 'nospam.list@unclassified.de',
      subject: expect.stringMatching(/SSL certificate/),
    })
    expect(question.summary).toMatch(/SSL certificate/)
  })

  it('marks an unsure triage needs_review and filters by it', async () => {
    const { items } = (await api('GET', '/email?status=needs_review')).json()
    expect(items.length).toBeGreaterThan(0)
    for (const item of items) expect(item.confidence).toBeLessThan(0.6)
  })

  it('running the job again changes nothing (idempotent)', async () => {
    const before = await t.database.query(`SELECT message_id, classified_at FROM email_triage ORDER BY message_id`)
    await importAndTriage([...byName.values()])
    expect(await t.database.query(`SELECT message_id, classified_at FROM email_triage ORDER BY message_id`)).toEqual(before)
    const [stats] = await t.database.query<{ total_count: number }>(
      `SELECT total_count FROM email_sender_stats WHERE sender_email = 'nospam.list@unclassified.de'`,
    )
    expect(stats.total_count).toBe(1)
  })

  it('a triage row keeps its email’s subject, sender name and date, and the listing is newest first by them', async () => {
    const rows = await t.database.query<{ message_id: string; subject: string; sender_name: string | null; sent_at: Date }>(
      `SELECT message_id, subject, sender_name, sent_at FROM email_triage`,
    )
    const question = rows.find((r) => r.message_id === idOf('httpd-users-question.eml'))!
    const source = byName.get('httpd-users-question.eml')!
    expect(question.subject).toBe((source.raw as { subject: string }).subject)
    expect(question.sender_name).toBe((source.raw as { fromName?: string }).fromName ?? null)
    expect(new Date(question.sent_at).toISOString()).toBe(new Date(source.sentAt).toISOString())
    const { items } = (await api('GET', '/email?limit=50')).json()
    const dates = items.map((i: { sentAt: string }) => i.sentAt)
    expect(dates).toEqual([...dates].sort().reverse())
  })

  it('the backfill migration fills rows triaged before those columns existed', async () => {
    const id = idOf('ryanair-fare-sale.eml')
    const before = (await getTriagedEmail(ctx, id)).subject
    await t.database.query(`UPDATE email_triage SET subject = '', sender_name = NULL, sent_at = NULL WHERE message_id = $1`, [id])
    const backfill = readFileSync(new URL('../../db/migrations/0025_email_triage_backfill.sql', import.meta.url), 'utf8')
    await t.database.query(backfill)
    const after = await getTriagedEmail(ctx, id)
    expect(after.subject).toBe(before)
    expect(after.subject).toMatch(/\w/)
    expect(after.sentAt).toBe(new Date(byName.get('ryanair-fare-sale.eml')!.sentAt).toISOString())
  })

  it('the backlog sweep triages an email left over, and only that one', async () => {
    const id = idOf('amazon-dispatched.eml')
    await t.database.query(`DELETE FROM email_triage WHERE message_id = $1`, [id])
    const kept = await t.database.query(`SELECT message_id, classified_at FROM email_triage WHERE message_id <> $1 ORDER BY message_id`, [
      id,
    ])
    const deps = { database: t.database, config: ctx.config, log: silentLog } as WorkerDeps
    await triageBacklogJob.handle(deps, {}, { id: 'test' })
    expect((await getTriagedEmail(ctx, id)).category).toBe('informational')
    expect(
      await t.database.query(`SELECT message_id, classified_at FROM email_triage WHERE message_id <> $1 ORDER BY message_id`, [id]),
    ).toEqual(kept)
  })

  it('keeps sender statistics with the domain and last email', async () => {
    const { items } = (await api('GET', '/email/senders?domain=ryanairmail.com')).json()
    expect(items).toEqual([
      expect.objectContaining({
        senderDomain: 'ryanairmail.com',
        totalCount: 1,
        promotionalCount: 1,
        suggestedAction: null,
        lastEmailAt: expect.any(String),
      }),
    ])
  })
})

describe('learning from corrections', () => {
  const sender = 'nospam.list@unclassified.de'

  it('a correction sets the category and creates a rule for the sender', async () => {
    const corrected = await api('PATCH', `/email/${idOf('httpd-users-question.eml')}`, { category: 'informational' })
    expect(corrected.statusCode).toBe(200)
    expect(corrected.json()).toMatchObject({ category: 'informational', confidence: 1, status: 'processed', correctedBy: 'local-token' })
    const { items } = (await api('GET', `/email/rules?sender=${sender}`)).json()
    expect(items).toEqual([
      expect.objectContaining({
        senderEmail: sender,
        labelName: 'informational',
        correctionCount: 1,
        confidence: 0.7,
        source: 'user_correction',
      }),
    ])
  })

  it('the rule decides the next email of that sender before the analyser, and a forced re-triage keeps the correction', async () => {
    const question = byName.get('httpd-users-question.eml')!
    const next = { ...question, externalId: 'next-question@example.org', sentAt: '2026-02-02T10:00:00Z' }
    await importAndTriage([next])
    const triaged = (await api('GET', `/email/${ids.get('next-question@example.org')}`)).json()
    expect(triaged).toMatchObject({ category: 'informational', model: 'rule', reasoning: expect.stringMatching(/1 correction/) })
    const forced = await api('POST', '/email/triage', { since: '9999w', force: true })
    expect(forced.statusCode).toBe(200)
    expect((await api('GET', `/email/${idOf('httpd-users-question.eml')}`)).json()).toMatchObject({
      category: 'informational',
      model: 'person',
    })
  })

  it('a second correction strengthens the rule; the sender statistics follow', async () => {
    await api('PATCH', `/email/${ids.get('next-question@example.org')}`, { category: 'informational' })
    const [rule] = (await api('GET', `/email/rules?sender=${sender}`)).json().items
    expect(rule).toMatchObject({ correctionCount: 2 })
    expect(rule.confidence).toBeCloseTo(0.8)
    const [stats] = (await api('GET', '/email/senders?domain=unclassified.de')).json().items
    expect(stats).toMatchObject({ totalCount: 2, informationalCount: 2, actionableCount: 0 })
  })

  it('rules can be changed and deleted; bad input gets a 4xx naming the field', async () => {
    const [rule] = (await api('GET', `/email/rules?sender=${sender}`)).json().items
    const changed = await api('PATCH', `/email/rules/${rule.id}`, { labelName: 'junk', confidence: 0.9 })
    expect(changed.json()).toMatchObject({ labelName: 'junk', confidence: 0.9 })
    const bad = await api('PATCH', `/email/${idOf('spam-offer.eml')}`, { category: 'urgent' })
    expect(bad.statusCode).toBe(400)
    expect(JSON.stringify(bad.json().error)).toMatch(/category/)
    expect((await api('PATCH', '/email/00000000-0000-4000-8000-000000000000', { category: 'junk' })).statusCode).toBe(404)
    expect(changed.json().writeBack).toBeNull()
    const keyword = await api('PATCH', `/email/rules/${rule.id}`, { writeBack: { kind: 'keyword', target: '$Junk' } })
    expect(keyword.json()).toMatchObject({ labelName: 'junk', writeBack: { kind: 'keyword', target: '$Junk' } })
    const spaced = await api('PATCH', `/email/rules/${rule.id}`, { writeBack: { kind: 'keyword', target: 'not one word' } })
    expect(spaced.statusCode).toBe(400)
    expect(JSON.stringify(spaced.json().error)).toMatch(/target/)
    expect((await api('PATCH', `/email/rules/${rule.id}`, { writeBack: { kind: 'label', target: 'x' } })).statusCode).toBe(400)
    expect((await api('PATCH', `/email/rules/${rule.id}`, { writeBack: null })).json().writeBack).toBeNull()
    expect(parseWriteBack('folder:Archive/Promo')).toEqual({ kind: 'folder', target: 'Archive/Promo' })
    expect(parseWriteBack('off')).toBeNull()
    expect(() => parseWriteBack('keyword:two words')).toThrow(/--write-back/)
    expect(() => parseWriteBack('Archive')).toThrow(/--write-back/)
    expect((await api('DELETE', `/email/rules/${rule.id}`)).statusCode).toBe(204)
    expect((await api('DELETE', `/email/rules/${rule.id}`)).statusCode).toBe(404)
    expect((await api('GET', `/email/rules?sender=${sender}`)).json().items).toEqual([])
  })
})

describe('tasks from email', () => {
  it('turns the action items of an actionable email into pending tasks due on its deadline, once', async () => {
    const request: IngestMessage = {
      externalId: 'contract@example.org',
      conversation: { externalId: 'contract@example.org', kind: 'email_thread' },
      author: { externalId: 'ann@example.org', email: 'ann@example.org', displayName: 'Ann' },
      sentAt: '2026-03-02T09:00:00Z',
      content: 'Contract\n\nHi Bob,\n\nplease send me the signed contract by Friday, March 6.\n\nAnn',
      contentKind: 'email',
      raw: { subject: 'Contract', from: 'ann@example.org', fromName: 'Ann', headers: {} },
    }
    await importAndTriage([request])
    await importAndTriage([request])
    const id = ids.get('contract@example.org')!
    expect((await api('GET', `/email/${id}`)).json()).toMatchObject({
      category: 'actionable',
      deadlines: [expect.objectContaining({ date: '2026-03-06', type: 'due' })],
    })
    const { items } = (await api('GET', `/email/${id}/tasks`)).json()
    expect(items).toEqual([
      expect.objectContaining({
        proposedTitle: expect.stringMatching(/signed contract/i),
        proposedDueDate: '2026-03-06',
        status: 'pending',
        proposalId: expect.any(String),
      }),
    ])
  })

  it('proposes each action item once in the review inbox, due on the deadline and linked to the email', async () => {
    const id = ids.get('contract@example.org')!
    const { items } = (await api('GET', '/proposals?status=pending&limit=100')).json()
    const fromEmail = items.filter((p: { sourceMessageIds: string[] }) => p.sourceMessageIds.includes(id))
    expect(fromEmail).toEqual([
      expect.objectContaining({
        kind: 'task',
        title: expect.stringMatching(/signed contract/i),
        dueDate: '2026-03-06T00:00:00.000Z',
        sourceMessageIds: [id],
        description: expect.stringMatching(/Contract/),
      }),
    ])
    const [pending] = (await api('GET', `/email/${id}/tasks`)).json().items
    expect(pending.proposalId).toBe(fromEmail[0].id)
    const run = (await api('GET', `/analysis/runs/${fromEmail[0].runId}`)).json()
    expect(run).toMatchObject({ configSnapshot: { origin: 'email-triage' }, counters: { proposalsPending: 1 } })
  })

  it('approving the proposal creates the task; the email task follows, and a forced re-triage proposes nothing again', async () => {
    const id = ids.get('contract@example.org')!
    const [pending] = (await api('GET', `/email/${id}/tasks`)).json().items
    const approved = await api('POST', `/proposals/${pending.proposalId}/review`, { action: 'approve' })
    expect(approved.statusCode).toBe(200)
    const [after] = (await api('GET', `/email/${id}/tasks`)).json().items
    expect(after).toMatchObject({ status: 'approved', taskId: expect.any(String) })
    const task = (await api('GET', `/tasks/${after.taskId}`)).json()
    expect(task).toMatchObject({ title: pending.proposedTitle, dueDate: expect.stringMatching(/^2026-03-06/) })
    expect((await api('POST', '/email/triage', { since: '9999w', force: true })).statusCode).toBe(200)
    const all = (await api('GET', '/proposals?limit=100')).json().items
    expect(all.filter((p: { sourceMessageIds: string[] }) => p.sourceMessageIds.includes(id))).toHaveLength(1)
    expect((await api('GET', `/email/${id}/tasks`)).json().items).toHaveLength(1)
  })
})

describe('workspace scoping', () => {
  it('another workspace neither sees nor corrects this one’s email, and learns no rule from it', async () => {
    const other = await createWorkspace(t, { name: 'Other', slug: 'other-email' })
    const otherCtx = { ...ctx, workspaceId: other.id }
    const id = idOf('ryanair-fare-sale.eml')
    expect(await listTriagedEmails(otherCtx, {})).toEqual([])
    await expect(getTriagedEmail(otherCtx, id)).rejects.toThrow(/not found/i)
    await expect(correctEmailCategory(otherCtx, id, 'junk')).rejects.toThrow(/not found/i)
    expect(await listRules(otherCtx, {})).toEqual([])
    expect((await api('GET', '/email/00000000-0000-4000-8000-000000000000/tasks')).statusCode).toBe(404)
    expect((await getTriagedEmail(ctx, id)).category).toBe('promotional')
  })
})

describe('with a model assigned to triage_email', () => {
  it('triages through runTask: the model decides, the call is logged with purpose email-triage', async () => {
    const fake = await startFakeOpenAi()
    try {
      const provider = (
        await api('POST', '/llm/providers', { name: 'fake', type: 'openai_compatible', baseUrl: fake.url, apiKey: 'sk-test' })
      ).json()
      const agent = (
        await api('POST', '/llm/agents', { name: 'triager', providerId: provider.id, modelName: 'gpt-4o-mini', temperature: 0 })
      ).json()
      const task = (await api('GET', '/llm/task-configs')).json().items.find((c: { name: string }) => c.name === 'triage_email')
      expect((await api('POST', '/llm/assignments', { agentId: agent.id, taskId: task.id })).statusCode).toBe(200)
      const reply = {
        category: 'actionable',
        confidence: 0.9,
        reasoning: 'asks for a quote',
        deadlines: [],
        contacts: [],
        action_items: ['Send Zoe a quote'],
        summary: 'Zoe asks for a quote.',
      }
      fake.enqueue({ kind: 'content', content: reply, usage: { prompt_tokens: 300, completion_tokens: 40 } })
      const quote: IngestMessage = {
        externalId: 'quote@example.org',
        conversation: { externalId: 'quote@example.org', kind: 'email_thread' },
        author: { externalId: 'zoe@example.org', email: 'zoe@example.org' },
        sentAt: '2026-03-03T09:00:00Z',
        content: 'Quote\n\nCould you send me a quote?',
        contentKind: 'email',
        raw: { subject: 'Quote', from: 'zoe@example.org', headers: {} },
      }
      await importAndTriage([quote])
      expect((await api('GET', `/email/${ids.get('quote@example.org')}`)).json()).toMatchObject({
        category: 'actionable',
        model: 'gpt-4o-mini',
        summary: 'Zoe asks for a quote.',
      })
      const [call] = await t.database.query<{ task_name: string; purpose: string }>(
        `SELECT task_name, purpose FROM ai_call_log WHERE purpose = 'email-triage'`,
      )
      expect(call).toEqual({ task_name: 'triage_email', purpose: 'email-triage' })
    } finally {
      await fake.close()
    }
  })
})
