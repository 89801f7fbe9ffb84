import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { findStatedDueDate } from './due-date.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
let t: TestApp

beforeAll(async () => {
  t = await testApp()
})
afterAll(async () => {
  await t?.app.close()
})

const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: t.auth, payload: payload as any })
const patch = (url: string, payload: unknown) => t.app.inject({ method: 'PATCH', url, headers: t.auth, payload: payload as any })
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: t.auth })

describe('projects', () => {
  it('creates, lists, updates and refuses a duplicate name', async () => {
    const created = await post('/api/v1/projects', {
      name: 'Billing',
      keywords: ['invoice', 'stripe'],
      glossary: { MRR: 'monthly recurring revenue' },
      components: [{ name: 'webhooks' }],
      priorityRules: { critical: ['outage'] },
      githubRepo: 'acme/billing',
      startDate: '2026-01-01',
    })
    expect(created.statusCode).toBe(201)
    const project = created.json()
    expect(project).toMatchObject({ name: 'Billing', keywords: ['invoice', 'stripe'], status: 'active', startDate: '2026-01-01' })

    expect((await post('/api/v1/projects', { name: 'Billing' })).statusCode).toBe(409)
    const bad = await post('/api/v1/projects', { name: 'X', githubRepo: 'not a repo' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toContain('body.githubRepo')

    const updated = await patch(`/api/v1/projects/${project.id}`, { status: 'on_hold', version: '2' })
    expect(updated.json()).toMatchObject({ status: 'on_hold', version: '2', keywords: ['invoice', 'stripe'] })
    const list = await get('/api/v1/projects')
    expect(list.json().items.map((p: { name: string }) => p.name)).toEqual(['Billing'])
  })
})

describe('tasks', () => {
  it('creates a task with a stated due date, filters it and records the history of changes', async () => {
    const project = (await post('/api/v1/projects', { name: 'Web' })).json()
    const created = await post('/api/v1/tasks', {
      title: 'Fix the login redirect',
      description: 'Users land on a blank page. Please fix it by 2026-03-10.',
      priority: 'high',
      category: 'bug',
      assignee: 'Ada',
      projectId: project.id,
    })
    expect(created.statusCode).toBe(201)
    const task = created.json()
    expect(task.dueDate?.slice(0, 10)).toBe('2026-03-10')
    expect(task).toMatchObject({ status: 'open', assignee: { name: 'Ada' }, projectId: project.id, completedAt: null })

    const sub = (await post('/api/v1/tasks', { title: 'Write a regression test', parentTaskId: task.id })).json()
    expect((await get(`/api/v1/tasks/${task.id}`)).json().subTasks.map((s: { id: string }) => s.id)).toEqual([sub.id])

    const done = (await patch(`/api/v1/tasks/${task.id}`, { status: 'done', priority: 'critical' })).json()
    expect(done.completedAt).not.toBeNull()
    const reopened = (await patch(`/api/v1/tasks/${task.id}`, { status: 'in_progress' })).json()
    expect(reopened.completedAt).toBeNull()

    const history = (await get(`/api/v1/tasks/${task.id}/history`)).json().items
    expect(history.map((h: { field: string }) => h.field)).toEqual(expect.arrayContaining(['created', 'status', 'priority']))
    expect(history.find((h: { field: string; newValue: unknown }) => h.field === 'priority')).toMatchObject({
      oldValue: 'high',
      newValue: 'critical',
      actor: 'local-token',
    })

    const byFilter = (await get(`/api/v1/tasks?status=in_progress&projectId=${project.id}&assignee=ada&q=login`)).json()
    expect(byFilter.items.map((x: { id: string }) => x.id)).toEqual([task.id])
    expect((await get('/api/v1/tasks?status=cancelled')).json().items).toEqual([])
  })

  it('answers 400 with the field for a bad status and 404 for an unknown task', async () => {
    const bad = await post('/api/v1/tasks', { title: 'x', status: 'completed' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toContain('body.status')
    const missing = await get('/api/v1/tasks/00000000-0000-4000-8000-000000000000')
    expect(missing.statusCode).toBe(404)
    const unknownParent = await post('/api/v1/tasks', { title: 'x', parentTaskId: '00000000-0000-4000-8000-000000000000' })
    expect(unknownParent.statusCode).toBe(400)
  })
})

describe('findStatedDueDate', () => {
  const monday = new Date('2026-01-05T10:00:00Z')
  it('reads dates introduced by a deadline cue and ignores other dates', () => {
    expect(findStatedDueDate('please ship it by Friday', monday)?.toISOString().slice(0, 10)).toBe('2026-01-09')
    expect(findStatedDueDate('deadline: January 20', monday)?.toISOString().slice(0, 10)).toBe('2026-01-20')
    expect(findStatedDueDate('the outage yesterday was bad', monday)).toBeNull()
  })
})
