// The PostgreSQL server named by SIGNALBOX_TEST_DATABASE_URL (CI starts one with .ci/start-postgres.sh, pgvector
// built from the vendored source by .ci/build-pgvector.sh); tests work in scratch databases on it.
import { scratchServerDatabase, withServerClient } from '../../bench/scratch-server-database.js'

export const serverUrl = process.env.SIGNALBOX_TEST_DATABASE_URL

/** Whether the server can CREATE EXTENSION vector (false without a server). */
export async function serverHasPgvector(): Promise<boolean> {
  if (!serverUrl) return false
  return withServerClient(
    serverUrl,
    async (c) => (await c.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`)).rowCount === 1,
  )
}

export const pgvectorSkipReason =
  'skipped: needs SIGNALBOX_TEST_DATABASE_URL pointing at a PostgreSQL server with pgvector ' +
  "(on this project's machines: bash .ci/build-pgvector.sh && export SIGNALBOX_TEST_DATABASE_URL=$(bash .ci/start-postgres.sh))"

/** An empty database on the test server, with a function that drops it. */
export const scratchDatabase = (prefix: string) => scratchServerDatabase(serverUrl!, prefix)
