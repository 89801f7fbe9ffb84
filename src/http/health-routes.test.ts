// Health probes answer without flooding the console: their access logs are at debug, other requests' at info.
import { afterAll, describe, expect, it } from 'vitest'
import { Writable } from 'node:stream'
import { createLogger } from '../lib/logger.js'
import { testApp } from '../../test/helpers/app.js'

const lines: Array<{ msg: string; level: number; url?: string; req?: { url: string } }> = []
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
    done()
  },
})
const { app, database } = await testApp({ log: createLogger('debug', sink) })

afterAll(async () => {
  await app.close()
  await database.close()
})

describe('health probes', () => {
  it('answer /healthz and /readyz with their access log at debug, not info', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' })
      expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' })
    }
    await app.inject({ url: '/api/v1/conversations' })
    const atInfo = lines.filter((l) => l.level >= 30 && l.msg === 'incoming request').map((l) => l.req?.url)
    expect(atInfo).toEqual(['/api/v1/conversations'])
    const probesAtDebug = lines.filter((l) => l.level === 20 && l.msg === 'incoming request').map((l) => l.req?.url)
    expect(probesAtDebug).toEqual(['/readyz', '/healthz', '/readyz', '/healthz', '/readyz', '/healthz'])
  })
})
