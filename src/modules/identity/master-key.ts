// The master key for the identity module's encrypted columns (TOTP secrets, signup PINs), read once per config.
import { resolveSecretKey } from '../../lib/data-dir.js'
import { masterKey, type MasterKey } from '../../lib/crypto.js'
import type { Config } from '../../config.js'

const cache = new Map<string, MasterKey>()

export function masterKeyFor(config: Config): MasterKey {
  const cacheKey = config.secretKeyHex ?? `dir:${config.dataDir}`
  let key = cache.get(cacheKey)
  if (!key) {
    key = masterKey(resolveSecretKey(config))
    cache.set(cacheKey, key)
  }
  return key
}
