// Files Signalbox keeps in its data dir besides the database: the master key, the lock and the local CLI token.
import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { isMainThread } from 'node:worker_threads'
import type { Config } from '../config.js'
import type { Log } from './logger.js'

export const dataDirFiles = {
  secretKey: 'secret.key',
  lock: 'signalbox.lock',
  localToken: 'local-token',
}

/** The data dir holds the database, the master key and the CLI token: owner-only whatever the umask. From here on
 * this process creates files 0600 and folders 0700 (PGlite's own files included, which it makes with the umask's
 * default 0666 otherwise); issue 18 item 8 found 969 world-writable pgdata files under umask 022. */
export function makePrivateDir(dir: string) {
  if (isMainThread) process.umask(process.umask() | 0o077)
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
}

/** Makes an existing data dir owner-only (folders 0700, files 0600); returns how many entries were too open. */
export function securePrivateDir(dir: string, log?: Log): number {
  makePrivateDir(dir)
  let widened = 0
  const stack = [dir]
  while (stack.length > 0) {
    const current = stack.pop()!
    const stat = fs.lstatSync(current)
    if (stat.isSymbolicLink()) continue
    if ((stat.mode & 0o077) !== 0) {
      fs.chmodSync(current, stat.isDirectory() ? 0o700 : 0o600)
      widened++
    }
    if (stat.isDirectory()) for (const name of fs.readdirSync(current)) stack.push(path.join(current, name))
  }
  if (widened > 0)
    log?.warn({ dataDir: dir, entries: widened }, 'the data dir was readable by other users: made it owner-only (0700 folders, 0600 files)')
  return widened
}

/** The master key for secrets at rest: SIGNALBOX_SECRET_KEY, else a generated key kept (0600) in the data dir. */
export function resolveSecretKey(config: Config, log?: Log): Buffer {
  if (config.secretKeyHex) return Buffer.from(config.secretKeyHex, 'hex')
  makePrivateDir(config.dataDir)
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

/** A lock's url is the server's address once it listens; a CLI command writes 'cli', a server 'starting' before. */
export function lockServesHttp(lock: LockInfo): boolean {
  return /^https?:\/\//.test(lock.url)
}

/** Who holds the data dir and what to do about it, in one sentence for a person. */
export function describeLockHolder(lock: LockInfo, dataDir: string): string {
  if (lock.url === 'cli') {
    return `Another signalbox command (pid ${lock.pid}, since ${lock.startedAt}) is using ${dataDir}: the embedded database admits one process at a time. Wait for it to finish, or run \`signalbox start\` first so that commands go through the server.`
  }
  if (!lockServesHttp(lock)) return `A Signalbox server (pid ${lock.pid}) is starting on ${dataDir}: try again in a few seconds.`
  return `The data dir ${dataDir} is in use by the Signalbox server (pid ${lock.pid}) at ${lock.url}.`
}

export class DataDirLockedError extends Error {
  constructor(
    readonly lock: LockInfo,
    dataDir = '',
  ) {
    super(describeLockHolder(lock, dataDir || 'the data dir'))
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
  makePrivateDir(dataDir)
  const live = readLiveLock(dataDir)
  if (live) throw new DataDirLockedError(live, dataDir)
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
