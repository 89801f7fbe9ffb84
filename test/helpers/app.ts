// Builds the real Fastify app over a fresh PGlite for HTTP tests (fastify inject, no port).
import { buildApp, type AppOptions } from '../../src/app.js'
import { freshDatabase, silentLog, testConfig } from './database.js'
import { ensureDefaultWorkspace } from '../../src/modules/workspaces/index.js'

export const testLocalToken = 'test-local-token-0123456789abcdef'

export async function testApp(options: Partial<AppOptions> = {}) {
  const database = options.database ?? (await freshDatabase())
  const defaultWorkspaceId = await ensureDefaultWorkspace({ database })
  const app = await buildApp({
    database,
    config: testConfig(),
    log: silentLog,
    defaultWorkspaceId,
    localToken: testLocalToken,
    checkResponses: true,
    ...options,
  })
  await app.ready()
  return { app, database, defaultWorkspaceId, auth: { authorization: `Bearer ${testLocalToken}` } }
}
