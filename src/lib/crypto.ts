// Secrets at rest: AES-256-GCM under the master key. The stored form names the key id, so rotation can
// find what still uses an old key. Hashing helpers for tokens that are shown once and stored hashed.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export type MasterKey = { id: string; key: Buffer }

/** The key id is a short fingerprint of the key, never the key itself. */
export function masterKey(key: Buffer): MasterKey {
  if (key.length !== 32) throw new Error('The master key must be 32 bytes')
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 12), key }
}

/** `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). */
export function encryptSecret(plaintext: string, master: MasterKey): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', master.key, iv)
  cipher.setAAD(Buffer.from(master.id))
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const tag = cipher.getAuthTag()
  return ['v1', master.id, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.')
}

export function secretKeyId(stored: string): string {
  return stored.split('.')[1] ?? ''
}

export class SecretDecryptionError extends Error {}

/** Decrypts with whichever of `keys` matches the stored key id. */
export function decryptSecret(stored: string, keys: MasterKey | MasterKey[]): string {
  const [version, keyId, iv, tag, ciphertext] = stored.split('.')
  if (version !== 'v1' || !ciphertext) throw new SecretDecryptionError('Unrecognised secret format')
  const master = (Array.isArray(keys) ? keys : [keys]).find((k) => k.id === keyId)
  if (!master) throw new SecretDecryptionError(`No master key with id ${keyId}: was the key rotated without its data?`)
  try {
    const decipher = createDecipheriv('aes-256-gcm', master.key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(master.id))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    throw new SecretDecryptionError('Secret could not be decrypted (wrong key or tampered data)')
  }
}

/** Random token for people to copy (API tokens, session ids): 256 bits, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/** Tokens are high-entropy, so a plain SHA-256 is the right stored form (no salt or KDF needed). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
