import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openPglite } from './client.js'

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-client-'))
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }))

const settings = `SELECT current_setting('shared_buffers') AS shared_buffers, current_setting('random_page_cost') AS random_page_cost`

describe('openPglite', () => {
  it('gives an on-disk database the configured buffer cache and SSD-like page costs', async () => {
    const database = await openPglite(workDir, { sharedBuffers: '48MB' })
    try {
      expect(await database.query(settings)).toEqual([{ shared_buffers: '48MB', random_page_cost: '1.1' }])
    } finally {
      await database.close()
    }
  })
})
