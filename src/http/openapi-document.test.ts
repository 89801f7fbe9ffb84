// The OpenAPI document is the contract the web client is generated from: every operation must say what it answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { testApp } from '../../test/helpers/app.js'

type Operation = {
  parameters?: unknown[]
  requestBody?: unknown
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>
}
const methods = ['get', 'post', 'put', 'patch', 'delete'] as const

/** `METHOD /path: what is missing` for each operation without a success schema, or without a 4xx schema when it takes input. */
export function operationsMissingResponses(document: { paths?: Record<string, Partial<Record<string, Operation>>> }): string[] {
  const offenders: string[] = []
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of methods) {
      const operation = item[method]
      if (!operation) continue
      const responses = operation.responses ?? {}
      const statuses = Object.keys(responses)
      const hasSchema = (status: string) => status === '204' || Object.values(responses[status]?.content ?? {}).some((c) => c.schema)
      const missing: string[] = []
      if (!statuses.some((s) => /^2(\d\d|XX)$/i.test(s) && hasSchema(s))) missing.push('success')
      const takesInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined
      if (takesInput && !statuses.some((s) => (s === '400' || /^4XX$/i.test(s)) && hasSchema(s))) missing.push('400')
      if (missing.length) offenders.push(`${method.toUpperCase()} ${path}: no ${missing.join(', no ')} response schema`)
    }
  }
  return offenders
}

describe('the OpenAPI document', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    ;({ app } = await testApp())
  })
  afterAll(async () => app?.close())

  it('declares a response schema for the success status of every operation, and for 4xx where input can be refused', () => {
    const document = app.swagger() as Parameters<typeof operationsMissingResponses>[0]
    expect(Object.keys(document.paths ?? {}).length).toBeGreaterThan(50)
    expect(operationsMissingResponses(document)).toEqual([])
  })

  it('names an operation that answers without a schema', () => {
    const document = {
      paths: {
        '/things/{id}': {
          get: { parameters: [{ name: 'id' }], responses: { 200: { description: 'Default Response' } } },
          delete: { parameters: [{ name: 'id' }], responses: { 204: {}, '4XX': { content: { 'application/json': { schema: {} } } } } },
        },
      },
    }
    expect(operationsMissingResponses(document)).toEqual(['GET /things/{id}: no success, no 400 response schema'])
  })

  it('refers to the one shared error body', () => {
    const document = app.swagger() as any
    expect(document.components.schemas.ErrorResponse.properties.error.required).toEqual(['code', 'message'])
  })
})
