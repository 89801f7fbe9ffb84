// The committed typed client (web/src/api/schema.d.ts, used by the web app and the CLI's remote calls) must be
// what the current routes generate: a route change without `npm run gen:api` fails here.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { generateSchemaSource, generatedSchemaPath } from '../../../scripts/gen-api.js'

describe('generated API client types', () => {
  it('web/src/api/schema.d.ts matches a fresh generation from the routes', async () => {
    const fresh = await generateSchemaSource()
    const committed = fs.existsSync(generatedSchemaPath) ? fs.readFileSync(generatedSchemaPath, 'utf8') : ''
    const stale = committed !== fresh
    expect(stale, 'web/src/api/schema.d.ts is stale: run `npm run gen:api` and commit the result').toBe(false)
  }, 120_000)

  it('types the operations the web app and the CLI call, with their parameters', () => {
    const committed = fs.readFileSync(generatedSchemaPath, 'utf8')
    for (const operation of ['"/api/v1/proposals/bulk"', '"/api/v1/conversations/{id}/messages"', '"/api/v1/auth/login"']) {
      expect(committed).toContain(operation)
    }
    expect(committed).toMatch(/"\/api\/v1\/tasks\/\{id\}": \{[\s\S]*?path: \{\s*id: string;/)
  })
})
