// The one raw-SQL handle type and the one way to run work in a transaction (Drizzle's), shared by every module.
import type { Database, Db } from './client.js'

/** Anything that runs one parameterised statement and returns its rows: the database itself or a transaction.
 * Rows are typed by the caller (`query<{ id: string }>(...)`); without a type they are plain records. */
export type Queryable = { query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> }

/** A transaction seen two ways: raw SQL through `query` and Drizzle builders through `db`, on one connection. */
export type Transaction = Queryable & { db: Db }

/** The driver connection Drizzle runs a transaction on: a PGlite transaction or a node-postgres PoolClient. Both
 * answer `query(text, params)` with `{ rows }`, and both parse column types as `Database.query` does (Drizzle's own
 * `execute` would return timestamps as strings, so raw statements go to the connection directly). */
type DriverConnection = { query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }> }

function transactionHandle(tx: Db): Transaction {
  // Drizzle keeps the transaction's connection on its session (marked internal in its typings).
  const connection = (tx as unknown as { session: { client: DriverConnection } }).session.client
  return {
    db: tx,
    async query<T>(text: string, params?: unknown[]) {
      return (await connection.query(text, params)).rows as T[]
    },
  }
}

/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(ctx: { database: Database }, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return ctx.database.db.transaction(async (tx) => work(transactionHandle(tx as unknown as Db)))
}
