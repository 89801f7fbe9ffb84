// Files Signalbox keeps in its data dir besides the database: the master key, the lock and the local CLI token.
import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { Config } from '../config.js'
import type { Log } from './logger.js'

export const dataDirFiles = {
  secretKey: 'secret.key',
  lock: 'signalbox.lock',
  localToken: 'local-token',
}

/** The master key for secrets at rest: SIGNALBOX_SECRET_KEY, else a generated key kept (0600) in the data dir. */
export function resolveSecretKey(config: Config, log?: Log): Buffer {
  if (config.secretKeyHex) return Buffer.from(config.secretKeyHex, 'hex')
  fs.mkdirSync(config.dataDir, { recursive: true })
  const file = path.join(config.dataDir, dataDirFiles.secretKey)
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex')
  const key = randomBytes(32)
  fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 })
  log?.warn(
    { file },
    'SIGNALBOX_SECRET_KEY is not set: generated a master key in the data dir. Back it up; encrypted secrets are unreadable without it.',
  )
  return key
}

export type LockInfo = { pid: number; url: string; startedAt: string }

export class DataDirLockedError extends Error {
  constructor(readonly lock: LockInfo) {
    super(`The data dir is in use by Signalbox process ${lock.pid} serving ${lock.url}`)
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Reads the lock if a live process holds it; a lock left by a dead process is stale and ignored. */
export function readLiveLock(dataDir: string): LockInfo | null {
  const file = path.join(dataDir, dataDirFiles.lock)
  if (!fs.existsSync(file)) return null
  try {
    const lock = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo
    if (processAlive(lock.pid)) return lock
  } catch {
    // An unreadable lock is treated as stale.
  }
  return null
}

/** Takes the single-process lock on an embedded data dir; returns its release function. */
export function acquireDataDirLock(dataDir: string, url: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true })
  const live = readLiveLock(dataDir)
  if (live) throw new DataDirLockedError(live)
  const file = path.join(dataDir, dataDirFiles.lock)
  const info: LockInfo = { pid: process.pid, url, startedAt: new Date().toISOString() }
  fs.writeFileSync(file, JSON.stringify(info))
  return () => {
    try {
      const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo
      if (current.pid === process.pid) fs.unlinkSync(file)
    } catch {
      // Already gone.
    }
  }
}

/** Updates the URL in our own lock once the server knows its port. */
export function updateLockUrl(dataDir: string, url: string) {
  const file = path.join(dataDir, dataDirFiles.lock)
  const info: LockInfo = { pid: process.pid, url, startedAt: new Date().toISOString() }
  fs.writeFileSync(file, JSON.stringify(info))
}

/** A fresh random token per server start, readable only by this user, for CLI -> local server calls. */
export function writeLocalToken(dataDir: string): string {
  const token = randomBytes(32).toString('base64url')
  fs.writeFileSync(path.join(dataDir, dataDirFiles.localToken), token, { mode: 0o600 })
  return token
}

export function readLocalToken(dataDir: string): string | null {
  const file = path.join(dataDir, dataDirFiles.localToken)
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : null
}
