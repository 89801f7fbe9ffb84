// Login, sessions, CSRF, logout and brute-force protection through the real HTTP API.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { testApp } from '../helpers/app.js'
import { testConfig } from '../helpers/database.js'
import { createTestUser, login, sessionCookieFrom, testPassword, uniqueName } from '../helpers/identity.js'
import type { Database } from '../../src/db/client.js'

let app: FastifyInstance
let database: Database
let workspaceId: string

beforeAll(async () => {
  const built = await testApp()
  app = built.app
  database = built.database
  workspaceId = built.defaultWorkspaceId
}, 300_000) // the first migration of a test file can take minutes when every core is busy
afterAll(async () => {
  vi.useRealTimers()
  await app?.close()
})

describe('login and sessions', () => {
  it('logs in with the right password and sets a hardened session cookie', async () => {
    const user = await createTestUser(database, { workspaceId })
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: testPassword },
    })
    expect(response.statusCode).toBe(200)
    const setCookie = String(response.headers['set-cookie'])
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    expect(setCookie).not.toMatch(/Secure/i)
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: sessionCookieFrom(response.headers['set-cookie']) },
    })
    expect(me.statusCode).toBe(200)
    expect(me.json().user.username).toBe(user.username)
    expect(me.json().activeWorkspace.id).toBe(workspaceId)
    expect(JSON.stringify(me.json())).not.toMatch(/argon2|password/i)
  })

  it('marks the cookie Secure behind a trusted TLS proxy, and ignores the header from anyone else', async () => {
    const user = await createTestUser(database, { workspaceId })
    const viaProxy = {
      method: 'POST' as const,
      url: '/api/v1/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { username: user.username, password: testPassword },
    }
    expect(String((await app.inject(viaProxy)).headers['set-cookie'])).not.toMatch(/Secure/)
    const behindProxy = await testApp({ database, config: { ...testConfig(), trustProxy: true } })
    try {
      expect(String((await behindProxy.app.inject(viaProxy)).headers['set-cookie'])).toMatch(/Secure/)
    } finally {
      await behindProxy.app.close()
    }
  })

  it('answers an unknown user exactly like a wrong password', async () => {
    const user = await createTestUser(database, { workspaceId })
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: 'not-the-password-1' },
      remoteAddress: '10.1.0.1',
    })
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: uniqueName('ghost'), password: 'not-the-password-1' },
      remoteAddress: '10.1.0.2',
    })
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(unknown.body).toBe(wrong.body)
  })

  it('issues a new session id at every login, so a planted cookie never becomes a session (no fixation)', async () => {
    const user = await createTestUser(database, { workspaceId })
    const planted = 'sb_session=attacker-chosen-value-0123456789abcdef'
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: planted },
      payload: { username: user.username, password: testPassword },
    })
    const issued = sessionCookieFrom(response.headers['set-cookie'])
    expect(issued).not.toBe(planted)
    const second = await login(app, user.username)
    expect(second.cookie).not.toBe(issued)
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: planted } })).statusCode).toBe(401)
  })

  it('rejects cookie-authenticated changes without the CSRF token or from another origin', async () => {
    const user = await createTestUser(database, { workspaceId })
    const session = await login(app, user.username)
    const noToken = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: session.cookie },
      payload: { name: 'x', scopes: ['read'] },
    })
    expect(noToken.statusCode).toBe(403)
    expect(noToken.json().error.message).toMatch(/CSRF/)
    const wrongToken = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: session.cookie, 'x-csrf-token': 'f'.repeat(64) },
      payload: { name: 'x', scopes: ['read'] },
    })
    expect(wrongToken.statusCode).toBe(403)
    const crossSite = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { ...session.headers, origin: 'https://evil.example' },
      payload: { name: 'x', scopes: ['read'] },
    })
    expect(crossSite.statusCode).toBe(403)
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: session.headers,
      payload: { name: 'x', scopes: ['read'] },
    })
    expect(ok.statusCode).toBe(201)
    const csrf = await app.inject({ method: 'GET', url: '/api/v1/auth/csrf', headers: { cookie: session.cookie } })
    expect(csrf.json().csrfToken).toBe(session.csrfToken)
  })

  it('lists own sessions, revokes one at once, and logs out everywhere', async () => {
    const user = await createTestUser(database, { workspaceId })
    const first = await login(app, user.username)
    const second = await login(app, user.username)
    const list = await app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: first.headers })
    const sessions = list.json().sessions
    expect(sessions).toHaveLength(2)
    const other = sessions.find((s: any) => !s.current)
    const revoke = await app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${other.id}`, headers: first.headers })
    expect(revoke.statusCode).toBe(204)
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: second.headers })).statusCode).toBe(401)

    const third = await login(app, user.username)
    const all = await app.inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: first.headers })
    expect(all.json().revoked).toBe(2)
    for (const s of [first, third])
      expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(401)
  })

  it('changes the password only with the current one, applies the policy and ends other sessions', async () => {
    const user = await createTestUser(database, { workspaceId })
    const here = await login(app, user.username)
    const elsewhere = await login(app, user.username)
    const change = (currentPassword: string, newPassword: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: here.headers, payload: { currentPassword, newPassword } })
    expect((await change('wrong-current-pw', 'a-brand-new-passphrase')).statusCode).toBe(401)
    expect((await change(testPassword, 'short')).statusCode).toBe(400)
    const ok = await change(testPassword, 'a-brand-new-passphrase')
    expect(ok.json()).toEqual({ otherSessionsRevoked: 1 })
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: here.headers })).statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: elsewhere.headers })).statusCode).toBe(401)
    await login(app, user.username, 'a-brand-new-passphrase')
  })

  it('ends idle sessions', async () => {
    const user = await createTestUser(database, { workspaceId })
    const session = await login(app, user.username)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 25 * 3600 * 1000)
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session.headers })
    vi.useRealTimers()
    expect(me.statusCode).toBe(401)
  })
})

describe('brute force on login', () => {
  it('throttles after 3 failures, then locks the account even for the right password', async () => {
    const user = await createTestUser(database, { workspaceId })
    const attempt = (password: string, ip: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password }, remoteAddress: ip })
    const start = Date.now()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(start)
    try {
      for (let i = 0; i < 3; i++) expect((await attempt('wrong-password-x', `10.2.0.${i}`)).statusCode).toBe(401)
      // Throttled: the next try within the backoff is refused without checking the password.
      const throttled = await attempt(testPassword, '10.2.1.1')
      expect(throttled.statusCode).toBe(429)
      expect(throttled.headers['retry-after']).toBeDefined()
      expect(throttled.json().error.message).toMatch(/slow down/)
      // Keep failing while respecting each backoff, from changing IPs: the account key still counts.
      let now = start
      for (let i = 3; i < 10; i++) {
        now += 2 ** (i - 3) * 1000 + 1000
        vi.setSystemTime(now)
        expect((await attempt('wrong-password-x', `10.2.2.${i}`)).statusCode).toBe(401)
      }
      now += 600 * 1000
      vi.setSystemTime(now)
      const locked = await attempt(testPassword, '10.2.3.1')
      expect(locked.statusCode).toBe(429)
      expect(locked.json().error.message).toMatch(/locked/)
      vi.setSystemTime(now + 16 * 60 * 1000)
      expect((await attempt(testPassword, '10.2.3.2')).statusCode).toBe(200)
    } finally {
      vi.useRealTimers()
    }
  })
})
