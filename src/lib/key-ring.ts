// The master keys a process can use: the current one encrypts, all of them decrypt (by the key id in the value).
// Files in the data dir: secret.key (current), secret.key.next (a rotation in progress, or done while
// SIGNALBOX_SECRET_KEY still names the old key), secret.key.retired.<id> (kept so nothing written mid-rotation is lost).
import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../config.js'
import { decryptSecret, encryptSecret, masterKey, type MasterKey } from './crypto.js'
import { dataDirFiles, resolveSecretKey } from './data-dir.js'
import type { Log } from './logger.js'

export const pendingKeyFile = `${dataDirFiles.secretKey}.next`
export const retiredKeyPrefix = `${dataDirFiles.secretKey}.retired.`

export type KeyRing = { current: MasterKey; all: MasterKey[] }

function readKeyFile(file: string): MasterKey | null {
  if (!fs.existsSync(file)) return null
  return masterKey(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex'))
}

export function retiredKeyFiles(dataDir: string): string[] {
  if (!fs.existsSync(dataDir)) return []
  return fs
    .readdirSync(dataDir)
    .filter((name) => name.startsWith(retiredKeyPrefix))
    .map((name) => path.join(dataDir, name))
}

/** Read on every use (a few small files) so that a rotation done by another process is seen at once. */
export function loadKeyRing(config: Config, log?: Log): KeyRing {
  const primary = masterKey(resolveSecretKey(config, log))
  const pending = readKeyFile(path.join(config.dataDir, pendingKeyFile))
  const retired = retiredKeyFiles(config.dataDir)
    .map(readKeyFile)
    .filter((k): k is MasterKey => k !== null)
  const all: MasterKey[] = []
  for (const key of [pending, primary, ...retired]) if (key && !all.some((k) => k.id === key.id)) all.push(key)
  return { current: pending ?? primary, all }
}

export function encryptWithKeyRing(config: Config, plaintext: string): string {
  return encryptSecret(plaintext, loadKeyRing(config).current)
}

export function decryptWithKeyRing(config: Config, stored: string): string {
  return decryptSecret(stored, loadKeyRing(config).all)
}
