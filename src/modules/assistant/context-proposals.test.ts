import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { contextStatements } from './context-proposals.js'

let t: Awaited<ReturnType<typeof testApp>>
const api = (method: string, url: string, payload?: unknown) =>
  t.app.inject({ method: method as any, url: `/api/v1${url}`, headers: t.auth, payload: payload as any })

beforeAll(async () => {
  t = await testApp()
}, 300_000)
afterAll(async () => {
  await t?.app.close()
})

describe('user context learned from chats', () => {
  it('reads self-statements and ignores questions about others', () => {
    expect(contextStatements('I work on the payments API. My goal is to ship zero downtime deploys!')).toEqual([
      { field: 'workContext', value: 'the payments API' },
      { field: 'longTermGoals', value: 'ship zero downtime deploys' },
    ])
    expect(contextStatements('When does the TLS certificate expire?')).toEqual([])
  })

  it('proposes, never stores silently; approving writes the context, rejecting does not; forgetting removes both', async () => {
    await api('POST', '/assistant/ask', { question: 'I work on the payments API and I prefer short answers. Why did the deploy fail?' })
    expect((await api('GET', '/assistant/context')).json()).toMatchObject({ workContext: null, aiPreferences: null })
    const proposals = (await api('GET', '/assistant/context/proposals')).json().items
    expect(proposals.map((p: { field: string; value: string }) => [p.field, p.value]).sort()).toEqual([
      ['aiPreferences', 'short answers'],
      ['workContext', 'the payments API'],
    ])
    const work = proposals.find((p: { field: string }) => p.field === 'workContext')
    const style = proposals.find((p: { field: string }) => p.field === 'aiPreferences')
    expect((await api('POST', `/assistant/context/proposals/${style.id}/approve`)).json().status).toBe('approved')
    expect((await api('POST', `/assistant/context/proposals/${work.id}/reject`)).json().status).toBe('rejected')
    expect((await api('POST', `/assistant/context/proposals/${work.id}/approve`)).statusCode).toBe(404)
    expect((await api('GET', '/assistant/context')).json()).toMatchObject({ workContext: null, aiPreferences: 'short answers' })
    // The same statement again is not proposed twice.
    await api('POST', '/assistant/ask', { question: 'I prefer short answers.' })
    expect((await api('GET', '/assistant/context/proposals')).json().items).toEqual([])
    expect((await api('DELETE', '/assistant/context')).statusCode).toBe(204)
    expect((await api('GET', '/assistant/context/proposals?status=approved')).json().items).toEqual([])
    expect((await api('GET', '/assistant/context')).json().aiPreferences).toBeNull()
  })
})
