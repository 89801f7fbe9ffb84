// A source's secrets as one encrypted JSON value (sources.secrets_encrypted), under the key ring that
// `signalbox secrets rotate` re-encrypts (src/db/encrypted-columns.ts lists the column).
import type { Config } from '../../config.js'
import { decryptWithKeyRing, encryptWithKeyRing } from '../../lib/key-ring.js'

export function encryptSourceSecrets(config: Config, secrets: Record<string, string>): string | null {
  return Object.keys(secrets).length === 0 ? null : encryptWithKeyRing(config, JSON.stringify(secrets))
}

export function decryptSourceSecrets(config: Config, stored: string | null): Record<string, string> {
  return stored ? (JSON.parse(decryptWithKeyRing(config, stored)) as Record<string, string>) : {}
}
