// The web app calls the API through the typed client (web/src/api/client.ts over schema.d.ts), so a wrong path or
// method fails the web typecheck. This test holds the same promise without it: every API path written in the web
// sources, with its method where the call names one, is an operation of the server's OpenAPI document.
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from '../../../scripts/gen-api.js'

const webSources = path.resolve(import.meta.dirname, '../../../web/src')
let operations: Set<string>
let documentedPaths: Set<string>

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : []
  })
}

/** The API operations the web sources name: `apiClient.POST('/api/v1/…')`, `api.useQuery('get', '/api/v1/…')`, `can('get', …)`… */
function operationsInWebSources() {
  const paths = new Map<string, string>()
  const calls = new Map<string, string>()
  for (const file of sourceFiles(webSources)) {
    const text = fs.readFileSync(file, 'utf8')
    const where = path.relative(webSources, file)
    for (const [, apiPath] of text.matchAll(/['"](\/api\/v1\/[^'"`$]*)['"]/g)) paths.set(apiPath, where)
    for (const [, method, apiPath] of text.matchAll(/\b(GET|POST|PUT|PATCH|DELETE)\(\s*'(\/api\/v1\/[^']*)'/g))
      calls.set(`${method} ${apiPath}`, where)
    for (const [, method, apiPath] of text.matchAll(
      /\b(?:useQuery|useInfiniteQuery|useMutation|queryOptions|can)\(\s*'(get|post|put|patch|delete)',\s*'(\/api\/v1\/[^']*)'/g,
    )) {
      calls.set(`${method.toUpperCase()} ${apiPath}`, where)
    }
    for (const [, apiPath] of text.matchAll(/postEventStream\(\s*'(\/api\/v1\/[^']*)'/g)) calls.set(`POST ${apiPath}`, where)
  }
  return { paths, calls }
}

beforeAll(async () => {
  const document = (await buildOpenApiDocument()) as { paths: Record<string, Record<string, unknown>> }
  documentedPaths = new Set(Object.keys(document.paths))
  operations = new Set(
    Object.entries(document.paths).flatMap(([apiPath, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${apiPath}`)),
  )
}, 120_000)

describe('web API client contract', () => {
  const { paths, calls } = operationsInWebSources()

  it('names only API paths the server documents', () => {
    expect(paths.size).toBeGreaterThan(40)
    const unknown = [...paths].filter(([apiPath]) => !documentedPaths.has(apiPath)).map(([apiPath, file]) => `${apiPath} (${file})`)
    expect(unknown).toEqual([])
  })

  it('calls each operation with a method the server offers for it', () => {
    expect(calls.size).toBeGreaterThan(40)
    for (const operation of ['GET /api/v1/conversations', 'POST /api/v1/proposals/bulk', 'GET /api/v1/messages/{id}'])
      expect(calls.has(operation), operation).toBe(true)
    const missing = [...calls].filter(([operation]) => !operations.has(operation)).map(([operation, file]) => `${operation} (${file})`)
    expect(missing).toEqual([])
  })
})
