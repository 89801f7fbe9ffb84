// The test apps check replies against their schemas: a schema that drops or converts what a service returned fails.
import { describe, expect, it } from 'vitest'
import Fastify from 'fastify'
import { z } from 'zod'
import { validatorCompiler } from 'fastify-type-provider-zod'
import { responseSerializerCompiler } from './response-serializer.js'

async function appReturning(reply: unknown, checked: boolean) {
  const app = Fastify()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(responseSerializerCompiler({ checked }))
  const schema = z.object({ id: z.string(), at: z.union([z.date(), z.string()]) })
  app.get('/thing', { schema: { response: { 200: schema } } }, async () => reply)
  await app.ready()
  return app
}

describe('the response serializer', () => {
  it('sends what the service returned when the schema describes all of it (Dates as ISO text)', async () => {
    const app = await appReturning({ id: 'a', at: new Date('2026-01-02T03:04:05Z') }, true)
    const res = await app.inject({ url: '/thing' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ id: 'a', at: '2026-01-02T03:04:05.000Z' })
  })

  it('fails in checked mode when the schema would strip a field the service returned', async () => {
    const app = await appReturning({ id: 'a', at: 'now', secret: 'x' }, true)
    const res = await app.inject({ url: '/thing' })
    expect(res.statusCode).toBe(500)
  })

  it('strips the field outside checked mode (what production does)', async () => {
    const app = await appReturning({ id: 'a', at: 'now', secret: 'x' }, false)
    const res = await app.inject({ url: '/thing' })
    expect(res.json()).toEqual({ id: 'a', at: 'now' })
  })

  it('refuses a reply of the wrong type in any mode', async () => {
    const app = await appReturning({ id: 1, at: 'now' }, false)
    expect((await app.inject({ url: '/thing' })).statusCode).toBe(500)
  })
})
