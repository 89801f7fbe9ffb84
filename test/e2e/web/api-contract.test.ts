// The web app's API client against the server's OpenAPI document: every operation the client calls must exist,
// once the module that owns its area is installed (until then the page shows "not available").
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paths } from '../../../web/src/api/paths.js'
import { testApp } from '../../helpers/app.js'

type App = Awaited<ReturnType<typeof testApp>>['app']
let app: App
let operations: Set<string>

const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}').replace(/:[A-Za-z]+/g, '{}')
/** /api/v1/llm/usage -> llm/usage; /api/v1/tasks/{id} -> tasks: the unit a module adds at once. */
function area(path: string) {
  const [first, second] = path.replace('/api/v1/', '').split('/')
  return ['llm', 'admin', 'analysis', 'auth'].includes(first) && second && !second.startsWith('{') && !second.startsWith(':') ? `${first}/${second}` : first
}

beforeAll(async () => {
  ;({ app } = await testApp())
  const document = (await app.inject({ url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> }
  operations = new Set(Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${shape(path)}`)))
}, 300_000) // migrating the template database takes minutes on a loaded 2-core runner
afterAll(async () => {
  await app?.close()
})

describe('web API client contract', () => {
  it('calls only operations the server documents, for every area the server offers', () => {
    const offeredAreas = new Set([...operations].map((op) => area(op.split(' ')[1])))
    const missing = Object.entries(paths)
      .filter(([, [, path]]) => offeredAreas.has(area(path)))
      .filter(([, [method, path]]) => !operations.has(`${method} ${shape(path)}`))
      .map(([name, [method, path]]) => `${name}: ${method} ${path}`)
    expect(missing).toEqual([])
  })

  it('covers the message store that every installation has', () => {
    for (const name of ['listConversations', 'listConversationMessages', 'getMessage'] as const) {
      const [method, path] = paths[name]
      expect(operations.has(`${method} ${shape(path)}`), name).toBe(true)
    }
  })
})
