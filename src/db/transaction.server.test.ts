// inTransaction on a PostgreSQL server: Drizzle's transaction takes a pool connection and every statement of the
// work, raw or built, must run on it.
import { afterAll, beforeAll, describe } from 'vitest'
import { migrateDatabase, openPostgres, type Database } from './client.js'
import { pgvectorSkipReason, scratchDatabase, serverHasPgvector } from '../../test/helpers/server-database.js'
import { transactionCases } from '../../test/helpers/transaction-cases.js'

const withServer = await serverHasPgvector()
if (!withServer) console.log(`transaction.server.test.ts ${pgvectorSkipReason}`)

describe.runIf(withServer)('inTransaction on a PostgreSQL server', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>
  let database: Database
  beforeAll(async () => {
    scratch = await scratchDatabase('signalbox_tx')
    database = await openPostgres(scratch.url)
    await migrateDatabase(database)
  })
  afterAll(async () => {
    await database?.close()
    await scratch?.drop()
  })
  transactionCases(async () => database)
})
