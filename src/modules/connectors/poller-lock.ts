// "One poller per bot across all processes": a PostgreSQL session advisory lock held on a connection of its own
// for as long as the poller runs. The embedded database is opened by one process only (the data dir lock), so
// there the lock is this process's own set of held keys.
import type { Database } from '../../db/client.js'

export type HeldLock = { release(): Promise<void> }

const heldInProcess = new Set<string>()

export async function tryPollerLock(database: Database, key: string): Promise<HeldLock | null> {
  if (!database.pool) {
    if (heldInProcess.has(key)) return null
    heldInProcess.add(key)
    return { release: async () => void heldInProcess.delete(key) }
  }
  const client = await database.pool.connect()
  try {
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [key])
    if (!rows[0]?.locked) {
      client.release()
      return null
    }
  } catch (error) {
    client.release()
    throw error
  }
  // Each lock has its own session, so two pollers of one process exclude each other just as two processes do.
  return {
    async release() {
      await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [key]).catch(() => undefined)
      client.release()
    },
  }
}
