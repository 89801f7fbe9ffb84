// Connecting a source through the real sources API and counting rows, for the connector tests.
import { expect } from 'vitest'
import type { Database } from '../../src/db/client.js'

type Injectable = { app: { inject: (opts: any) => Promise<any> }; auth: Record<string, string> }

export async function connectSource(t: Injectable, connector: string, settings: Record<string, unknown>, name?: string) {
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/sources', headers: t.auth, payload: { connector, settings, name } })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as { id: string; name: string; config: Record<string, any>; notices: string[] }
}

export async function syncNow(t: Injectable, sourceId: string) {
  const response = await t.app.inject({ method: 'POST', url: `/api/v1/sources/${sourceId}/sync`, headers: t.auth })
  expect(response.statusCode, response.body).toBeLessThan(300)
  return response.json().result as { status: string; fetched: number; stored: number; skipped: number; errors: number; error?: string }
}

export async function countRows(database: Database, sql: string, params: unknown[] = []) {
  const [row] = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) AS q`, params)
  return row.n
}
