// A scratch database on the PostgreSQL server named by SIGNALBOX_TEST_DATABASE_URL (CI starts one with
// .ci/start-postgres.sh, pgvector built from the vendored source by .ci/build-pgvector.sh), dropped afterwards.
import { randomUUID } from 'node:crypto'
import pg from 'pg'

export const serverUrl = process.env.SIGNALBOX_TEST_DATABASE_URL

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Whether the server can CREATE EXTENSION vector (false without a server). */
export async function serverHasPgvector(): Promise<boolean> {
  if (!serverUrl) return false
  return withAdmin(async (c) => (await c.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`)).rowCount === 1)
}

export const pgvectorSkipReason =
  'skipped: needs SIGNALBOX_TEST_DATABASE_URL pointing at a PostgreSQL server with pgvector ' +
  '(on this project\'s machines: bash .ci/build-pgvector.sh && export SIGNALBOX_TEST_DATABASE_URL=$(bash .ci/start-postgres.sh))'

/** Creates an empty database on the server; returns its URL and a function that drops it. */
export async function scratchDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`))
  const url = new URL(serverUrl!)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) }
}
