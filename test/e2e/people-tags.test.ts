// People as contacts (page, merge), tags on tasks/projects/people with filters, and seed 002 tasks.source and task
// kinds, through the real HTTP app over PGlite; messages come in through the real ingest path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../helpers/app.js'
import { silentLog, testConfig } from '../helpers/database.js'
import { createTestUser, createTestWorkspace } from '../helpers/identity.js'
import { ingestMessages } from '../../src/modules/messages/index.js'
import { proposeTasksFromSource, reviewProposal } from '../../src/modules/analysis/index.js'
import { listAuditEvents } from '../../src/modules/audit/index.js'
import type { ServiceContext } from '../../src/lib/context.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
let t: TestApp
let ctx: ServiceContext

beforeAll(async () => {
  t = await testApp()
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'local-token' }, log: silentLog, config: testConfig() }
})
afterAll(async () => {
  await t?.app.close()
})

const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers = t.auth) =>
  t.app.inject({ method, url, headers, payload: payload as never })

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString()

async function ingestChat() {
  await ingestMessages(ctx, {
    source: { type: 'telegram', name: 'Team chat' },
    messages: [1, 2].map((n) => ({
      externalId: `tg-${n}`,
      conversation: { externalId: 'team', title: 'Team' },
      author: { externalId: 'tg-ada', username: 'ada', displayName: 'Ada Lovelace' },
      sentAt: at(n),
      content: `Telegram message ${n} about the engine`,
    })),
  })
  await ingestMessages(ctx, {
    source: { type: 'email', name: 'Mail' },
    messages: [
      {
        externalId: 'mail-1',
        conversation: { externalId: 'thread-1', title: 'Engine notes', kind: 'email_thread' },
        author: { externalId: 'ada@example.org', displayName: 'A. Lovelace', email: 'ada@example.org' },
        sentAt: at(3),
        content: 'The engine notes are attached.',
        contentKind: 'email',
      },
    ],
  })
  await ingestMessages(ctx, {
    source: { type: 'notes', name: 'Notes' },
    messages: [
      {
        externalId: 'note-1',
        conversation: { externalId: 'note-1', title: 'Engine ideas' },
        sentAt: at(4),
        content: '# Engine ideas\n\nAsk Ada Lovelace about the loops.',
      },
      {
        externalId: 'note-2',
        conversation: { externalId: 'note-2', title: 'Unrelated' },
        sentAt: at(5),
        content: '# Unrelated\n\nAdamant is not a name.',
      },
    ],
  })
  await ingestMessages(ctx, {
    source: { type: 'meetings', name: 'Meetings' },
    messages: [
      {
        externalId: 'meeting-1:0',
        conversation: { externalId: 'meeting-1', title: 'Engine review' },
        author: { externalId: 'speaker:charles', displayName: 'Charles' },
        sentAt: at(6),
        content: 'Ada Lovelace will write the program.',
      },
    ],
  })
}

async function personNamed(name: string): Promise<{ id: string; displayName: string }> {
  const found = (await call('GET', `/api/v1/people?q=${encodeURIComponent(name)}`)).json().items
  const person = found.find((p: { displayName: string }) => p.displayName === name)
  expect(person, name).toBeDefined()
  return person
}

