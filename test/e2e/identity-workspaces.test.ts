// Workspaces, roles and invitations; the audit log; and secrets that never reach the logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { Writable } from 'node:stream'
import { generate } from 'otplib'
import { testApp } from '../helpers/app.js'
import { createTestUser, createTestWorkspace, login, sessionCookieFrom, testPassword, uniqueName } from '../helpers/identity.js'
import { createLogger } from '../../src/lib/logger.js'
import type { Database } from '../../src/db/client.js'

let app: FastifyInstance
let database: Database
let admin: Record<string, string>
let logOutput = ''

beforeAll(async () => {
  // Everything the app logs, at the most verbose level, is captured to check for secrets.
  const capture = new Writable({
    write(chunk, _encoding, done) {
      logOutput += chunk.toString()
      done()
    },
  })
  const built = await testApp({ log: createLogger('trace', capture) })
  app = built.app
  database = built.database
  admin = built.auth
}, 300_000) // the first migration of a test file can take minutes when every core is busy
afterAll(async () => {
  await app?.close()
})

describe('workspaces, roles and invitations', () => {
  it('invites with a role, lets the invitee switch to the workspace, and keeps viewers read-only', async () => {
    const owner = await createTestUser(database)
    const workspace = await createTestWorkspace(database, owner.id)
    const ownerSession = await login(app, owner.username)
    const ownerHeaders = { ...ownerSession.headers, 'x-signalbox-workspace': workspace.id }

    const invite = await app.inject({
      method: 'POST',
      url: '/api/v1/workspaces/invitations',
      headers: ownerHeaders,
      payload: { role: 'viewer' },
    })
    expect(invite.statusCode).toBe(201)
    const { token } = invite.json()

    const guest = await createTestUser(database)
    const guestSession = await login(app, guest.username)
    // Before accepting, the guest has no workspace: self-service routes work, data routes do not.
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: guestSession.headers })).statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: '/api/v1/conversations', headers: guestSession.headers })).statusCode).toBe(403)
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/conversations',
          headers: { ...guestSession.headers, 'x-signalbox-workspace': workspace.id },
        })
      ).statusCode,
    ).toBe(403)

    const accept = await app.inject({
      method: 'POST',
      url: '/api/v1/workspaces/invitations/accept',
      headers: guestSession.headers,
      payload: { token },
    })
    expect(accept.statusCode).toBe(200)
    expect(accept.json().role).toBe('viewer')
    // An invitation works once.
    const other = await login(app, (await createTestUser(database)).username)
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/workspaces/invitations/accept', headers: other.headers, payload: { token } }))
        .statusCode,
    ).toBe(404)

    const switched = await app.inject({ method: 'POST', url: `/api/v1/workspaces/${workspace.id}/switch`, headers: guestSession.headers })
    expect(switched.statusCode).toBe(200)
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: guestSession.headers })
    expect(me.json().activeWorkspace).toMatchObject({ id: workspace.id, role: 'viewer' })
    expect((await app.inject({ method: 'GET', url: '/api/v1/conversations', headers: guestSession.headers })).statusCode).toBe(200)
    const write = await app.inject({
      method: 'POST',
      url: '/api/v1/ingest/messages',
      headers: guestSession.headers,
      payload: {
        source: { type: 'api', name: 'x' },
        messages: [{ externalId: '1', conversation: { externalId: 'c' }, sentAt: '2026-01-01T00:00:00Z', content: 'x' }],
      },
    })
    expect(write.statusCode).toBe(403)
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/workspaces/invitations',
          headers: guestSession.headers,
          payload: { role: 'member' },
        })
      ).statusCode,
    ).toBe(403)

    // The owner promotes the viewer; the change applies to the very next request.
    const promote = await app.inject({
      method: 'PATCH',
      url: `/api/v1/workspaces/members/${guest.id}`,
      headers: ownerHeaders,
      payload: { role: 'member' },
    })
    expect(promote.statusCode).toBe(200)
    const members = await app.inject({ method: 'GET', url: '/api/v1/workspaces/members', headers: ownerHeaders })
    expect(
      members
        .json()
        .members.map((m: any) => m.role)
        .sort(),
    ).toEqual(['member', 'owner'])
    // The last owner cannot be demoted.
    const demote = await app.inject({
      method: 'PATCH',
      url: `/api/v1/workspaces/members/${owner.id}`,
      headers: ownerHeaders,
      payload: { role: 'member' },
    })
    expect(demote.statusCode).toBe(409)
    // Removing a member ends their access at once.
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/workspaces/members/${guest.id}`, headers: ownerHeaders })).statusCode).toBe(
      204,
    )
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/conversations',
          headers: { ...guestSession.headers, 'x-signalbox-workspace': workspace.id },
        })
      ).statusCode,
    ).toBe(403)
  })

  it('an invitation bound to a username works only for that person', async () => {
    const owner = await createTestUser(database)
    const workspace = await createTestWorkspace(database, owner.id)
    const ownerSession = await login(app, owner.username)
    const invited = await createTestUser(database)
    const invite = await app.inject({
      method: 'POST',
      url: '/api/v1/workspaces/invitations',
      headers: { ...ownerSession.headers, 'x-signalbox-workspace': workspace.id },
      payload: { role: 'member', username: invited.username },
    })
    const { token } = invite.json()
    const intruder = await login(app, (await createTestUser(database)).username)
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/workspaces/invitations/accept', headers: intruder.headers, payload: { token } }))
        .statusCode,
    ).toBe(404)
    const invitedSession = await login(app, invited.username)
    const accepted = await app.inject({
      method: 'POST',
      url: '/api/v1/workspaces/invitations/accept',
      headers: invitedSession.headers,
      payload: { token },
    })
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json()).toMatchObject({ workspace: { id: workspace.id }, role: 'member' })
  })

  it('deactivating a user ends their sessions and tokens at once', async () => {
    const user = await createTestUser(database, {
      workspaceId: (await createTestWorkspace(database, (await createTestUser(database)).id)).id,
    })
    const session = await login(app, user.username)
    const token = (
      await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: session.headers, payload: { name: 't', scopes: ['read'] } })
    ).json().token
    const patch = await app.inject({ method: 'PATCH', url: `/api/v1/admin/users/${user.id}`, headers: admin, payload: { isActive: false } })
    expect(patch.statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session.headers })).statusCode).toBe(401)
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(
      401,
    )
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: testPassword } }))
        .statusCode,
    ).toBe(401)
  })

  it('keeps admin routes for instance admins', async () => {
    const plain = await login(app, (await createTestUser(database)).username)
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: plain.headers })).statusCode).toBe(403)
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/audit', headers: plain.headers })).statusCode).toBe(403)
    const boss = await login(app, (await createTestUser(database, { isAdmin: true })).username)
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: boss.headers })).statusCode).toBe(200)
  })
})

describe('audit log and logs', () => {
  it('records auth events with who, what, when and from where, readable by admins', async () => {
    const user = await createTestUser(database)
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: 'wrong-password-9' },
      remoteAddress: '10.7.0.9',
      headers: { 'user-agent': 'audit-test' },
    })
    await login(app, user.username, testPassword, '10.7.0.10')
    const audit = await app.inject({ method: 'GET', url: `/api/v1/admin/audit?action=auth.login&actorUserId=${user.id}`, headers: admin })
    expect(audit.statusCode).toBe(200)
    const events = audit.json().events
    expect(events.map((e: any) => e.outcome)).toEqual(['success', 'failure'])
    expect(events[1]).toMatchObject({ ip: '10.7.0.9', userAgent: 'audit-test', details: { reason: 'wrong-password' } })
    expect(events[0].createdAt).toMatch(/^\d{4}-/)
  })

  it('never writes passwords, PINs, session ids, tokens or TOTP secrets to the logs', async () => {
    const username = uniqueName('logged')
    const password = `Pw-${Math.random().toString(36).slice(2)}-long`
    await app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { username, password }, remoteAddress: '10.6.0.1' })
    const requests = (await app.inject({ method: 'GET', url: '/api/v1/admin/signup-requests', headers: admin })).json().requests
    const { pin } = requests.find((r: any) => r.username === username)
    const verify = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup/verify',
      payload: { username, pin },
      remoteAddress: '10.6.0.2',
    })
    expect(verify.statusCode).toBe(201)
    const cookie = sessionCookieFrom(verify.headers['set-cookie'])
    const csrf = verify.json().csrfToken
    const headers = { cookie, 'x-csrf-token': csrf }
    const token = (
      await app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload: { name: 'logged', scopes: ['read'] } })
    ).json().token
    await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })
    const { secret } = (await app.inject({ method: 'POST', url: '/api/v1/auth/2fa/enrol', headers })).json()
    const { recoveryCodes } = (
      await app.inject({ method: 'POST', url: '/api/v1/auth/2fa/confirm', headers, payload: { code: await generate({ secret }) } })
    ).json()
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: `${password}x` },
      remoteAddress: '10.6.0.3',
    })

    expect(logOutput.length).toBeGreaterThan(1000)
    expect(logOutput).toContain(username)
    const sessionValue = cookie.split('=')[1]
    for (const secretValue of [password, pin, sessionValue, csrf, token, secret, ...recoveryCodes]) {
      expect(logOutput).not.toContain(secretValue)
    }
  })
})
