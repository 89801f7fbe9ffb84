// A scratch database on a PostgreSQL server, created empty and dropped afterwards: bench:search --database-url
// and the server-mode tests run in one so they never touch the server's other databases.
import { randomUUID } from 'node:crypto'
import pg from 'pg'

export async function withServerClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Creates `<prefix>_<random>` on the server of `url`; returns its URL and a function that drops it. */
export async function scratchServerDatabase(url: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`
  await withServerClient(url, (c) => c.query(`CREATE DATABASE ${name}`))
  const scratch = new URL(url)
  scratch.pathname = `/${name}`
  return {
    url: scratch.toString(),
    drop: async () => {
      await withServerClient(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
    },
  }
}