describe('people as contacts', () => {
  beforeAll(ingestChat)

  it('edits contact fields, finds people by name and shows identities, messages, tasks, notes and meetings', async () => {
    const ada = await personNamed('Ada Lovelace')
    const edited = await call('PATCH', `/api/v1/people/${ada.id}`, {
      relationship: 'colleague',
      phone: '+44 20 7946 0000',
      notes: 'Met at the Analytical Society.',
    })
    expect(edited.statusCode, edited.body).toBe(200)
    expect(edited.json()).toMatchObject({ relationship: 'colleague', phone: '+44 20 7946 0000', email: null, messageCount: 2 })

    const bad = await call('PATCH', `/api/v1/people/${ada.id}`, { relationship: 'nemesis', phone: 'call me' })
    expect(bad.statusCode).toBe(400)
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['body.phone', 'body.relationship'])
    expect((await call('GET', `/api/v1/people/${ada.id}`)).json().phone).toBe('+44 20 7946 0000')

    const task = (await call('POST', '/api/v1/tasks', { title: 'Review the loop program', assignee: ada.id })).json()
    const page = (await call('GET', `/api/v1/people/${ada.id}`)).json()
    expect(page.identities).toEqual([expect.objectContaining({ channel: 'telegram', externalId: 'tg-ada', username: 'ada' })])
    expect(page.recentMessages.map((m: { excerpt: string }) => m.excerpt)).toEqual([
      'Telegram message 2 about the engine',
      'Telegram message 1 about the engine',
    ])
    expect(page.recentMessages[0]).toMatchObject({ sourceType: 'telegram', conversationTitle: 'Team' })
    const conversation = await call('GET', `/api/v1/conversations/${page.recentMessages[0].conversationId}/messages`)
    expect(conversation.statusCode).toBe(200)
    expect(page.tasks).toEqual([expect.objectContaining({ id: task.id, title: 'Review the loop program', status: 'open' })])
    expect(page.relatedNotes.map((n: { conversationTitle: string }) => n.conversationTitle)).toEqual(['Engine ideas'])
    expect(page.relatedMeetings).toEqual([expect.objectContaining({ conversationTitle: 'Engine review', sourceType: 'meetings' })])

    const created = await call('POST', '/api/v1/people', { displayName: 'Mary Somerville', email: 'not-an-address' })
    expect(created.statusCode).toBe(400)
    expect(created.json().error.details[0].path).toBe('body.email')
  })

  it('merges two people: identities, messages, tasks and tags move, the merged one goes, audited once, idempotent', async () => {
    const ada = await personNamed('Ada Lovelace')
    const alias = await personNamed('A. Lovelace')
    const aliasTask = (await call('POST', '/api/v1/tasks', { title: 'Send the notes', assignee: alias.id })).json()
    await call('PUT', `/api/v1/tagged/person/${alias.id}`, { tags: ['mathematics'] })
    await call('PUT', `/api/v1/tagged/person/${ada.id}`, { tags: ['engine'] })

    expect((await call('POST', '/api/v1/people/merge', { keepId: ada.id, mergeId: ada.id })).statusCode).toBe(400)
    const merged = await call('POST', '/api/v1/people/merge', { keepId: ada.id, mergeId: alias.id })
    expect(merged.statusCode, merged.body).toBe(200)
    expect(merged.json()).toMatchObject({ identitiesMoved: 1, tasksReassigned: 1, alreadyMerged: false })
    expect(merged.json().person).toMatchObject({ email: 'ada@example.org', messageCount: 3, identityCount: 2 })
    expect(merged.json().person.tags.map((tag: { name: string }) => tag.name)).toEqual(['engine', 'mathematics'])

    expect((await call('GET', `/api/v1/people/${alias.id}`)).statusCode).toBe(404)
    const page = (await call('GET', `/api/v1/people/${ada.id}`)).json()
    expect(page.identities.map((i: { channel: string }) => i.channel).sort()).toEqual(['email', 'telegram'])
    expect(page.recentMessages[0]).toMatchObject({ excerpt: 'The engine notes are attached.', sourceType: 'email' })
    expect((await call('GET', `/api/v1/tasks/${aliasTask.id}`)).json().assignee).toMatchObject({ personId: ada.id, name: 'Ada Lovelace' })

    const again = await call('POST', '/api/v1/people/merge', { keepId: ada.id, mergeId: alias.id })
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ alreadyMerged: true, identitiesMoved: 0, tasksReassigned: 0 })
    const audit = await listAuditEvents(t, { limit: 50, action: 'person.merge', workspaceId: t.defaultWorkspaceId })
    expect(audit.events).toHaveLength(1)
    expect(audit.events[0]).toMatchObject({ targetType: 'person', targetId: alias.id, details: { keptPersonId: ada.id } })

    const unknown = await call('POST', '/api/v1/people/merge', { keepId: ada.id, mergeId: '00000000-0000-4000-8000-000000000000' })
    expect(unknown.statusCode).toBe(404)
  })
})

