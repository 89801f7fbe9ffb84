// TOTP two-factor login (clock skew window, recovery codes) and API tokens (scopes, revocation, expiry).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { generate } from 'otplib'
import { testApp } from '../helpers/app.js'
import { createTestUser, login, sessionCookieFrom, testPassword } from '../helpers/identity.js'
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

const codeAt = (secret: string, offsetSeconds: number) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds })

async function enrolledUser() {
  const user = await createTestUser(database, { workspaceId })
  const session = await login(app, user.username)
  const enrol = await app.inject({ method: 'POST', url: '/api/v1/auth/2fa/enrol', headers: session.headers })
  expect(enrol.statusCode).toBe(200)
  const { secret, otpauthUri } = enrol.json()
  expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Signalbox:.+secret=/)
  // Confirmed with the previous step's code, so the current step is still unused for the login that follows.
  const confirm = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/2fa/confirm',
    headers: session.headers,
    payload: { code: await codeAt(secret, -30) },
  })
  expect(confirm.statusCode).toBe(200)
  return { user, session, secret, recoveryCodes: confirm.json().recoveryCodes as string[] }
}

function passwordStep(username: string) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: testPassword } })
}
function secondStep(challenge: string, code: string) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login/2fa', payload: { challenge, code } })
}

describe('two-factor login', () => {
  it('stores the TOTP secret encrypted and asks for a code after the password', async () => {
    const { user, secret } = await enrolledUser()
    const stored = await database.pglite!.query<{ totp_secret: string }>('select totp_secret from users where id = $1', [user.id])
    expect(stored.rows[0].totp_secret).toMatch(/^v1\./)
    expect(stored.rows[0].totp_secret).not.toContain(secret)

    const step1 = await passwordStep(user.username)
    expect(step1.json()).toMatchObject({ twoFactorRequired: true })
    expect(step1.headers['set-cookie']).toBeUndefined()
    // The challenge is not a session.
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `sb_session=${step1.json().challenge}` } })).statusCode,
    ).toBe(401)

    const step2 = await secondStep(step1.json().challenge, await codeAt(secret, 0))
    expect(step2.statusCode).toBe(200)
    const cookie = sessionCookieFrom(step2.headers['set-cookie'])
    expect(cookie).not.toContain(step1.json().challenge)
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200)
  })

  it('accepts a code one 30 s step off (clock skew) but not three steps off', async () => {
    const { user, secret } = await enrolledUser()
    const skewed = await secondStep((await passwordStep(user.username)).json().challenge, await codeAt(secret, 30))
    expect(skewed.statusCode).toBe(200)
    const tooOld = await secondStep((await passwordStep(user.username)).json().challenge, await codeAt(secret, -90))
    expect(tooOld.statusCode).toBe(401)
  })

  it('never accepts the same TOTP code twice (no replay inside the skew window)', async () => {
    const { user, secret } = await enrolledUser()
    const code = await codeAt(secret, 0)
    expect((await secondStep((await passwordStep(user.username)).json().challenge, code)).statusCode).toBe(200)
    expect((await secondStep((await passwordStep(user.username)).json().challenge, code)).statusCode).toBe(401)
  })

  it('takes each recovery code once', async () => {
    const { user, recoveryCodes } = await enrolledUser()
    expect(recoveryCodes).toHaveLength(10)
    const first = await secondStep((await passwordStep(user.username)).json().challenge, recoveryCodes[0])
    expect(first.statusCode).toBe(200)
    const again = await secondStep((await passwordStep(user.username)).json().challenge, recoveryCodes[0])
    expect(again.statusCode).toBe(401)
    const other = await secondStep((await passwordStep(user.username)).json().challenge, recoveryCodes[1].toUpperCase())
    expect(other.statusCode).toBe(200)
  })

  it('disables 2FA only with password and code', async () => {
    const { user, session, secret } = await enrolledUser()
    const noCode = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/2fa/disable',
      headers: session.headers,
      payload: { password: testPassword, code: '000000' },
    })
    expect(noCode.statusCode).toBe(401)
    const badPassword = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/2fa/disable',
      headers: session.headers,
      payload: { password: 'wrong-password-1', code: await codeAt(secret, 0) },
    })
    expect(badPassword.statusCode).toBe(401)
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/2fa/disable',
      headers: session.headers,
      payload: { password: testPassword, code: await codeAt(secret, 0) },
    })
    expect(ok.statusCode).toBe(204)
    expect((await passwordStep(user.username)).json().twoFactorRequired).toBe(false)
  })
})

