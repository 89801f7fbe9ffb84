// inTransaction on the embedded database (the server variant is transaction.server.test.ts).
import { describe } from 'vitest'
import { freshDatabase } from '../../test/helpers/database.js'
import { transactionCases } from '../../test/helpers/transaction-cases.js'

describe('inTransaction on PGlite', () => {
  transactionCases(freshDatabase)
})