describe('tags', () => {
  it('are created, renamed and deleted; set on tasks, projects and people; listed and filtered by tag', async () => {
    const created = await call('POST', '/api/v1/tags', { name: 'Health', type: 'area', description: 'Body and mind' })
    expect(created.statusCode, created.body).toBe(201)
    const health = created.json()
    expect((await call('POST', '/api/v1/tags', { name: 'health' })).statusCode).toBe(409)
    const badType = await call('POST', '/api/v1/tags', { name: 'x', type: 'folder' })
    expect(badType.json().error.details[0].path).toBe('body.type')

    const gym = (await call('POST', '/api/v1/tasks', { title: 'Book the gym' })).json()
    const labelled = (await call('POST', '/api/v1/tasks', { title: 'Dentist', tags: ['health'] })).json()
    await call('POST', '/api/v1/tasks', { title: 'Pay rent' })
    const project = (await call('POST', '/api/v1/projects', { name: 'Marathon' })).json()
    await call('POST', '/api/v1/projects', { name: 'Tax return' })
    const coach = (await call('POST', '/api/v1/people', { displayName: 'Coach Carter', relationship: 'other' })).json()

    const set = await call('PUT', `/api/v1/tagged/task/${gym.id}`, { tags: ['Health', 'errands'] })
    expect(set.statusCode, set.body).toBe(200)
    expect(set.json().items.map((tag: { name: string }) => tag.name)).toEqual(['errands', 'Health'])
    await call('PUT', `/api/v1/tagged/project/${project.id}`, { tags: ['health'] })
    await call('PUT', `/api/v1/tagged/person/${coach.id}`, { tags: ['HEALTH'] })
    expect((await call('PUT', `/api/v1/tagged/note/${gym.id}`, { tags: ['x'] })).statusCode).toBe(404) // a task's id is no note
    expect((await call('PUT', `/api/v1/tagged/task/${project.id}`, { tags: ['x'] })).statusCode).toBe(404)

    const taskTitles = (await call('GET', '/api/v1/tasks?tag=health')).json().items.map((x: { title: string }) => x.title)
    expect(taskTitles.sort()).toEqual(['Book the gym', 'Dentist'])
    expect(labelled.tags).toEqual(['health'])
    expect((await call('GET', '/api/v1/projects?tag=Health')).json().items.map((p: { name: string }) => p.name)).toEqual(['Marathon'])
    expect((await call('GET', '/api/v1/people?tag=health')).json().items.map((p: { displayName: string }) => p.displayName)).toEqual([
      'Coach Carter',
    ])
    const byTag = (await call('GET', `/api/v1/tags/${health.id}/entities`)).json()
    expect(byTag.items.map((i: { kind: string }) => i.kind)).toEqual(['person', 'project', 'task'])
    expect(byTag.tag.usage).toBe(3)

    const renamed = await call('PATCH', `/api/v1/tags/${health.id}`, { name: 'Wellbeing' })
    expect(renamed.json()).toMatchObject({ name: 'Wellbeing', type: 'area', description: 'Body and mind' })
    expect((await call('GET', '/api/v1/projects?tag=wellbeing')).json().items).toHaveLength(1)
    expect((await call('PUT', `/api/v1/tagged/task/${gym.id}`, { tags: [] })).json().items).toEqual([])
    expect((await call('DELETE', `/api/v1/tags/${health.id}`)).statusCode).toBe(204)
    expect((await call('GET', '/api/v1/people?tag=wellbeing')).json().items).toEqual([])
    expect((await call('GET', `/api/v1/tagged/person/${coach.id}`)).json().items).toEqual([])
  })
})

