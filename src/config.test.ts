import { describe, expect, it } from 'vitest'
import path from 'node:path'
import { ConfigError, loadConfig } from './config.js'

describe('loadConfig', () => {
  it('uses the embedded database in ./data when DATABASE_URL is absent', () => {
    const config = loadConfig({})
    expect(config.databaseUrl).toBeUndefined()
    expect(config.dataDir).toBe(path.resolve('./data'))
    expect(config.port).toBe(3000)
    expect(config.host).toBe('127.0.0.1')
    expect(config.pgliteSharedBuffers).toBe('256MB')
  })

  it.each([
    ['PORT', 'eighty'],
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_URL', 'mysql://x'],
    ['SIGNALBOX_SECRET_KEY', 'short'],
    ['SIGNALBOX_EMBEDDING_BATCH_SIZE', '0'],
    ['SIGNALBOX_EMBEDDING_TIMEOUT_MS', 'soon'],
    ['SIGNALBOX_PGLITE_SHARED_BUFFERS', '256'],
  ])('stops with one line naming %s when it is invalid', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError)
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^Invalid environment variable ${variable}: `))
  })
})
