import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'

type TestApp = Awaited<ReturnType<typeof testApp>>
let t: TestApp

beforeAll(async () => {
  t = await testApp()
})
afterAll(async () => {
  await t?.app.close()
})

const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: t.auth, payload: payload as any })

describe('atoms', () => {
  it('keeps a numbered version per change, approves and rejects versions and diffs them field by field', async () => {
    const atom = (
      await call('POST', '/api/v1/atoms', {
        type: 'problem',
        title: 'Deploys time out',
        content: 'CI deploy step exceeds 10 minutes',
        confidence: 0.7,
      })
    ).json()
    expect(atom).toMatchObject({ currentVersion: 1, approvalStatus: 'pending', hasEmbedding: true })

    expect((await call('POST', `/api/v1/atoms/${atom.id}/versions/1/approve`)).json().version.approvalStatus).toBe('approved')
    expect((await call('GET', `/api/v1/atoms/${atom.id}`)).json()).toMatchObject({ userApproved: true, approvalStatus: 'approved' })

    const edited = (
      await call('PATCH', `/api/v1/atoms/${atom.id}`, { content: 'CI deploy step exceeds 20 minutes', changeSummary: 'new numbers' })
    ).json()
    expect(edited).toMatchObject({ currentVersion: 2, approvalStatus: 'pending', content: 'CI deploy step exceeds 20 minutes' })
    // An edit that changes nothing writes no version.
    expect((await call('PATCH', `/api/v1/atoms/${atom.id}`, { content: 'CI deploy step exceeds 20 minutes' })).json().currentVersion).toBe(
      2,
    )

    const diff = (await call('GET', `/api/v1/atoms/${atom.id}/diff?from=1&to=2`)).json()
    expect(diff.changes).toEqual([{ field: 'content', from: 'CI deploy step exceeds 10 minutes', to: 'CI deploy step exceeds 20 minutes' }])

    // Rejecting the current version restores the last approved one as a new version.
    const rejected = (await call('POST', `/api/v1/atoms/${atom.id}/versions/2/reject`)).json()
    expect(rejected).toMatchObject({ version: { approvalStatus: 'rejected' }, atomVersion: 3 })
    const restored = (await call('GET', `/api/v1/atoms/${atom.id}`)).json()
    expect(restored).toMatchObject({ content: 'CI deploy step exceeds 10 minutes', approvalStatus: 'approved' })

    const versions = (await call('GET', `/api/v1/atoms/${atom.id}/versions`)).json().items
    expect(versions.map((v: { version: number; approvalStatus: string }) => [v.version, v.approvalStatus])).toEqual([
      [1, 'approved'],
      [2, 'rejected'],
      [3, 'approved'],
    ])
    expect(versions[1]).toMatchObject({
      createdBy: 'local-token',
      changeSummary: 'new numbers',
      data: { content: 'CI deploy step exceeds 20 minutes' },
    })
    expect((await call('POST', `/api/v1/atoms/${atom.id}/versions/2/approve`)).statusCode).toBe(409)
    expect((await call('GET', `/api/v1/atoms/${atom.id}/diff?from=1&to=9`)).statusCode).toBe(404)
  })

  it('links atoms with a type and strength, finds atoms by full text, and rejects unknown link types', async () => {
    const problem = (
      await call('POST', '/api/v1/atoms', {
        type: 'problem',
        title: 'Webhook retries flood the queue',
        content: 'Stripe retries every minute',
      })
    ).json()
    const solution = (
      await call('POST', '/api/v1/atoms', {
        type: 'solution',
        title: 'Idempotency keys for webhooks',
        content: 'Store the event id and skip repeats',
      })
    ).json()
    const link = await call('POST', `/api/v1/atoms/${solution.id}/links`, { toAtomId: problem.id, linkType: 'solves', strength: 0.9 })
    expect(link.statusCode).toBe(201)
    const fromProblem = (await call('GET', `/api/v1/atoms/${problem.id}/links`)).json().items
    expect(fromProblem).toEqual([
      expect.objectContaining({ direction: 'in', linkType: 'solves', otherTitle: 'Idempotency keys for webhooks', strength: 0.9 }),
    ])

    const bad = await call('POST', `/api/v1/atoms/${solution.id}/links`, { toAtomId: problem.id, linkType: 'likes' })
    expect(bad.statusCode).toBe(400)

    const found = (await call('GET', '/api/v1/atoms?q=webhooks%20idempotency')).json()
    expect(found.items.map((a: { id: string }) => a.id)).toEqual([solution.id])
    const problems = (await call('GET', '/api/v1/atoms?q=webhook&type=problem')).json()
    expect(problems.items.map((a: { id: string }) => a.id)).toEqual([problem.id])
  })

  it('orders atoms inside a topic and versions the topic on each change', async () => {
    const [topic] = await t.database.query<{ id: string }>(
      `INSERT INTO topics (workspace_id, name, color) VALUES ($1, 'Payments', '#22c55e') RETURNING id`,
      [t.defaultWorkspaceId],
    )
    const a = (await call('POST', '/api/v1/atoms', { type: 'decision', title: 'Use Stripe', content: 'Chosen for EU support' })).json()
    const b = (await call('POST', '/api/v1/atoms', { type: 'question', title: 'Which currency?', content: 'EUR or USD' })).json()
    await call('PUT', `/api/v1/topics/${topic.id}/atoms`, { atomId: b.id, position: 1 })
    const items = (await call('PUT', `/api/v1/topics/${topic.id}/atoms`, { atomId: a.id, position: 0, note: 'the key decision' })).json()
      .items
    expect(items.map((i: { atomId: string }) => i.atomId)).toEqual([a.id, b.id])
    const versions = (await call('GET', `/api/v1/topics/${topic.id}/versions`)).json().items
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2])
    const diff = (await call('GET', `/api/v1/topics/${topic.id}/diff?from=1&to=2`)).json()
    expect(diff.changes.map((c: { field: string }) => c.field)).toEqual(['atoms'])
  })
})