describe('tasks.source and task kinds (seed 002)', () => {
  it('a hand-made task is manual, an approved proposal takes its source type, system fixes are a kind with their fields', async () => {
    const manual = (await call('POST', '/api/v1/tasks', { title: 'Water the plants' })).json()
    expect(manual).toMatchObject({ source: 'manual', kind: 'task', kindDetails: {} })

    const stored = await ingestMessages(ctx, {
      source: { type: 'email', name: 'Mail' },
      messages: [
        {
          externalId: 'mail-invoice',
          conversation: { externalId: 'thread-invoice', title: 'Invoice', kind: 'email_thread' },
          author: { externalId: 'billing@example.org', email: 'billing@example.org' },
          sentAt: at(20),
          content: 'Please pay the invoice by Friday.',
          contentKind: 'email',
        },
      ],
    })
    const [messageId] = stored.changedMessageIds
    expect(messageId).toBeTruthy()
    const sources = (await call('GET', '/api/v1/sources')).json().items as Array<{ id: string; type: string }>
    const [proposal] = await proposeTasksFromSource(ctx, {
      origin: 'email-triage',
      sourceMessageIds: [messageId],
      conversationId: null,
      sourceId: sources.find((s) => s.type === 'email')!.id,
      sentAt: new Date(at(20)),
      items: [{ title: 'Pay the invoice', description: '', dueDate: null, confidence: 0.9, reasoning: 'asked to pay' }],
    })
    const reviewed = await reviewProposal(ctx, proposal.proposalId, { action: 'approve' })
    const fromMail = (await call('GET', `/api/v1/tasks/${reviewed.createdTaskId}`)).json()
    expect(fromMail).toMatchObject({ title: 'Pay the invoice', source: 'email', aiGenerated: true })
    expect((await call('GET', '/api/v1/tasks?source=email')).json().items.map((x: { id: string }) => x.id)).toEqual([fromMail.id])

    const fix = await call('POST', '/api/v1/tasks', {
      title: 'Sync drops attachments',
      kind: 'system_fix',
      category: 'bug',
      kindDetails: { stage: 'investigating', affectedComponent: 'sync', stepsToReproduce: 'Sync a mail with a PDF' },
    })
    expect(fix.statusCode, fix.body).toBe(201)
    const fixed = await call('PATCH', `/api/v1/tasks/${fix.json().id}`, { kindDetails: { stage: 'fixed', resolutionNotes: 'Streamed' } })
    expect(fixed.json()).toMatchObject({ kind: 'system_fix', kindDetails: { stage: 'fixed', resolutionNotes: 'Streamed' } })
    expect((await call('GET', '/api/v1/tasks?kind=system_fix')).json().items.map((x: { title: string }) => x.title)).toEqual([
      'Sync drops attachments',
    ])
    expect((await call('GET', '/api/v1/tasks?kind=bug')).statusCode).toBe(400)
    expect((await call('POST', '/api/v1/tasks', { title: 'x', source: 'pigeon' })).json().error.details[0].path).toBe('body.source')
  })
})

describe('workspaces', () => {
  it('another workspace neither sees nor changes people and tags', async () => {
    const ada = await personNamed('Ada Lovelace')
    const tag = (await call('POST', '/api/v1/tags', { name: 'private' })).json()
    await call('PUT', `/api/v1/tagged/person/${ada.id}`, { tags: ['private'] })
    const owner = await createTestUser(t.database)
    const other = await createTestWorkspace(t.database, owner.id)
    const theirs = { ...t.auth, 'x-signalbox-workspace': other.id }

    expect((await call('GET', '/api/v1/people', undefined, theirs)).json().items).toEqual([])
    expect((await call('GET', `/api/v1/people/${ada.id}`, undefined, theirs)).statusCode).toBe(404)
    expect((await call('PATCH', `/api/v1/people/${ada.id}`, { notes: 'x' }, theirs)).statusCode).toBe(404)
    const stranger = (await call('POST', '/api/v1/people', { displayName: 'Stranger' }, theirs)).json()
    expect((await call('POST', '/api/v1/people/merge', { keepId: stranger.id, mergeId: ada.id }, theirs)).statusCode).toBe(404)
    expect((await call('GET', '/api/v1/tags', undefined, theirs)).json().items).toEqual([])
    expect((await call('PATCH', `/api/v1/tags/${tag.id}`, { name: 'mine' }, theirs)).statusCode).toBe(404)
    expect((await call('PUT', `/api/v1/tagged/person/${ada.id}`, { tags: ['mine'] }, theirs)).statusCode).toBe(404)
    expect((await call('GET', '/api/v1/people?tag=private', undefined, theirs)).json().items).toEqual([])
    // Their own tag of the same name is theirs alone.
    expect((await call('POST', '/api/v1/tags', { name: 'private' }, theirs)).statusCode).toBe(201)
    expect((await call('GET', `/api/v1/people/${ada.id}`)).json()).toMatchObject({ notes: 'Met at the Analytical Society.' })
    expect((await call('GET', `/api/v1/tags/${tag.id}`)).json().name).toBe('private')
  })
})
