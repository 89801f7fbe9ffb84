import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { webStaticRoutes } from './static-files.js'
import { testApp } from '../../../test/helpers/app.js'

describe('web app static serving', () => {
  let distDir: string
  let app: FastifyInstance
  beforeAll(async () => {
    distDir = mkdtempSync(join(tmpdir(), 'sb-web-dist-'))
    mkdirSync(join(distDir, 'assets'))
    writeFileSync(join(distDir, 'index.html'), '<!doctype html><div id="root">signalbox-app</div>')
    writeFileSync(join(distDir, 'assets', 'main-abc123.js'), 'console.log("app")')
    writeFileSync(join(tmpdir(), 'sb-web-secret.txt'), 'outside')
    app = Fastify()
    app.setNotFoundHandler((_request, reply) => reply.status(404).send({ error: { code: 'not_found' } }))
    await app.register(webStaticRoutes(distDir))
    await app.ready()
  })
  afterAll(async () => {
    await app.close()
    rmSync(distDir, { recursive: true, force: true })
  })

  it('serves index.html at / and for client-side routes', async () => {
    for (const url of ['/', '/inbox', '/search?q=deploy', '/conversations/123']) {
      const response = await app.inject({ url })
      expect(response.statusCode, url).toBe(200)
      expect(response.body).toContain('signalbox-app')
      expect(response.headers['content-type']).toContain('text/html')
    }
  })

  it('serves hashed assets with a long cache lifetime', async () => {
    const response = await app.inject({ url: '/assets/main-abc123.js' })
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('console.log')
    expect(response.headers['cache-control']).toContain('immutable')
  })

  it('answers a missing asset and unknown API paths with 404, not the app', async () => {
    expect((await app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404)
    const api = await app.inject({ url: '/api/v1/nothing-here' })
    expect(api.statusCode).toBe(404)
    expect(api.json()).toEqual({ error: { code: 'not_found' } })
  })

  it('never serves files outside the build directory', async () => {
    const response = await app.inject({ url: '/..%2Fsb-web-secret.txt' })
    expect(response.body).not.toContain('outside')
  })

  it('explains how to build when web/dist is missing', async () => {
    const bare = Fastify()
    await bare.register(webStaticRoutes(join(distDir, 'does-not-exist')))
    const response = await bare.inject({ url: '/' })
    expect(response.statusCode).toBe(503)
    expect(response.body).toContain('npm run build:web')
    await bare.close()
  })

  it('leaves the API, health probes and OpenAPI document of the real app alone', async () => {
    const { app: real, auth } = await testApp()
    expect((await real.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' })
    expect((await real.inject({ url: '/api/docs/json' })).json()).toHaveProperty('openapi')
    const missing = await real.inject({ url: '/api/v1/no-such-route', headers: auth })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error.code).toBe('not_found')
    const conversations = await real.inject({ url: '/api/v1/conversations', headers: auth })
    expect(conversations.statusCode).toBe(200)
    await real.close()
  }, 300_000) // builds and migrates a database: minutes on a loaded 2-core runner
})
