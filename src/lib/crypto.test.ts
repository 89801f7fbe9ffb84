import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { decryptSecret, encryptSecret, masterKey, SecretDecryptionError, secretKeyId } from './crypto.js'

describe('secrets at rest', () => {
  it('round-trips and records which key encrypted it', () => {
    const key = masterKey(randomBytes(32))
    const stored = encryptSecret('sk-live-123', key)
    expect(stored).not.toContain('sk-live-123')
    expect(secretKeyId(stored)).toBe(key.id)
    expect(decryptSecret(stored, key)).toBe('sk-live-123')
  })

  it('refuses a tampered value or the wrong key', () => {
    const key = masterKey(randomBytes(32))
    const stored = encryptSecret('secret', key)
    const parts = stored.split('.')
    parts[4] = Buffer.from('tampered').toString('base64url')
    expect(() => decryptSecret(parts.join('.'), key)).toThrow(SecretDecryptionError)
    expect(() => decryptSecret(stored, masterKey(randomBytes(32)))).toThrow(/No master key/)
  })
})
