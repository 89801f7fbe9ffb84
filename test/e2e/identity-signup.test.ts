// Signup with PIN: the request, the admin who reads the PIN, and the rules on wrong, expired and used PINs.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { testApp } from '../helpers/app.js'
import { testConfig } from '../helpers/database.js'
import { createTestUser, sessionCookieFrom, testPassword, uniqueName } from '../helpers/identity.js'
import type { Database } from '../../src/db/client.js'

let app: FastifyInstance
let database: Database
let admin: Record<string, string>
let ipCounter = 0
const nextIp = () => `10.9.${Math.floor(++ipCounter / 200)}.${ipCounter % 200}`

beforeAll(async () => {
  const built = await testApp()
  app = built.app
  database = built.database
  admin = built.auth
}, 300_000) // the first migration of a test file can take minutes when every core is busy
afterAll(async () => {
  vi.useRealTimers()
  await app?.close()
})

async function signup(username: string, ip = nextIp()) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { username, password: testPassword }, remoteAddress: ip })
}
async function pendingRequest(username: string) {
  const list = await app.inject({ method: 'GET', url: '/api/v1/admin/signup-requests', headers: admin })
  return list.json().requests.find((r: any) => r.username === username)
}
function verify(username: string, pin: string, ip = nextIp()) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/signup/verify', payload: { username, pin }, remoteAddress: ip })
}
const wrongPinFor = (pin: string) => String((Number(pin) + 1) % 1_000_000).padStart(6, '0')

describe('signup with PIN', () => {
  it('creates a request whose PIN only an admin sees, and the right PIN makes the account', async () => {
    const username = uniqueName('new')
    const response = await signup(username)
    expect(response.statusCode).toBe(202)
    expect(response.body).not.toMatch(/\d{6}/)
    const request = await pendingRequest(username)
    expect(request.pin).toMatch(/^\d{6}$/)
    expect(request.attemptsLeft).toBe(5)

    const wrong = await verify(username, wrongPinFor(request.pin))
    expect(wrong.statusCode).toBe(401)
    expect((await pendingRequest(username)).attemptCount).toBe(1)

    const right = await verify(username, request.pin)
    expect(right.statusCode).toBe(201)
    const cookie = sessionCookieFrom(right.headers['set-cookie'])
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })
    expect(me.json().user.username).toBe(username)
    expect(me.json().activeWorkspace.role).toBe('member')
    expect(await pendingRequest(username)).toBeUndefined()

    // Used: the same PIN does nothing a second time.
    expect((await verify(username, request.pin)).statusCode).toBe(401)
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: testPassword } })
    expect(login.statusCode).toBe(200)
  })

  it('rejects an expired PIN', async () => {
    const username = uniqueName('late')
    await signup(username)
    const request = await pendingRequest(username)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 25 * 3600 * 1000)
    const late = await verify(username, request.pin)
    vi.useRealTimers()
    expect(late.statusCode).toBe(401)
    expect(late.json().error.message).toBe('Wrong or expired PIN')
  })

  it('throttles PIN guessing, burns the request after 5 attempts, then locks', async () => {
    const username = uniqueName('guess')
    await signup(username)
    const { pin } = await pendingRequest(username)
    const wrong = wrongPinFor(pin)
    let now = Date.now()
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(now)
      for (let i = 0; i < 3; i++) expect((await verify(username, wrong)).statusCode).toBe(401)
      const throttled = await verify(username, pin)
      expect(throttled.statusCode).toBe(429)
      expect(throttled.json().error.message).toMatch(/slow down/)
      for (let i = 3; i < 5; i++) {
        now += 2 ** (i - 3) * 1000 + 1000
        vi.setSystemTime(now)
        expect((await verify(username, wrong)).statusCode).toBe(401)
      }
      // Five attempts used: even the right PIN is refused now, and the admin no longer sees a usable PIN.
      now += 60_000
      vi.setSystemTime(now)
      expect((await verify(username, pin)).statusCode).toBe(401)
      expect((await pendingRequest(username)).pin).toBeNull()
      for (let i = 6; i < 10; i++) {
        now += 2 ** (i - 3) * 1000 + 1000
        vi.setSystemTime(now)
        expect((await verify(username, wrong)).statusCode).toBe(401)
      }
      now += 300_000
      vi.setSystemTime(now)
      const locked = await verify(username, pin)
      expect(locked.statusCode).toBe(429)
      expect(locked.json().error.message).toMatch(/locked/)
    } finally {
      vi.useRealTimers()
    }
  })

  it('answers a taken username exactly like a free one, and creates no request for it', async () => {
    const existing = await createTestUser(database)
    const taken = await signup(existing.username)
    const free = await signup(uniqueName('free'))
    expect(taken.statusCode).toBe(202)
    expect(taken.body).toBe(free.body)
    expect(await pendingRequest(existing.username)).toBeUndefined()
  })

  it('applies the password policy', async () => {
    const username = uniqueName('weak')
    for (const password of ['short', 'password123', `${username}-long-enough`]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        payload: { username, password },
        remoteAddress: nextIp(),
      })
      expect(response.statusCode).toBe(400)
      expect(response.json().error.details[0].path).toBe('password')
    }
  })

  it('limits signups per IP', async () => {
    const ip = nextIp()
    for (let i = 0; i < 5; i++) expect((await signup(uniqueName('burst'), ip)).statusCode).toBe(202)
    expect((await signup(uniqueName('burst'), ip)).statusCode).toBe(429)
  })

  it('can be closed by an admin setting', async () => {
    const put = await app.inject({ method: 'PUT', url: '/api/v1/admin/settings/signup.open', headers: admin, payload: { value: false } })
    expect(put.statusCode).toBe(200)
    expect((await signup(uniqueName('closed'))).statusCode).toBe(403)
    const bad = await app.inject({ method: 'PUT', url: '/api/v1/admin/settings/signup.open', headers: admin, payload: { value: 'nope' } })
    expect(bad.statusCode).toBe(400)
    expect(
      (await app.inject({ method: 'PUT', url: '/api/v1/admin/settings/no.such', headers: admin, payload: { value: 1 } })).statusCode,
    ).toBe(404)
    await app.inject({ method: 'PUT', url: '/api/v1/admin/settings/signup.open', headers: admin, payload: { value: true } })
    const settings = await app.inject({ method: 'GET', url: '/api/v1/admin/settings', headers: admin })
    expect(settings.json().settings.find((s: any) => s.key === 'signup.open').value).toBe(true)
  })
})

describe('first run', () => {
  it('with --first-user-admin, the first signup becomes the admin and owner; the next one waits for a PIN', async () => {
    const { app: fresh } = await testApp({ config: { ...testConfig(), firstUserAdmin: true } })
    try {
      const first = await fresh.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        payload: { username: 'founder', password: testPassword },
        remoteAddress: '10.8.0.1',
      })
      expect(first.statusCode).toBe(201)
      expect(first.json().user.isAdmin).toBe(true)
      const second = await fresh.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        payload: { username: 'second', password: testPassword },
        remoteAddress: '10.8.0.2',
      })
      expect(second.statusCode).toBe(202)
      const login = await fresh.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'founder', password: testPassword },
      })
      const cookie = sessionCookieFrom(login.headers['set-cookie'])
      const me = await fresh.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })
      expect(me.json().activeWorkspace.role).toBe('owner')
      const requests = await fresh.inject({ method: 'GET', url: '/api/v1/admin/signup-requests', headers: { cookie } })
      expect(requests.json().requests.map((r: any) => r.username)).toEqual(['second'])
    } finally {
      await fresh.close()
    }
  })
})