describe('API tokens', () => {
  async function tokenFor(headers: Record<string, string>, scopes: string[], extra: Record<string, unknown> = {}) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers,
      payload: { name: scopes.join('+'), scopes, ...extra },
    })
    expect(response.statusCode).toBe(201)
    return response.json()
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
  const ingestBody = {
    source: { type: 'api', name: 'token test' },
    messages: [{ externalId: 'm1', conversation: { externalId: 'c1' }, sentAt: '2026-01-01T00:00:00Z', content: 'hello' }],
  }

  it('shows the secret once, stores only its hash, and enforces scopes', async () => {
    const user = await createTestUser(database, { workspaceId })
    const session = await login(app, user.username)
    const read = await tokenFor(session.headers, ['read'])
    expect(read.token).toMatch(/^sbx_/)
    const listed = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers: session.headers })
    expect(listed.body).not.toContain(read.token)
    const stored = await database.pglite!.query<{ token_hash: string }>('select token_hash from api_tokens where id = $1', [read.id])
    expect(stored.rows[0].token_hash).not.toContain(read.token)

    expect((await app.inject({ method: 'GET', url: '/api/v1/conversations', headers: bearer(read.token) })).statusCode).toBe(200)
    const readIngest = await app.inject({
      method: 'POST',
      url: '/api/v1/ingest/messages',
      headers: bearer(read.token),
      payload: ingestBody,
    })
    expect(readIngest.statusCode).toBe(403)

    const ingest = await tokenFor(session.headers, ['ingest'])
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/ingest/messages', headers: bearer(ingest.token), payload: ingestBody })).statusCode,
    ).toBe(200)
    // An ingest-only token cannot read data back.
    expect((await app.inject({ method: 'GET', url: '/api/v1/conversations', headers: bearer(ingest.token) })).statusCode).toBe(403)
    // Nor can it administer.
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: bearer(ingest.token) })).statusCode).toBe(403)
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(read.token) })
    expect(me.json().via.scopes).toEqual(['read'])
  })

  it('stops working at once when revoked, and after expiry', async () => {
    const user = await createTestUser(database, { workspaceId })
    const session = await login(app, user.username)
    const token = await tokenFor(session.headers, ['read'], { expiresInDays: 1 })
    expect((await app.inject({ method: 'GET', url: '/api/v1/conversations', headers: bearer(token.token) })).statusCode).toBe(200)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 2 * 86_400_000)
    const expired = await app.inject({ method: 'GET', url: '/api/v1/conversations', headers: bearer(token.token) })
    vi.useRealTimers()
    expect(expired.statusCode).toBe(401)

    const other = await tokenFor(session.headers, ['read'])
    const revoke = await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${other.id}`, headers: session.headers })
    expect(revoke.statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: '/api/v1/conversations', headers: bearer(other.token) })).statusCode).toBe(401)
  })

  it('never gives a token more than its creator role: viewers get read tokens only and cannot write', async () => {
    const viewer = await createTestUser(database, { workspaceId, role: 'viewer' })
    const session = await login(app, viewer.username)
    const denied = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: session.headers,
      payload: { name: 'w', scopes: ['write'] },
    })
    expect(denied.statusCode).toBe(403)
    const read = await tokenFor(session.headers, ['read'])
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/ingest/messages', headers: bearer(read.token), payload: ingestBody })).statusCode,
    ).toBe(403)
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/ingest/messages', headers: session.headers, payload: ingestBody })).statusCode,
    ).toBe(403)
  })
})
