// Logging in with an OAuth2 bearer token instead of a password (SASL XOAUTH2, as Gmail and Microsoft 365 want):
// Dovecot's oauth2 passdb checks the token against an RFC 7662 introspection endpoint, here a local HTTP server
// standing in for the identity provider, which knows one valid token.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../providers.js'
import { testContext } from '../../../../test/helpers/database.js'
import { dovecotAvailable, dovecotSkipReason, startDovecot, type TestDovecot } from '../../../../test/helpers/dovecot.js'
import type { ServiceContext } from '../../../lib/context.js'
import { ValidationError } from '../../../lib/errors.js'
import { createConnectedSource, runSourceSync } from '../../sources/index.js'

const validToken = 'ya29.a0-signalbox-test-access-token'

if (!dovecotAvailable) console.warn(dovecotSkipReason)

describe.skipIf(!dovecotAvailable)('IMAP login with an OAuth2 access token', () => {
  let dovecot: TestDovecot
  let provider: http.Server
  let ctx: ServiceContext
  const introspected: string[] = []

  beforeAll(async () => {
    provider = http.createServer((request, response) => {
      let body = ''
      request.on('data', (chunk) => (body += chunk))
      request.on('end', () => {
        const token = new URLSearchParams(body).get('token') ?? ''
        introspected.push(token)
        response.setHeader('content-type', 'application/json')
        response.end(JSON.stringify(token === validToken ? { active: true, username: 'erin' } : { active: false }))
      })
    })
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve))
    const { port } = provider.address() as AddressInfo
    dovecot = await startDovecot({ user: 'erin', oauth2IntrospectionUrl: `http://127.0.0.1:${port}/introspect` })
    dovecot.deliver('INBOX', fs.readFileSync(path.resolve('test/fixtures/email-imap/only_text.eml')))
    ctx = await testContext()
  })
  afterAll(async () => {
    await dovecot?.stop()
    await new Promise((resolve) => provider?.close(resolve))
  })

  const settings = (accessToken: string) => ({
    host: dovecot.host,
    port: dovecot.port,
    tls: false,
    user: dovecot.user,
    accessToken,
    folders: ['INBOX'],
  })

  it('a valid token connects and syncs; it is sealed like a password, never in the config', async () => {
    const source = await createConnectedSource(ctx, { connector: 'imap', settings: settings(validToken) })
    expect(JSON.stringify(source.config)).not.toContain(validToken)
    const [row] = await ctx.database.query<{ secrets_encrypted: string }>(`SELECT secrets_encrypted FROM sources WHERE id = $1`, [
      source.id,
    ])
    expect(row.secrets_encrypted).not.toContain(validToken)
    expect(await runSourceSync(ctx, source.id, 'test')).toMatchObject({ status: 'completed', fetched: 1, stored: 1 })
    expect(introspected).toContain(validToken)
  })

  it('a token the provider does not know is refused on settings.accessToken', async () => {
    const attempt = createConnectedSource(ctx, { connector: 'imap', settings: settings('expired-token') })
    await expect(attempt).rejects.toBeInstanceOf(ValidationError)
    await expect(attempt).rejects.toMatchObject({ details: [{ path: 'settings.accessToken' }] })
    expect(introspected).toContain('expired-token')
  })
})
