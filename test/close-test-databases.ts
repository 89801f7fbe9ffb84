// Setup file of the module tests (vitest.config.ts): after each file, close the databases it opened and did not
// close. Registered first, this afterAll runs after the file's own.
import { afterAll } from 'vitest'
import { closeTestDatabases } from './helpers/database.js'

afterAll(closeTestDatabases)
